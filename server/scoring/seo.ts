// The long-form checks of the usual SEO plugin (Yoast's readability and SEO
// analyses, English thresholds).
//
// Which checks apply:
// - BLOG_POST: all of them; the two keyphrase checks only when a keyphrase is given.
// - EMAIL: only the readability ones (sentence length, paragraph length, passive voice)
//   on the body; an email is not indexed, so keyphrase and meta checks do not apply,
//   and emails rarely have subheadings.
// - SOCIAL_MEDIA, AD_COPY: none; they are too short for these checks to mean anything.
import { type ContentType, parseBlogPost, parseEmail } from './formats.js';
import { isPassive } from './passive.js';
import { findPhrase, markdownBlocks, paragraphs, type Section, sections, sentences, words } from './text.js';

export type SeoCheckName =
  | 'sentenceLength'
  | 'paragraphLength'
  | 'subheadingDistribution'
  | 'passiveVoice'
  | 'keyphraseDensity'
  | 'keyphraseInIntroduction'
  | 'metaDescriptionLength';

export interface SeoCheck {
  check: SeoCheckName;
  /** Percent for shares and density, words for lengths, characters for the meta description, 1/0 for yes/no. */
  value: number;
  target: string;
  passed: boolean;
  message: string;
}

export const SEO_LIMITS = {
  longSentenceWords: 20,
  maxLongSentencePercent: 25,
  maxParagraphWords: 150,
  maxSectionWords: 300,
  maxPassivePercent: 10,
  minKeyphraseDensity: 0.5,
  maxKeyphraseDensity: 3,
  minMetaDescription: 121,
  maxMetaDescription: 156,
} as const;

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

export function sentenceLengthCheck(paragraphList: string[]): SeoCheck {
  const all = paragraphList.flatMap(sentences);
  const long = all.filter((sentence) => words(sentence).length > SEO_LIMITS.longSentenceWords).length;
  const value = percent(long, all.length);
  const passed = value <= SEO_LIMITS.maxLongSentencePercent;
  return {
    check: 'sentenceLength',
    value,
    target: `≤ ${SEO_LIMITS.maxLongSentencePercent} % of sentences over ${SEO_LIMITS.longSentenceWords} words`,
    passed,
    message: `${value} % of sentences (${long} of ${all.length}) are over ${SEO_LIMITS.longSentenceWords} words (target ≤ ${SEO_LIMITS.maxLongSentencePercent} %)${passed ? '' : ' — shorten or split them'}`,
  };
}

export function paragraphLengthCheck(paragraphList: string[]): SeoCheck {
  const lengths = paragraphList.map((paragraph) => words(paragraph).length);
  const value = Math.max(0, ...lengths);
  const tooLong = lengths.filter((length) => length > SEO_LIMITS.maxParagraphWords).length;
  return {
    check: 'paragraphLength',
    value,
    target: `≤ ${SEO_LIMITS.maxParagraphWords} words per paragraph`,
    passed: tooLong === 0,
    message:
      tooLong === 0
        ? `longest paragraph has ${value} words (target ≤ ${SEO_LIMITS.maxParagraphWords})`
        : `${tooLong} paragraph${tooLong === 1 ? ' is' : 's are'} over ${SEO_LIMITS.maxParagraphWords} words (longest ${value}) — split ${tooLong === 1 ? 'it' : 'them'}`,
  };
}

export function subheadingDistributionCheck(sectionList: Section[]): SeoCheck {
  const lengths = sectionList.map((section) => section.paragraphs.flatMap(words).length);
  const value = Math.max(0, ...lengths);
  const tooLong = lengths.filter((length) => length > SEO_LIMITS.maxSectionWords).length;
  return {
    check: 'subheadingDistribution',
    value,
    target: `≤ ${SEO_LIMITS.maxSectionWords} words between subheadings`,
    passed: tooLong === 0,
    message:
      tooLong === 0
        ? `longest stretch without a subheading has ${value} words (target ≤ ${SEO_LIMITS.maxSectionWords})`
        : `${tooLong} section${tooLong === 1 ? ' runs' : 's run'} over ${SEO_LIMITS.maxSectionWords} words without a subheading (longest ${value}) — add more subheadings`,
  };
}

