import { describe, expect, it } from 'vitest';
import {
  combineScores,
  cosineSimilarity,
  fleschBand,
  isPassive,
  jaccardSimilarity,
  keywordCoverage,
  lengthLimits,
  type Measurements,
  maxSimilarity,
  measureContent,
  parseAdCopy,
  parseEmail,
  parseSocialMedia,
  prohibitedTopicHits,
  readability,
  sentences,
  seoChecks,
  stripMarkdown,
  words,
} from '../server/scoring/index.js';
import {
  keyphraseDensityCheck,
  keyphraseInIntroductionCheck,
  metaDescriptionCheck,
  paragraphLengthCheck,
  passiveVoiceCheck,
  sentenceLengthCheck,
  subheadingDistributionCheck,
} from '../server/scoring/seo.js';
import { sampleContent } from './support/sample-content.js';

// ---------------------------------------------------------------- fixtures

/** "We go go go …." — a sentence of exactly n words, all one syllable. */
const sentenceOf = (n: number): string => `${['We', ...Array<string>(n - 1).fill('go')].join(' ')}.`;
/** n words of filler, no sentence punctuation. */
const wordsOf = (n: number, word = 'word'): string => Array<string>(n).fill(word).join(' ');

// Five 10-word active-voice sentences.
const TEN_WORD_SENTENCES = [
  'City residents can cut waste by choosing reusable bags daily.',
  'Small habits add up to real savings over a year.',
  'Walking or cycling to work keeps the air much cleaner.',
  'Local markets offer fresh food with far less packaging too.',
  'Turning off unused lights lowers your energy bill every month.',
];
const paragraphOf = (sentenceCount: number, pool = TEN_WORD_SENTENCES): string =>
  Array.from({ length: sentenceCount }, (_, index) => pool[index % pool.length]).join(' ');

const META =
  'Learn practical sustainable living tips for city life: cut waste, save energy and shop smarter with habits that fit a busy urban week.';

function blogPost(options: { pool?: string[]; meta?: string | null; title?: boolean } = {}): string {
  const pool = options.pool ?? TEN_WORD_SENTENCES;
  const parts = [
    options.title === false ? '' : '# Sustainable Living in the City',
    `Sustainable living in a big city is easier than it sounds. ${paragraphOf(4, pool)}`,
  ];
  for (const tip of ['Shop local', 'Save energy', 'Move smarter']) {
    parts.push(`## ${tip}`, `Sustainable living starts with **one** small change. ${paragraphOf(9, pool)}`, paragraphOf(10, pool));
  }
  if (options.meta !== null) parts.push(`**Meta description:** ${options.meta ?? META}`);
  return parts.filter(Boolean).join('\n\n');
}

const AD_COPY = [
  '**Headline 1:** Eco Living Made Easy',
  'Headline 2: "Shop Green Today" (16 characters)',
  'Headline: Save 20% This Week',
  '',
  '**Description 1:** Discover reusable, planet-friendly products for every room of your home.',
  'Description 2: Free shipping on orders over $50. Shop the spring collection now.',
].join('\n');

const EMAIL = [
  'Subject: Your greener home starts today',
  'Preheader: Five easy swaps that save money and cut waste.',
  '',
  'Hi Sam,',
  '',
  'Small changes make a big difference. Our new refill kits cut plastic waste at home.',
  '',
  'CTA: Shop the refill kits',
].join('\n');

const SOCIAL = [
  '## Twitter',
  'Small swaps, big impact. Try our refill kits today! #ZeroWaste',
  '## linkedin',
  'Sustainability is a team effort. Here is how our customers cut waste by 30 %.',
  '## Instagram',
  'Refill, reuse, repeat. 🌱 #SustainableLiving',
  '## Facebook',
  'Meet the refill kit that fits every kitchen.',
].join('\n\n');

// ---------------------------------------------------------------- text

describe('text helpers', () => {
  it('strips Markdown syntax but keeps the words', () => {
    const plain = stripMarkdown('# Title\n\nSome **bold** and _italic_ text with a [link](https://example.com).\n\n- item `code`');
    expect(plain).toBe('Title\n\nSome bold and italic text with a link.\n\nitem code');
  });

  it('splits sentences on terminal punctuation and line breaks, not on abbreviations or decimals', () => {
    expect(sentences('Dr. Smith paid 3.5 dollars. Was it worth it? Yes, e.g. this counts as one.')).toEqual([
      'Dr. Smith paid 3.5 dollars.',
      'Was it worth it?',
      'Yes, e.g. this counts as one.',
    ]);
    expect(sentences('first item\nsecond item')).toHaveLength(2);
  });

  it('counts words with contractions, hyphens and decimals as one word', () => {
    expect(words("Don't over-think 3.5 eco-friendly ideas")).toEqual(["Don't", 'over-think', '3.5', 'eco-friendly', 'ideas']);
  });
});

