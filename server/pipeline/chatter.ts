// What chatter is: the words of an assistant talking to the person who asked for the content,
// not to the content's reader. Each function judges one paragraph (or one sentence) and knows
// nothing of where it stands; clean-reply.ts decides where each kind may be removed.
//
// The tell is who is addressed and what is talked about: the requester ("you could send",
// "customise it", "I hope this helps", "Which one fits the brand best?") and the deliverable as
// a thing made for them ("Here's a sample email", "This motto highlights…", "these captions"),
// never the reader ("Let us know in the comments", "Here are five habits to try"). When a
// paragraph could be either, it is content: a lost paragraph costs more than a leftover line.
import { plain, sentencesOf } from './reply-text.js';

// What an assistant calls what it was asked to write.
const NOUN =
  '(?:blog(?: posts?)?|articles?|e-?mails?(?: copy| templates?)?|newsletters?|messages?|letters?|templates?|ad copy|ads?|adverts?|headlines?|descriptions?|posts?|tweets?|captions?|hooks?|taglines?|slogans?|mottos|mottoes|motto|punch ?lines?|drafts?|versions?|revisions?|rewrites?|copy|content|campaigns?|subject lines?|options?|variations?|alternatives?|examples?|samples?|introductions?|intros?|paragraphs?|opening sentences?|sentences?|listings?|announcements?|texts?|responses?|ideas|suggestions)';
const NAMES_NOUN = new RegExp(String.raw`\b${NOUN}(?![\w-])`, 'i');

// ---------------------------------------------------------------- the first paragraphs

const OPENER =
  /^(?:sure(?: thing)?|certainly|of course|absolutely|okay|ok|alright|all right|great(?: (?:choice|question|idea|topic))?|perfect|got it|no problem|definitely|understood|gladly|with pleasure|here you go|here it is|excellent|wonderful)(?:\s*[!.,:;–—-]+|$)\s*/i;
const HELP =
  /^(?:(?:i'd|i would|i'm|i am|i'll|i will)\s+(?:be\s+)?(?:more than\s+)?(?:happy|glad|delighted|thrilled|excited|pleased)\s+to\s+(?:help|assist)|i\s+(?:think\s+i\s+)?can\s+(?:definitely\s+|certainly\s+)?help|let's\s+(?:get started|do (?:this|it)|dive in|begin)|let me\s+(?:help|give it a (?:try|shot))|i'm here to help|(?:i'd|i would) love to help)\b/i;
const THANKS =
  /^(?:thank you|thanks)(?: so much| very much)?(?: for (?:the|your|this|these|sharing|providing)\s+(?:\w+\s+)?(?:guidelines|details|information|instructions|prompt|context|brief|request|question|task|opportunity|clarification|examples?)\b[^.!?]*)?[.!]*$/i;