export function passiveVoiceCheck(paragraphList: string[]): SeoCheck {
  const all = paragraphList.flatMap(sentences);
  const passive = all.filter(isPassive).length;
  const value = percent(passive, all.length);
  const passed = value <= SEO_LIMITS.maxPassivePercent;
  return {
    check: 'passiveVoice',
    value,
    target: `≤ ${SEO_LIMITS.maxPassivePercent} % of sentences in passive voice`,
    passed,
    message: `${value} % of sentences (${passive} of ${all.length}) use the passive voice (target ≤ ${SEO_LIMITS.maxPassivePercent} %)${passed ? '' : ' — prefer active verbs'}`,
  };
}

/** Density = occurrences × words in the keyphrase / words in the text, in percent. */
export function keyphraseDensityCheck(text: string, keyphrase: string): SeoCheck {
  const occurrences = findPhrase(text, keyphrase).length;
  const value = percent(occurrences * words(keyphrase).length, words(text).length);
  const { minKeyphraseDensity: min, maxKeyphraseDensity: max } = SEO_LIMITS;
  const passed = value >= min && value <= max;
  const advice = value < min ? ' — use it more often' : value > max ? ' — use it less often' : '';
  return {
    check: 'keyphraseDensity',
    value,
    target: `${min}–${max} %`,
    passed,
    message: `keyphrase "${keyphrase}" appears ${occurrences} time${occurrences === 1 ? '' : 's'}, density ${value} % (target ${min}–${max} %)${advice}`,
  };
}

/** Passes when the first paragraph holds the keyphrase, or all its words within one sentence. */
export function keyphraseInIntroductionCheck(introduction: string, keyphrase: string): SeoCheck {
  const keyWords = words(keyphrase);
  const passed =
    findPhrase(introduction, keyphrase).length > 0 ||
    sentences(introduction).some((sentence) => keyWords.length > 0 && keyWords.every((word) => findPhrase(sentence, word).length > 0));
  return {
    check: 'keyphraseInIntroduction',
    value: passed ? 1 : 0,
    target: 'keyphrase in the first paragraph',
    passed,
    message: passed
      ? `keyphrase "${keyphrase}" appears in the introduction`
      : `keyphrase "${keyphrase}" is missing from the introduction (first paragraph)`,
  };
}

export function metaDescriptionCheck(metaDescription: string | null): SeoCheck {
  const { minMetaDescription: min, maxMetaDescription: max } = SEO_LIMITS;
  const value = metaDescription === null ? 0 : [...metaDescription].length;
  const passed = value >= min && value <= max;
  const advice = metaDescription === null ? 'no "Meta description:" line' : value < min ? 'too short' : value > max ? 'too long' : '';
  return {
    check: 'metaDescriptionLength',
    value,
    target: `${min}–${max} characters`,
    passed,
    message: `meta description has ${value} characters (target ${min}–${max})${advice ? `: ${advice}` : ''}`,
  };
}

export interface SeoOptions {
  contentType: ContentType;
  keyphrase?: string | undefined;
}

export function seoChecks(content: string, options: SeoOptions): SeoCheck[] {
  if (options.contentType === 'EMAIL') {
    const paragraphList = paragraphs(parseEmail(content).body);
    return [sentenceLengthCheck(paragraphList), paragraphLengthCheck(paragraphList), passiveVoiceCheck(paragraphList)];
  }
  if (options.contentType !== 'BLOG_POST') return [];
  const post = parseBlogPost(content);
  const paragraphList = paragraphs(post.body);
  const checks = [
    sentenceLengthCheck(paragraphList),
    paragraphLengthCheck(paragraphList),
    subheadingDistributionCheck(sections(post.body)),
    passiveVoiceCheck(paragraphList),
  ];
  const keyphrase = options.keyphrase?.trim();
  if (keyphrase && words(keyphrase).length > 0) {
    const bodyText = markdownBlocks(post.body)
      .map((block) => block.text)
      .join('\n\n');
    checks.push(keyphraseDensityCheck(bodyText, keyphrase), keyphraseInIntroductionCheck(paragraphList[0] ?? '', keyphrase));
  }
  checks.push(metaDescriptionCheck(post.metaDescription));
  return checks;
}