// ---------------------------------------------------------------- readability

describe('readability', () => {
  it('rates "The cat sat on the mat." very easy: 206.835 − 1.015·6 − 84.6·1 = 116.1', () => {
    const result = readability('The cat sat on the mat.');
    expect(result).toMatchObject({ words: 6, sentences: 1, syllables: 6, fleschReadingEase: 116.1, band: 'very easy' });
    expect(result.score).toBe(100);
  });

  it('applies the formula per sentence: two 3-word sentences give 206.835 − 1.015·3 − 84.6 = 119.2', () => {
    expect(readability('The dog ran. The cat sat.').fleschReadingEase).toBe(119.2);
  });

  it('rates a dense academic sentence very difficult', () => {
    const result = readability(
      'The epistemological ramifications of institutionalized bureaucratic hierarchies necessitate comprehensive reconceptualization of organizational accountability.',
    );
    expect(result.fleschReadingEase).toBeLessThan(30);
    expect(result.band).toBe('very difficult');
    expect(result.score).toBe(0);
  });

  it('does not count headings as sentences', () => {
    const result = readability('# A Heading Without Punctuation\n\nThe cat sat on the mat.');
    expect(result.words).toBe(6);
    expect(result.sentences).toBe(1);
  });

  it('scores empty text 0', () => {
    expect(readability('')).toMatchObject({ words: 0, fleschReadingEase: 0, score: 0 });
  });

  it('maps reading ease to the usual Flesch bands', () => {
    expect([95, 90, 89.9, 75, 65, 55, 45, 29.9, -10].map(fleschBand)).toEqual([
      'very easy',
      'very easy',
      'easy',
      'fairly easy',
      'plain English',
      'fairly difficult',
      'difficult',
      'very difficult',
      'very difficult',
    ]);
  });
});

// ---------------------------------------------------------------- SEO

