// English passive-voice heuristic in the spirit of Yoast's: a form of "to be",
// optionally followed by up to three adverbs, then a past participle (regular
// "-ed" or a common irregular one). Adjectives ending in "-ed" that read as states
// ("excited", "interested") are not counted.
import { words } from './text.js';

// biome-ignore format: a word list reads better packed than one word a line
const AUXILIARIES = new Set([
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being',
  "isn't", "aren't", "wasn't", "weren't", 'isn’t', 'aren’t', 'wasn’t', 'weren’t',
]);

// biome-ignore format: a word list reads better packed than one word a line
const IRREGULAR_PARTICIPLES = new Set([
  'arisen', 'awoken', 'beaten', 'become', 'begun', 'bent', 'bet', 'bitten', 'blown', 'born', 'borne', 'bought',
  'bound', 'broken', 'brought', 'built', 'burnt', 'caught', 'chosen', 'cut', 'dealt', 'done', 'drawn', 'driven',
  'eaten', 'fallen', 'fed', 'felt', 'fought', 'found', 'forbidden', 'forgotten', 'forgiven', 'frozen', 'given',
  'gone', 'grown', 'heard', 'held', 'hidden', 'hit', 'hung', 'hurt', 'kept', 'known', 'laid', 'led', 'left',
  'lent', 'let', 'lost', 'made', 'meant', 'met', 'paid', 'put', 'read', 'ridden', 'rung', 'risen', 'run', 'said',
  'seen', 'sent', 'set', 'shaken', 'shown', 'shut', 'sold', 'sought', 'spent', 'spoken', 'spread', 'stolen',
  'struck', 'sung', 'sunk', 'sworn', 'taken', 'taught', 'thought', 'thrown', 'told', 'torn', 'understood', 'undone',
  'upheld', 'withdrawn', 'woken', 'won', 'worn', 'woven', 'written', 'overcome', 'overseen', 'overtaken',
  'overthrown', 'rewritten', 'mistaken', 'misunderstood',
]);

// Words ending in "-ed" that are not participles, or adjectives that follow "be" as states.
// biome-ignore format: a word list reads better packed than one word a line
const NOT_PARTICIPLES = new Set([
  'bed', 'red', 'shed', 'need', 'seed', 'feed', 'speed', 'weed', 'deed', 'heed', 'breed', 'bleed', 'greed',
  'indeed', 'hundred', 'kindred', 'sacred', 'naked', 'wicked', 'rugged', 'ragged', 'jagged', 'crooked', 'beloved',
  'excited', 'interested', 'tired', 'bored', 'pleased', 'worried', 'scared', 'thrilled', 'delighted', 'committed',
  'dedicated', 'supposed', 'talented', 'experienced', 'sophisticated', 'complicated', 'detailed',
  'advanced', 'limited', 'united', 'based', 'focused', 'obsessed', 'ashamed', 'amazed', 'motivated',
]);

// biome-ignore format: a word list reads better packed than one word a line
const ADVERBS = new Set([
  'not', 'never', 'also', 'always', 'often', 'still', 'just', 'already', 'being', 'been', 'then', 'now', 'even',
  'usually', 'rarely', 'all', 'both', 'each', 'widely', 'only', 'further', 'soon', 'ever', 'n’t', "n't",
]);

function isParticiple(word: string): boolean {
  if (IRREGULAR_PARTICIPLES.has(word)) return true;
  return word.length > 4 && word.endsWith('ed') && !NOT_PARTICIPLES.has(word);
}

/** True when the sentence contains at least one passive construction. */
export function isPassive(sentence: string): boolean {
  const tokens = words(sentence.toLowerCase());
  for (let index = 0; index < tokens.length; index += 1) {
    if (!AUXILIARIES.has(tokens[index] ?? '')) continue;
    for (let next = index + 1; next < Math.min(tokens.length, index + 5); next += 1) {
      const token = tokens[next] ?? '';
      if (isParticiple(token)) return true;
      if (!ADVERBS.has(token) && !token.endsWith('ly')) break;
    }
  }
  return false;
}