const EXCLAIM = /^what an? (?:[\w'-]+\s+){0,2}[\w'-]+!+$/i;
const HERE_IS = /^(?:here's|here is|here are|below is|below are|below you'll find|please find|what follows is|following is)\b/i;
const HAPPY_TO_WRITE =
  /^(?:i'd|i would|i'm|i am|i'll) (?:be )?(?:happy|glad|delighted) to (?:write|create|draft|craft|prepare|put together)\b/i;
const I_WROTE =
  /^(?:i've|i have|i)\s+(?:written|wrote|created|drafted|crafted|prepared|revised|rewritten|rewrote|updated|put together|come up with|came up with|generated|edited|tailored|optimi[sz]ed|polished)\b/i;
const AS_ASKED =
  /^(?:as requested|as you requested|per your request|following your (?:request|feedback|brief)|based on (?:your|the) (?:brief|request|feedback|brand|guidelines|requirements|input|details|information))\b/i;
const REVISED_LABEL =
  /^(?:revised|updated|improved|optimi[sz]ed|final|rewritten|edited|polished)\s+(?:\w+\s+){0,2}?(?:blog post|post|posts|email|ad copy|ad|ads|copy|version|draft|content|article)\s*:?$/i;
// "Here's a revised blog post", "Here are three headlines": the deliverable right after the opener, with
// only articles, numbers and adjectives between ("Here are 3 reasons our ad…" is content).
const NAMES_DELIVERABLE = new RegExp(
  String.raw`^(?:here's|here is|here are|below is|below are|below you'll find|please find|what follows is)\s+(?:(?:a|an|the|your|some|this|these|two|three|four|five|six|seven|eight|nine|ten|\d+|few|possible|potential|revised|updated|new|improved|final|short|quick|catchy|compelling|engaging|refined|polished|rewritten|optimi[sz]ed|suggested|sample|example|complete|full|first|marketing|promotional|social|media|responsive|search|google|seo-friendly|friendly|informative|persuasive|different|alternative|more|brief|personali[sz]ed|tailored|draft|general|basic|simple|creative|professional|formal|detailed|set of|list of|version of|draft of|of)\s+)*${NOUN}(?![\w-])`,
  'i',
);
// "Here is a … caption for the Instagram post:": any few words before the deliverable when a colon ends the line.
const INTRODUCES = new RegExp(String.raw`^(?:\S+\s+){1,10}?${NOUN}(?![\w-])`, 'i');
// Words that make an introduction one made for the requester, whatever it introduces.
const FOR_THE_REQUESTER =
  /\b(?:possible|potential|sample|example|draft|template|suggested|my (?:attempt|take|version|try|suggestion|rewrite)|you (?:could|can|might|may) (?:use|send|post|adapt)|as a starting point)\b/i;
// Marketing lines that sound like an introduction but talk to the reader.
const TO_THE_READER = /\byou(?:'ve| have) been waiting for\b|\byou(?:'ll| will) love\b|\byou need to know\b|\byou won't want to miss\b/i;

type PreambleSentence = 'opener' | 'help' | 'thanks' | 'exclaim' | 'intro';

function introduces(sentence: string): boolean {
  if (TO_THE_READER.test(sentence)) return false;
  const endsWithColon = sentence.endsWith(':');
  if (HERE_IS.test(sentence)) {
    return NAMES_DELIVERABLE.test(sentence) || (endsWithColon && (INTRODUCES.test(sentence) || FOR_THE_REQUESTER.test(sentence)));
  }
  if (HAPPY_TO_WRITE.test(sentence) || AS_ASKED.test(sentence)) return NAMES_NOUN.test(sentence) || endsWithColon;
  if (I_WROTE.test(sentence)) return NAMES_NOUN.test(sentence);
  if (REVISED_LABEL.test(sentence)) return true;
  // "Based on your brand voice, I've crafted the following email:"
  return endsWithColon && NAMES_NOUN.test(sentence) && /\b(?:i|i've|i'm|the following)\b/i.test(sentence);
}

function preambleSentence(sentence: string): PreambleSentence | null {
  const opener = OPENER.exec(sentence);
  const rest = opener ? sentence.slice(opener[0].length).trim() : sentence;
  if (opener && !rest) return 'opener';
  if (HELP.test(rest)) return 'help';
  if (THANKS.test(rest)) return 'thanks';
  if (introduces(rest)) return 'intro';
  if (!opener && EXCLAIM.test(rest)) return 'exclaim';
  return null;
}

// Content, never chatter: a heading, list item, quote, table row, fence or labelled line.
const STRUCTURAL =
  /^\s*(?:#{1,6}\s|[-*+•]\s|\d{1,2}[.)]\s|>|\||```|~~~|(?:\*\*|__)?(?:subject|preheader|headline|description|title|cta)\b)/i;

/**
 * A first paragraph of chatter addressed to the person who asked: "Sure! Here's a blog
 * post about…:", "Here is the revised email:", "I'd be happy to help!", "What a fun challenge!
 * Here's a thematic tweet…:". Every sentence is an opener, an offer of help, thanks for the
 * brief or an introduction of the deliverable. Never a heading, list item or labelled line,
 * and never "Here are five habits to try this week:".
 */
export function isPreamble(paragraph: string): boolean {
  if (paragraph.length > 1000 || STRUCTURAL.test(paragraph)) return false;
  const text = plain(paragraph);
  if (!text || text.length > 500) return false;
  const sentences = sentencesOf(text);
  if (sentences.length > 4) return false;
  const kinds = sentences.map(preambleSentence);
  if (kinds.some((kind) => kind === null)) return false;
  return kinds.some((kind) => kind === 'help' || kind === 'intro') || (kinds.length === 1 && kinds[0] === 'opener');
}

// ---------------------------------------------------------------- lines that introduce versions

const VERSION_NUMBERED = /^(?:option|version|variation|alternative|draft)\s*#?\s*\d{1,2}(?:\s*[:.)(–—-][^\n]{0,70})?$/i;
const ANOTHER_VERSION =
  /^(?:(?:and|or)\s+)?(?:here's|here is|below is)\s+(?:another|a second|a third|an alternative|a different|one more|a shorter|a longer|a more \w+|an? \w+er)\s+(?:version|option|take|variation|draft|one|alternative)\b[^\n]{0,80}$|^(?:here's|here is|below is)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:version|variation|option)\b[^\n]{0,80}:$/i;
// Only in bold: a heading such as "## Our Favourite Ideas" is a section of the content.
const VERSION_GROUP = /^(?:[\w'-]+\s+){1,3}(?:captions|hooks|taglines|slogans|mottos|mottoes|versions|variations|punch ?lines|tweets)$/i;
const BOLD_ONLY = /^\s*(?:\*\*|__)[^*_]+(?:\*\*|__)\s*$/;

/**
 * A line that names or introduces one of several versions, not part of any: "**Option 1: Simple
 * and Direct**", "Version 2:", "Here's another version:", "**Playful Captions**" over a list.
 */
export function isVersionLabel(paragraph: string): boolean {
  if (paragraph.trim().includes('\n')) return false;
  const raw = plain(paragraph.replace(/^\s*#{1,6}\s+/, '')).trim();
  const text = raw.replace(/:$/, '');
  return VERSION_NUMBERED.test(text) || ANOTHER_VERSION.test(raw) || (BOLD_ONLY.test(paragraph) && VERSION_GROUP.test(text));
}

// ---------------------------------------------------------------- the last paragraphs

// Talk about the writing itself rather than the product: lengths, tone, keywords, placeholders.
const ABOUT_WRITING =
  /\b(?:word count|words|characters?|char count|character limit|tone|brand voice|brand guidelines|guidelines|keyphrase|keywords?|seo|target audience|placeholders?|meta description|cta|call to action|call-to-action|hashtags?|headlines?|subject line|preheader|readability|as needed|to fit|to suit|to match|your (?:brand|needs|audience|preferences|requirements|style|situation))\b/i;
const DESCRIBES =
  /\b(?:designed|aims?|proposes?|outlines?|explains?|summari[sz]es?|tailored|optimi[sz]ed|crafted|incorporates?|adheres?|meets?|focus(?:es)?|targets?|appeals?|resonates?|highlights?|emphasi[sz]es?|provides?|maintains?|captures?|conveys?|communicates?|showcases?|reflects?|references?|is a reference|plays? (?:on|off)|invites?|sets the tone|should give|is (?:just |only )?a (?:sample|template|starting point|good|great|general|basic|suggestion)|combines?|strikes?|balances?|is intended|is meant)\b/i;
// Who the requester is to a line that hopes: their followers, their brand, their requirements.
const FOR_THEM =
  /\byour (?:followers|readers|audience|customers|clients|brand|business|marketing|campaign|needs|requirements|expectations|post|blog|email|ad|store|shop|company|efforts|content|guests|friends|sales)\b|\bfor you\b|\binspire your\b|\binspiration\b|\bmeets? your\b/i;
const EDITS = '(?:adjust|modify|tweak|change|edit|customi[sz]e|tailor|adapt|revise|swap|replace|personali[sz]e|fill in)';
// A note about the text rather than the offer: "Note: replace the placeholders", "these details are made up".
const NOTE_TO_THEM = new RegExp(
  String.raw`${ABOUT_WRITING.source}|\b(?:replace|fill in|customi[sz]e|tailor|personali[sz]e|adjust|edit)\b[^.!?]{0,40}\b(?:brackets?|templates?|details|information|text|copy|this|it|them|email|post|listing|caption)\b|\b(?:templates?|brackets?|should not be included|not (?:be )?included|actual (?:listing|post|email|ad|copy|content)|final (?:version|copy|listing|post|email)|hallucinat\w*|fictional|made[- ]up|as requested)\b`,
  'i',
);
// A closing that asks the readers to answer is the content's own, whatever else it says.
const TO_THE_READERS = /\b(?:in the comments|comment below|let us know|tell us|reply to this email|share your|drop us)\b/i;

const SIGN_OFFS: { pattern: RegExp; needs?: RegExp }[] = [
  {
    pattern: /^(?:please )?let me know\b/i,
    needs:
      /\b(?:changes?|adjust|tweak|modif|revis|edit|tone|length|versions?|variations?|alternatives?|anything else|further|more options|other options|refine|improve|me to|this works|that works|it works|meets your|fits your|suits your|you'd like me|you want me|assistance)/i,
  },
  {
    pattern:
      /^(?:i )?hope (?:this|that|it|the above) (?:helps|is (?:what|helpful|useful)|meets your|works for you|fits your|gives you|serves your)\b/i,
  },
  {
    pattern: new RegExp(
      String.raw`^(?:i )?hope (?:this|that|these|those|it|they|the above)(?:\s+(?:[\w-]+\s+)?${NOUN})?\s+(?:helps?|meets?|works?|fits?|gives?|inspires?|captures?|is|are|will|screams?|serves?|provides?|does|do|suits?|matches?|gets?)\b`,
      'i',
    ),
    needs: FOR_THEM,
  },
  { pattern: /^feel free to (?:let me know|ask me|reach out to me)\b/i },
  {
    pattern: new RegExp(String.raw`^feel free to ${EDITS}\b`, 'i'),
    needs: new RegExp(`${ABOUT_WRITING.source}|${NAMES_NOUN.source}|\\b(?:it|this|these|them|anything|any)\\b`, 'i'),
  },
  {
    // Picking among the versions: "Feel free to pick the one that resonates", "mix and match these captions".
    pattern: /^feel free to (?:pick|choose|select|combine|mix|use|play)\b/i,
    needs: new RegExp(`${NAMES_NOUN.source}|\\b(?:the one that|one that|mix and match|them)\\b`, 'i'),
  },
  { pattern: /^(?:would|do) you (?:like|want) me to\b/i },
  { pattern: /^shall i\b/i },
  { pattern: /^should i (?:make|adjust|change|revise|write|create|provide|add|shorten|expand|tweak)\b/i },
  {
    pattern:
      /^if you(?:'d| would) like (?:me\b|any (?:changes|adjustments|modifications|revisions|tweaks)|changes|adjustments|more (?:options|variations|versions))/i,
  },
  { pattern: /^if you need (?:any )?(?:changes|adjustments|modifications|revisions|more options|further|anything else)/i },
  {
    pattern: /^i can (?:also )?(?:adjust|make|provide|create|revise|tweak|write|generate|modify|change|shorten|expand)\b/i,
    needs: new RegExp(`${ABOUT_WRITING.source}|${NAMES_NOUN.source}`, 'i'),
  },
  {
    pattern:
      /^good luck with (?:your|the) (?:[\w-]+ )?(?:campaign|launch|blog|post|email|ad|proposal|sales|marketing|venture|negotiation)/i,
  },
  { pattern: /^(?:total |approximate |estimated )?(?:word|character|char) counts?\b/i },
  { pattern: /^(?:approx(?:imately|\.)?|about|around|~)?\s*\d[\d,]*\s+words\.?$/i },
  {
    pattern:
      /^(?:(?:key|main) )?(?:changes|revisions|edits|improvements) (?:made|i made)\b|^(?:summary|explanation|list) of (?:the )?(?:changes|revisions|edits)\b/i,
  },
  { pattern: /^i(?:'ve| have)? made the following (?:changes|revisions|edits|improvements)\b/i },
  { pattern: /^(?:notes?|please note|n\.b\.|important)\b/i, needs: NOTE_TO_THEM },
  { pattern: /^(?:explanation|rationale|reasoning|why (?:it|this) works|breakdown)\s*:/i },
  {
    // A disclaimer about the assistant or the template, not a legal one that belongs to the ad.
    pattern: /^disclaimer\b/i,
    needs: /\b(?:ai|language model|assistant|templates?|sample|fictional|hallucinat\w*|placeholders?|customi[sz]e)\b|\bai-generated\b/i,
  },
  { pattern: /^#?(?:pro )?tips?\s*:/i, needs: /\byour (?:post|caption|tweet|email|ad|listing|content|profile)\b/i },
  {
    pattern:
      /^(?:i've|i have|i)\s+(?:kept|included|made|used|written|focused|tried|added|ensured|aimed|followed|incorporated|highlighted|revised|updated|changed|adjusted|tailored|crafted|created|optimi[sz]ed|avoided|limited|stayed|emphasi[sz]ed|removed|shortened|replaced)\b/i,
    needs: ABOUT_WRITING,
  },
  {
    // "This email is designed to…", "These punch lines aim to…": the model describing what it wrote.
    pattern: new RegExp(String.raw`^(?:this|these|the above)\s+(?:[\w-]+\s+){0,3}?${NOUN}(?![\w-])`, 'i'),
    needs: new RegExp(`${ABOUT_WRITING.source}|${DESCRIBES.source}`, 'i'),
  },
  { pattern: /^(?:this|it) is (?:just |only )?(?:a|an) (?:sample|template|draft|starting point|suggestion)\b/i },
  {
    pattern: /^these are (?:just |only )?(?:a few|some|my) (?:ideas|examples|options|suggestions|possibilities)\b/i,
    needs: /\bfeel free\b|\bmix and match\b|\byour own\b|\bto fit your\b|\bmodify\b|\btweak\b/i,
  },
  {
    // "In this caption, I've included…", not a blog's "In this post, I've shared my favourite…".
    pattern:
      /^in (?:this|these|the above)\s+(?:[\w-]+\s+){0,2}?(?:captions?|tweets?|e-?mails?|messages?|templates?|drafts?|versions?|mottos?|taglines?|slogans?|copy|ads?|descriptions?|introductions?),?\s+(?:i|i've|i have)\s+(?:included|used|added|incorporated|highlighted|kept|made sure|tried|aimed|focused|emphasi[sz]ed|mentioned)\b/i,
  },
  {
    pattern: new RegExp(String.raw`^the\s+(?:[\w-]+\s+){0,2}?${NOUN}(?![\w-])`, 'i'),
    needs: ABOUT_WRITING,
  },
  {
    pattern: new RegExp(
      String.raw`^you(?:'ll| will)?\s+(?:can|may|might want to|could|should|will need to|'ll need to|need to|'ll want to|will want to)\s+(?:easily\s+)?(?:${EDITS}|add|insert|update)\b`,
      'i',
    ),
    needs: new RegExp(
      `${ABOUT_WRITING.source}|\\b(?:this|the) (?:email|post|template|copy|text|message|caption|tweet|draft|listing)\\b|\\btemplate\\b`,
      'i',
    ),
  },
  {
    pattern: /^remember(?:,|\s+to\b|\s+that\b)/i,
    needs: /\b(?:customi[sz]e|tailor|personali[sz]e|templates?|sample|fill in|a\/b test|proofread|starting point|placeholders?)\b/i,
  },
  { pattern: /^remember to (?:replace|add|insert|update|fill in)\b/i, needs: /\[|placeholder|link|url/i },
  { pattern: /^(?:choose|pick|select) (?:the one|one|whichever)\b/i, needs: /\b(?:brand|marketing|strateg(?:y|ies)|campaign|audience)\b/i },
  {
    pattern: /^which (?:one|of (?:these|them|the \w+)|option|version)\b[^.?!]*\b(?:fits?|suits?|works?|prefer|resonates?|do you think)\b/i,
  },
  {
    pattern:
      /^(?:is (?:that|this) (?:correct|right|okay|ok|what you (?:were looking for|wanted|had in mind|need))|does (?:this|that) (?:work|look good|meet|fit|sound))\b/i,
  },
  { pattern: /^(?:as an ai\b|i(?:'m| am) (?:just )?an? (?:ai|language model|assistant)\b|(?:in any case, )?i will always strive\b)/i },
];

// An email's own footer: never chatter, however much it talks about "this email" or "your preferences".
const FOOTER =
  /\b(?:unsubscribe|this email was sent|you(?:'re| are) receiving|you received this|manage (?:your )?(?:email )?preferences|update your preferences|privacy policy|all rights reserved|view (?:it )?in (?:your )?browser)\b|©/i;

/**
 * A closing paragraph of chatter addressed to the person who asked: "Let me know if you'd like
 * any changes!", "I hope these captions inspire your followers!", "This motto highlights…",
 * "Remember to customise the template", "Which one do you think fits the brand best?". Not a
 * closing line to the reader ("Let us know in the comments", "Thanks for reading!", "Feel free
 * to reply to this email") nor an email's footer.
 */
export function isSignOff(paragraph: string): boolean {
  if (STRUCTURAL.test(paragraph)) return false;
  // Judged on its opening: a tip to the requester may run on into hundreds of hashtags.
  const text = plain(paragraph.slice(0, 1200))
    .replace(/^\((.*)\)$/s, '$1')
    .slice(0, 800);
  if (!text || FOOTER.test(text)) return false;
  if (TO_THE_READERS.test(text)) return false;
  return SIGN_OFFS.some(({ pattern, needs }) => pattern.test(text) && (!needs || needs.test(text)));
}

// "Changes made:", "Summary of changes", "I made the following changes:", "This email copy aims to:"
// and, when not a Markdown heading (a blog post may well end with "## Key changes" and a list), "Notes:".
const CHANGES_MADE = new RegExp(
  String.raw`^(?:(?:key|main) )?(?:changes|revisions|edits|improvements|modifications) (?:made|i made|applied)\s*:?$|^(?:summary|explanation|list) of (?:the )?(?:changes|revisions|edits)\b.*$|^i(?:'ve| have)? made the following (?:changes|revisions|edits|improvements)\b.*:$|^(?:this|these|the above)\s+(?:[\w-]+\s+){0,3}?${NOUN}\s+(?:aims?|is designed|is meant|is intended|seeks?|tries|attempts?|does the following|will|should|is a good \w+ because it|works because it|includes?|covers?|achieves?|accomplishes)\b[^:]*:$`,
  'i',
);
const CHANGES_LABEL = /^(?:(?:key|main) )?(?:changes|revisions|edits|notes?)\s*:$/i;

/** A header over a list for the requester: the changes made, or what the text aims to do. */
export function isChangesHeader(line: string): boolean {
  const heading = /^\s*#{1,6}\s/.test(line);
  const text = plain(line.replace(/^\s*#{1,6}\s+/, ''));
  return CHANGES_MADE.test(text) || (!heading && CHANGES_LABEL.test(text));
}

// ---------------------------------------------------------------- a reply that is all questions back

const ASKS_BACK =
  /\b(?:can|could|would) you (?:please )?(?:provide|share|give|tell|clarify|specify|send|let me know)\b|\bplease (?:provide|share|clarify|specify|send|give)\b[^.?!]*\b(?:details?|information|clarification|more)\b|\bi (?:need|would need|will need) (?:more|some|a few|additional) (?:details|information|context)\b/i;
const REFUSES =
  /\bi (?:must|have to|need to|should|would like to) (?:point out|clarify|mention|note)\b|\bi (?:cannot|can't|am unable to|won't be able to|am not able to)\b|\b(?:not|isn't|is not) (?:be )?(?:accurate|ethical|appropriate|possible for me)\b/i;
const ASSISTANT_TALK =
  /\b(?:help|assist|provide) you\b|\bprovide me\b|\byou (?:meant|intended|are trying)\b|\bi will always\b|\bi'm here\b|\bhappy to help\b/i;

/**
 * A reply that writes nothing the person asked for: it asks them for details or declines ("Can
 * you please provide more details about…?", "I must point out that… may not be ethical").
 * Every paragraph is the assistant talking to them, and one of them asks back or refuses.
 */
export function asksBackOnly(paragraphs: string[]): boolean {
  if (paragraphs.length === 0 || paragraphs.some((paragraph) => STRUCTURAL.test(paragraph) || /^\s*(?:dear|hi|hello)\b/i.test(paragraph))) {
    return false;
  }
  const texts = paragraphs.map(plain);
  const [first = ''] = sentencesOf(texts[0] ?? '');
  const opens = preambleSentence(first) !== null || ASSISTANT_TALK.test(first);
  const talking = texts.every((text) => ASSISTANT_TALK.test(text) || ASKS_BACK.test(text) || REFUSES.test(text) || isSignOff(text));
  return opens && talking && texts.some((text) => ASKS_BACK.test(text) || REFUSES.test(text));
}