describe('SEO checks', () => {
  it('sentence length: 1 of 4 sentences over 20 words is 25 % and passes; 2 of 4 fail', () => {
    const oneLong = [sentenceOf(21), sentenceOf(20), sentenceOf(5), sentenceOf(5)].join(' ');
    expect(sentenceLengthCheck([oneLong])).toMatchObject({ check: 'sentenceLength', value: 25, passed: true });
    const twoLong = [sentenceOf(21), sentenceOf(30), sentenceOf(5), sentenceOf(5)].join(' ');
    const failed = sentenceLengthCheck([twoLong]);
    expect(failed).toMatchObject({ value: 50, passed: false });
    expect(failed.message).toContain('50 % of sentences (2 of 4) are over 20 words');
  });

  it('paragraph length: 150 words pass, 151 fail', () => {
    expect(paragraphLengthCheck([wordsOf(150), wordsOf(10)])).toMatchObject({ value: 150, passed: true });
    expect(paragraphLengthCheck([wordsOf(151), wordsOf(10)])).toMatchObject({ value: 151, passed: false });
  });

  it('subheading distribution: 300 words between subheadings pass, 301 fail', () => {
    expect(subheadingDistributionCheck([{ heading: 'A', paragraphs: [wordsOf(150), wordsOf(150)] }])).toMatchObject({
      value: 300,
      passed: true,
    });
    expect(
      subheadingDistributionCheck([
        { heading: null, paragraphs: [wordsOf(20)] },
        { heading: 'A', paragraphs: [wordsOf(150), wordsOf(151)] },
      ]),
    ).toMatchObject({ value: 301, passed: false });
  });

  it('recognises passive and active sentences', () => {
    expect(isPassive('The cake was eaten by the dog.')).toBe(true);
    expect(isPassive('Our soaps are carefully made by hand.')).toBe(true);
    expect(isPassive('Mistakes were made.')).toBe(true);
    expect(isPassive('The dog ate the cake.')).toBe(false);
    expect(isPassive('We are excited to share this.')).toBe(false);
    expect(isPassive('You need more seed.')).toBe(false);
  });

  it('passive voice: 1 of 10 sentences (10 %) passes, 2 of 10 fail', () => {
    const active = Array<string>(8).fill('The team ships new kits.');
    expect(passiveVoiceCheck([[...active, 'The kits are shipped daily.', 'We love it.'].join(' ')])).toMatchObject({
      value: 10,
      passed: true,
    });
    expect(passiveVoiceCheck([[...active, 'The kits are shipped daily.', 'Orders were packed.'].join(' ')])).toMatchObject({
      value: 20,
      passed: false,
    });
  });

  it('keyphrase density = occurrences × keyphrase words / total words, 0.5–3 %', () => {
    const twice = `green energy ${wordsOf(98)} green energy ${wordsOf(98)}`; // 200 words, 2 × 2 words
    expect(keyphraseDensityCheck(twice, 'green energy')).toMatchObject({ value: 2, passed: true });
    expect(keyphraseDensityCheck(wordsOf(200), 'green energy')).toMatchObject({ value: 0, passed: false });
    const tenTimes = Array<string>(10)
      .fill(`green energy ${wordsOf(18)}`)
      .join(' '); // 200 words, 10 × 2 words
    const dense = keyphraseDensityCheck(tenTimes, 'green energy');
    expect(dense).toMatchObject({ value: 10, passed: false });
    expect(dense.message).toContain('use it less often');
  });

  it('keyphrase in introduction: the phrase, or all its words in one sentence, in the first paragraph', () => {
    expect(keyphraseInIntroductionCheck('Green energy is cheap now.', 'green energy').passed).toBe(true);
    expect(keyphraseInIntroductionCheck('Energy from green sources is cheap.', 'green energy').passed).toBe(true);
    expect(keyphraseInIntroductionCheck('Green homes are cheap. Energy is not.', 'green energy').passed).toBe(false);
  });

  it('meta description: 121–156 characters', () => {
    expect(metaDescriptionCheck('m'.repeat(121)).passed).toBe(true);
    expect(metaDescriptionCheck('m'.repeat(156)).passed).toBe(true);
    expect(metaDescriptionCheck('m'.repeat(120))).toMatchObject({ value: 120, passed: false });
    expect(metaDescriptionCheck('m'.repeat(157))).toMatchObject({ value: 157, passed: false });
    expect(metaDescriptionCheck(null).passed).toBe(false);
  });

  it('a well-formed blog post passes all seven checks', () => {
    const checks = seoChecks(blogPost(), { contentType: 'BLOG_POST', keyphrase: 'sustainable living' });
    expect(checks.map((check) => check.check)).toEqual([
      'sentenceLength',
      'paragraphLength',
      'subheadingDistribution',
      'passiveVoice',
      'keyphraseDensity',
      'keyphraseInIntroduction',
      'metaDescriptionLength',
    ]);
    expect(checks.filter((check) => !check.passed)).toEqual([]);
    expect(checks.find((check) => check.check === 'metaDescriptionLength')?.value).toBe(META.length);
  });

  it('reads the meta description only from its line, and fails without one', () => {
    const checks = seoChecks(blogPost({ meta: null }), { contentType: 'BLOG_POST' });
    expect(checks.find((check) => check.check === 'metaDescriptionLength')).toMatchObject({ value: 0, passed: false });
    expect(checks.some((check) => check.check === 'keyphraseDensity')).toBe(false); // no keyphrase given
  });

  it('applies only the readability checks to email bodies and none to short forms', () => {
    expect(seoChecks(EMAIL, { contentType: 'EMAIL', keyphrase: 'refill' }).map((check) => check.check)).toEqual([
      'sentenceLength',
      'paragraphLength',
      'passiveVoice',
    ]);
    expect(seoChecks(SOCIAL, { contentType: 'SOCIAL_MEDIA' })).toEqual([]);
    expect(seoChecks(AD_COPY, { contentType: 'AD_COPY' })).toEqual([]);
  });
});

// ---------------------------------------------------------------- keywords

describe('keywords and prohibited topics', () => {
  it('finds brand keywords case-insensitively, on word boundaries, with simple plurals', () => {
    const coverage = keywordCoverage('Our COMMUNITIES love eco friendly solar panels. Sustainability matters.', [
      'community',
      'eco-friendly',
      'Solar panel',
      'sustainable',
      'zero waste',
    ]);
    expect(coverage.found).toEqual(['community', 'eco-friendly', 'Solar panel']);
    expect(coverage.missing).toEqual(['sustainable', 'zero waste']);
    expect(coverage.share).toBe(0.6);
  });

  it('does not match inside other words', () => {
    expect(keywordCoverage('A smart party.', ['art']).share).toBe(0);
  });

  it('counts a brand without keywords as fully covered', () => {
    expect(keywordCoverage('anything', [])).toEqual({ keywords: [], found: [], missing: [], share: 1 });
  });

  it('reports each prohibited topic found, with its count and an excerpt', () => {
    const text = 'Our picnic kit is perfect for the park. Unlike gambling, it always pays off. No gambling needed.';
    const hits = prohibitedTopicHits(text, ['politics', 'Gambling', 'weapon']);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ topic: 'Gambling', count: 2 });
    expect(hits[0]?.excerpt).toContain('Unlike gambling, it always pays off');
    expect(prohibitedTopicHits('No weapons here.', ['weapon'])[0]?.topic).toBe('weapon');
    const long = `${'alpha '.repeat(20)}gambling${' omega'.repeat(20)}`;
    expect(prohibitedTopicHits(long, ['gambling'])[0]?.excerpt).toMatch(/^…(alpha )+gambling( omega)+…$/);
  });
});

// ---------------------------------------------------------------- length limits

const failed = (checks: { passed: boolean; check: string }[]): string[] =>
  checks.filter((check) => !check.passed).map((check) => check.check);

describe('length limits', () => {
  it('parses ad copy labels with or without numbers, bold, quotes and character notes', () => {
    expect(parseAdCopy(AD_COPY)).toEqual({
      headlines: ['Eco Living Made Easy', 'Shop Green Today', 'Save 20% This Week'],
      descriptions: [
        'Discover reusable, planet-friendly products for every room of your home.',
        'Free shipping on orders over $50. Shop the spring collection now.',
      ],
    });
    expect(failed(lengthLimits(AD_COPY, 'AD_COPY'))).toEqual([]);
  });

  it('ad copy: headlines ≤ 30 characters, descriptions ≤ 90, at least 3 headlines and 2 descriptions', () => {
    const ad = (headlines: string[], descriptions: string[]): string =>
      [
        ...headlines.map((text, index) => `Headline ${index + 1}: ${text}`),
        ...descriptions.map((text, index) => `Description ${index + 1}: ${text}`),
      ].join('\n');
    const ok = ['h'.repeat(30), 'Two', 'Three'];
    expect(failed(lengthLimits(ad(ok, ['d'.repeat(90), 'Two']), 'AD_COPY'))).toEqual([]);
    const long = lengthLimits(ad(['h'.repeat(31), 'Two', 'Three'], ['d'.repeat(91), 'Two']), 'AD_COPY');
    expect(failed(long)).toEqual(['headline 1', 'description 1']);
    expect(long.find((check) => check.check === 'headline 1')?.message).toContain('31 characters (limit 30), 1 over');
    expect(failed(lengthLimits(ad(['One', 'Two'], ['One']), 'AD_COPY'))).toEqual(['headline count', 'description count']);
  });

  it('parses social sections by platform, case-insensitive, Twitter as X', () => {
    expect(parseSocialMedia(SOCIAL).map((post) => post.platform)).toEqual(['X', 'LinkedIn', 'Instagram', 'Facebook']);
    expect(failed(lengthLimits(SOCIAL, 'SOCIAL_MEDIA'))).toEqual([]);
  });

  it('social: X ≤ 280, LinkedIn ≤ 3000, Instagram ≤ 2200, Facebook ≤ 63206 (recommended ≤ 500)', () => {
    const social = (x: number, linkedIn: number, instagram: number, facebook: number): string =>
      `## X\n\n${'x'.repeat(x)}\n\n## LinkedIn\n\n${'l'.repeat(linkedIn)}\n\n## Instagram\n\n${'i'.repeat(instagram)}\n\n## Facebook\n\n${'f'.repeat(facebook)}`;
    expect(failed(lengthLimits(social(280, 3000, 2200, 500), 'SOCIAL_MEDIA'))).toEqual([]);
    expect(failed(lengthLimits(social(281, 3001, 2201, 501), 'SOCIAL_MEDIA'))).toEqual([
      'X post',
      'LinkedIn post',
      'Instagram post',
      'Facebook post (recommended)',
    ]);
    const tooLong = lengthLimits(social(1, 1, 1, 63207), 'SOCIAL_MEDIA');
    expect(failed(tooLong)).toEqual(['Facebook post', 'Facebook post (recommended)']);
    expect(tooLong.find((check) => check.check === 'Facebook post (recommended)')?.level).toBe('recommendation');
  });

  it('social: fails without any platform section', () => {
    expect(failed(lengthLimits('Just a post with no headings.', 'SOCIAL_MEDIA'))).toEqual(['platform posts']);
  });

  it('parses an email into subject, preheader, CTA and body', () => {
    const email = parseEmail(EMAIL);
    expect(email).toMatchObject({
      subject: 'Your greener home starts today',
      preheader: 'Five easy swaps that save money and cut waste.',
      cta: 'Shop the refill kits',
    });
    expect(email.body).not.toContain('Subject');
    expect(failed(lengthLimits(EMAIL, 'EMAIL'))).toEqual([]);
  });

  it('email: subject ≤ 60, preheader ≤ 100, a CTA present', () => {
    const email = (subject: string, preheader: string, cta: string): string =>
      `Subject: ${subject}\nPreheader: ${preheader}\n\nBody text.\n\n${cta}`;
    expect(failed(lengthLimits(email('s'.repeat(60), 'p'.repeat(100), 'CTA: Buy'), 'EMAIL'))).toEqual([]);
    expect(failed(lengthLimits(email('s'.repeat(61), 'p'.repeat(101), 'Thanks!'), 'EMAIL'))).toEqual([
      'email subject',
      'email preheader',
      'email CTA',
    ]);
    expect(failed(lengthLimits('Body only.', 'EMAIL'))).toEqual(['email subject', 'email preheader', 'email CTA']);
  });

  it('blog post: 600–1200 words (meta description excluded) and a title', () => {
    const blog = (count: number): string => `# Title\n\n${wordsOf(count - 1)}\n\nMeta description: ${wordsOf(50)}`;
    expect(lengthLimits(blog(600), 'BLOG_POST')[0]).toMatchObject({ value: 600, passed: true });
    expect(lengthLimits(blog(1200), 'BLOG_POST')[0]).toMatchObject({ value: 1200, passed: true });
    expect(failed(lengthLimits(blog(599), 'BLOG_POST'))).toEqual(['blog post length']);
    expect(failed(lengthLimits(blog(1201), 'BLOG_POST'))).toEqual(['blog post length']);
    expect(failed(lengthLimits(wordsOf(700), 'BLOG_POST'))).toEqual(['blog post title']);
    expect(failed(lengthLimits(blogPost(), 'BLOG_POST'))).toEqual([]);
  });
});

// ---------------------------------------------------------------- similarity

describe('similarity', () => {
  it('is 1 for identical texts (Markdown ignored) and 0 for unrelated ones', () => {
    expect(jaccardSimilarity(blogPost(), blogPost())).toBe(1);
    expect(jaccardSimilarity('**The quick** brown fox jumps', 'The quick brown fox jumps')).toBe(1);
    expect(jaccardSimilarity('The quick brown fox jumps', 'Solar panels lower energy bills')).toBe(0);
    expect(jaccardSimilarity('', '')).toBe(0);
  });

  it('is |A ∩ B| / |A ∪ B| of 3-word shingles', () => {
    // {the quick brown, quick brown fox} vs {the quick brown, quick brown dog}: 1 / 3
    expect(jaccardSimilarity('The quick brown fox', 'the quick brown dog')).toBeCloseTo(1 / 3, 10);
  });

  it('maxSimilarity takes the closest earlier text, 0 with none', () => {
    expect(maxSimilarity('The quick brown fox', ['Solar panels lower bills', 'the quick brown dog'])).toBeCloseTo(1 / 3, 10);
    expect(maxSimilarity('The quick brown fox', [])).toBe(0);
  });

  it('cosineSimilarity of embeddings', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 0], [-1, 0])).toBe(-1);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- measure + combine

const context = {
  contentType: 'BLOG_POST' as const,
  keyphrase: 'sustainable living',
  brandKeywords: ['reusable', 'local', 'zero waste', 'refill'],
  prohibitedTopics: ['plastic'],
};

describe('measureContent', () => {
  it('bundles readability, SEO, length limits, keywords and prohibited hits', () => {
    const measured = measureContent(blogPost(), context);
    expect(measured.contentType).toBe('BLOG_POST');
    expect(measured.seo).toHaveLength(7);
    expect(measured.lengthLimits.map((check) => check.check)).toEqual(['blog post length', 'blog post title']);
    expect(measured.keywords.found).toEqual(['reusable', 'local']);
    expect(measured.keywords.share).toBe(0.5);
    expect(measured.prohibited).toEqual([]);
    expect(measured.readability.sentences).toBeGreaterThan(50);
    expect(measured.wordCount).toBeGreaterThan(600);
  });

  it('measures readability on the prose of each content type', () => {
    const ad = measureContent(AD_COPY, { ...context, contentType: 'AD_COPY' });
    // 3 headlines + 2 descriptions; the second description has two sentences.
    expect(ad.readability.sentences).toBe(6);
    const email = measureContent(EMAIL, { ...context, contentType: 'EMAIL' });
    expect(email.readability.sentences).toBe(3); // "Hi Sam," + two body sentences
    expect(email.keywords.found).toEqual(['refill']);
    expect(email.prohibited.map((hit) => hit.topic)).toEqual(['plastic']);
  });
});

describe("the Ollama stand-in's sample content", () => {
  it('meets every length limit of its content type', () => {
    for (const contentType of ['BLOG_POST', 'SOCIAL_MEDIA', 'EMAIL', 'AD_COPY'] as const) {
      const checks = lengthLimits(sampleContent[contentType], contentType);
      expect(checks.length, contentType).toBeGreaterThan(1);
      expect(failed(checks), contentType).toEqual([]);
    }
  });

  it('passes the blog SEO checks for its keyphrase', () => {
    const checks = seoChecks(sampleContent.BLOG_POST, { contentType: 'BLOG_POST', keyphrase: 'sustainable living' });
    expect(checks).toHaveLength(7);
    expect(failed(checks)).toEqual([]);
  });
});

describe('combineScores', () => {
  const clean = measureContent(blogPost(), context);
  const withHit = measureContent(`${blogPost()}\n\nWe never use single-use plastic.`, context);

  it('returns four 0-100 integers and one explanation per score', () => {
    const scores = combineScores({ measurements: clean, similarity: null });
    for (const value of [scores.brandAlignment, scores.compliance, scores.readability, scores.overallQuality]) {
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
    }
    expect(scores.feedback.map((entry) => entry.score)).toEqual(['brandAlignment', 'compliance', 'readability', 'overallQuality']);
  });

  it('without verdicts uses measurements alone', () => {
    const scores = combineScores({ measurements: clean, similarity: null });
    expect(scores.brandAlignment).toBe(50); // keyword coverage 2 of 4
    expect(scores.compliance).toBe(100);
    expect(scores.readability).toBe(Math.round(0.6 * clean.readability.score + 0.4 * 100));
    expect(scores.overallQuality).toBe(Math.round(0.35 * 50 + 0.3 * 100 + 0.2 * scores.readability + 0.15 * 100));
    const noKeywords = combineScores({ measurements: { ...clean, keywords: keywordCoverage('', []) }, similarity: null });
    expect(noKeywords.brandAlignment).toBe(100);
  });

  it('blends the Brand Manager score 60 / 40 with keyword coverage', () => {
    const scores = combineScores({
      measurements: clean,
      similarity: null,
      brandVerdict: { score: 80, revisionNeeded: false, feedback: [] },
    });
    expect(scores.brandAlignment).toBe(68); // 0.6 × 80 + 0.4 × 50
    expect(scores.feedback[0]?.message).toBe(
      'Brand alignment 68: the Brand Manager gave 80; 2 of 4 brand keywords are used (missing: zero waste, refill).',
    );
    expect(scores.feedback[0]?.detail).toContain(
      '60 % Brand Manager score 80 + 40 % keyword coverage 50 % (2 of 4 brand keywords; missing: zero waste, refill)',
    );
  });

  it('a prohibited topic lowers brandAlignment and compliance, and the feedback says so', () => {
    const before = combineScores({ measurements: clean, similarity: null });
    const after = combineScores({ measurements: withHit, similarity: null });
    expect(withHit.prohibited).toHaveLength(1);
    expect(after.brandAlignment).toBe(before.brandAlignment - 15);
    expect(after.compliance).toBe(before.compliance - 20);
    expect(after.overallQuality).toBeLessThan(before.overallQuality);
    const brand = after.feedback.find((entry) => entry.score === 'brandAlignment');
    const compliance = after.feedback.find((entry) => entry.score === 'compliance');
    expect(brand?.message).toContain('it mentions "plastic", which the brand rules out (−15 points)');
    expect(compliance?.message).toContain('it mentions "plastic", which the brand rules out (−20 points)');
    expect(brand?.detail).toContain('−15 for 1 prohibited topic ("plastic" ×1');
    expect(compliance?.detail).toContain('−20 for 1 prohibited topic ("plastic" ×1');
    expect(compliance?.detail).toContain('single-use plastic');
    expect(compliance?.concerns).toEqual(['it mentions "plastic", which the brand rules out (−20 points)']);
  });

  it('compliance: Compliance Officer score, minus high-severity issues, capped when failed', () => {
    const issue = { severity: 'high' as const, description: 'Unsubstantiated claim "100 % green"', suggestion: 'Cite a source' };
    const low = { ...issue, severity: 'low' as const };
    const passed = combineScores({
      measurements: clean,
      similarity: null,
      complianceVerdict: { passed: true, score: 90, issues: [issue, low] },
    });
    expect(passed.compliance).toBe(80);
    expect(passed.feedback[1]?.message).toBe(
      'Compliance 80: the Compliance Officer gave 90 and passed the text; it found 1 serious issue (Unsubstantiated claim "100 % green"); no prohibited topic is mentioned.',
    );
    expect(passed.feedback[1]?.detail).toContain('−10 for 1 high-severity issue (Unsubstantiated claim "100 % green")');
    const failedVerdict = combineScores({
      measurements: clean,
      similarity: null,
      complianceVerdict: { passed: false, score: 90, issues: [] },
    });
    expect(failedVerdict.compliance).toBe(59);
    expect(failedVerdict.feedback[1]?.message).toContain('the Compliance Officer gave 90 and failed the text, so it counts as 59 at most');
  });

  it("compliance: similarity over the method's threshold costs up to 50, scaled to the rest of its range", () => {
    const verdict = { passed: true, score: 90, issues: [] };
    const score = (value: number, method: 'embeddings' | 'shingles') =>
      combineScores({ measurements: clean, similarity: { value, method }, complianceVerdict: verdict });
    // Two texts on one topic: normal for embeddings, heavy reuse for shingles.
    expect(score(0.8, 'embeddings').compliance).toBe(90);
    expect(score(0.8, 'embeddings').feedback[1]?.detail).toContain('similarity in meaning to earlier campaigns 80 % (≤ 92 %)');
    expect(score(0.8, 'embeddings').feedback[1]?.message).toContain('it is not too similar to earlier campaigns');
    expect(score(0.2, 'shingles').compliance).toBe(90);
    const copied = score(0.625, 'shingles');
    expect(copied.compliance).toBe(65);
    expect(copied.feedback[1]?.detail).toContain('−25 for 63 % similarity in wording to an earlier campaign (over 25 %)');
    expect(copied.feedback[1]?.message).toContain('it is 63 % similar in wording to an earlier campaign (over 25 % reads as reused)');
    expect(score(0.96, 'embeddings').compliance).toBe(65);
    expect(score(1, 'shingles').compliance).toBe(40);
    expect(copied.brandAlignment).toBe(combineScores({ measurements: clean, similarity: null }).brandAlignment);
  });

  it('readability drops, with the failed check named, when sentences run long', () => {
    const longSentences = [
      'City residents who want to cut their household waste can start by choosing reusable bags and bottles every single day of the week.',
      'Small habits such as switching off lights and unplugging chargers add up to real savings on the energy bill over a full year.',
    ];
    const wordy = measureContent(blogPost({ pool: longSentences }), context);
    const before = combineScores({ measurements: clean, similarity: null });
    const after = combineScores({ measurements: wordy, similarity: null });
    expect(after.readability).toBeLessThan(before.readability);
    const explanation = after.feedback.find((entry) => entry.score === 'readability');
    expect(explanation?.detail).toMatch(/Flesch reading ease \d+(\.\d)? \(/);
    expect(explanation?.detail).toMatch(/[1-9] of 7 failed/);
    expect(explanation?.message).toMatch(
      /^Readability \d+: it reads as [A-Za-z ]+ \(Flesch reading ease \d+; 60 and over is plain English\); [1-9] of 7 SEO writing checks fail/,
    );
    expect(explanation?.message).toMatch(/\d+(\.\d)? % of sentences \(\d+ of \d+\) are over 20 words \(target ≤ 25 %\)/);
  });

  it('a failed length limit lowers overallQuality (and, for short formats, readability), never compliance', () => {
    const base: Measurements = measureContent(AD_COPY, { ...context, contentType: 'AD_COPY' });
    const tooLong: Measurements = measureContent(AD_COPY.replace('Eco Living Made Easy', 'Eco Living Made Easy For Everyone Everywhere'), {
      ...context,
      contentType: 'AD_COPY',
    });
    const before = combineScores({ measurements: base, similarity: null });
    const after = combineScores({ measurements: tooLong, similarity: null });
    expect(after.overallQuality).toBeLessThan(before.overallQuality);
    expect(after.compliance).toBe(before.compliance);
    expect(after.readability).toBeLessThan(before.readability);
    expect(after.feedback[3]?.detail).toContain('headline 1: 44 characters (limit 30), 14 over');
    expect(after.feedback[3]?.message).toContain('1 of 7 length limits is missed (Headline 1 is 44 characters; Google Ads allows 30)');
  });
});

describe('readability of short formats', () => {
  // Plain words, but most are long: Flesch rates each headline as "very difficult".
  const plainAd = [
    'Headline 1: Affordable Organic Groceries',
    'Headline 2: Delivered to Your Door',
    'Headline 3: Order by Noon Today',
    'Description 1: Fresh fruit and vegetables from local farms. Save money and cut waste.',
    'Description 2: Pick a box, choose a day, and we bring it to you.',
  ].join('\n');
  const score = (content: string, contentType: 'AD_COPY' | 'BLOG_POST' | 'SOCIAL_MEDIA') =>
    combineScores({ measurements: measureContent(content, { ...context, contentType }), similarity: null });
  const readabilityOf = (scores: ReturnType<typeof combineScores>) => scores.feedback.find((entry) => entry.score === 'readability');

  it('counts average sentence length and the share of long words', () => {
    expect(readability('The cat sat on the mat. A beautiful, memorable holiday.')).toMatchObject({
      words: 10,
      sentences: 2,
      averageSentenceWords: 5,
      longWords: 3, // beautiful, memorable, holiday
    });
  });

  it('judges ad copy by sentence length, long words and limits, not by Flesch', () => {
    const headline = readability('Affordable Organic Groceries');
    expect(headline.fleschReadingEase).toBeLessThan(0); // the formula's verdict on one plain headline
    const ad = score(plainAd, 'AD_COPY');
    expect(ad.readability).toBeGreaterThanOrEqual(80);
    const explanation = readabilityOf(ad);
    expect(explanation?.message).toMatch(
      /^Readability \d+: sentences average [\d.]+ words \(aim for 14 or fewer\); \d+ % of words have three syllables or more/,
    );
    expect(explanation?.message).toContain('all 7 length limits are met');
    expect(explanation?.message).not.toContain('Flesch');
    expect(explanation?.detail).toContain('is not used for ad copy');
  });

  it('scores the same plain sentence sensibly as an ad and as a blog sentence', () => {
    const sentence = 'Save money and cut waste with simple habits.';
    const ad = score(
      [
        'Headline 1: Simple Green Habits',
        'Headline 2: Save Money Every Day',
        'Headline 3: Cut Your Waste',
        `Description 1: ${sentence}`,
        `Description 2: ${sentence}`,
      ].join('\n'),
      'AD_COPY',
    );
    expect(ad.readability).toBe(100);
    expect(readability(sentence).fleschReadingEase).toBeGreaterThan(80); // and Flesch agrees on the sentence alone
  });

  it('marks jargon and run-on sentences down in ad copy', () => {
    const jargon = [
      'Headline 1: Holistic Sustainability Solutions',
      'Headline 2: Revolutionary Environmental Innovation',
      'Headline 3: Comprehensive Ecological Optimisation',
      'Description 1: Leveraging innovative, environmentally responsible methodologies for organisational sustainability transformation.',
      'Description 2: Facilitating measurable, verifiable decarbonisation across multinational operational infrastructures.',
    ].join('\n');
    const plain = score(plainAd, 'AD_COPY');
    const hard = score(jargon, 'AD_COPY');
    expect(hard.readability).toBeLessThan(plain.readability - 30);
    expect(readabilityOf(hard)?.concerns?.some((concern) => concern.includes('three syllables or more'))).toBe(true);
  });

  it('judges social posts the same way, and keeps Flesch with SEO checks for blog posts', () => {
    const social = readabilityOf(score(SOCIAL, 'SOCIAL_MEDIA'));
    expect(social?.message).toMatch(/^Readability \d+: sentences average/);
    const blog = readabilityOf(score(blogPost(), 'BLOG_POST'));
    expect(blog?.message).toMatch(/^Readability \d+: it reads as [A-Za-z ]+ \(Flesch reading ease \d+/);
    expect(blog?.message).toContain('SEO writing checks');
  });
});
