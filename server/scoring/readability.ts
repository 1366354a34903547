// Flesch reading ease (Flesch 1948), the formula the design names:
// 206.835 − 1.015 · (words / sentences) − 84.6 · (syllables / words).
// Also the two plain counts it is made of, which short formats are judged by (scores.ts):
// average sentence length, and the share of long words (three syllables or more, as in
// Gunning's fog index): on a 30-character headline the formula itself swings wildly.
import { flesch } from 'flesch';
import { syllable } from 'syllable';
import { paragraphs, sentences, words } from './text.js';

export type FleschBand = 'very easy' | 'easy' | 'fairly easy' | 'plain English' | 'fairly difficult' | 'difficult' | 'very difficult';

export interface Readability {
  /** Rounded to one decimal; can exceed 100 or go below 0. 0 for text without words. */
  fleschReadingEase: number;
  band: FleschBand;
  words: number;
  sentences: number;
  syllables: number;
  /** Words per sentence, one decimal; 0 without sentences. */
  averageSentenceWords: number;
  /** Words of three syllables or more. */
  longWords: number;
  /** Flesch reading ease clamped to 0-100 and rounded. */
  score: number;
}

export const LONG_WORD_SYLLABLES = 3;

const BANDS: readonly [number, FleschBand][] = [
  [90, 'very easy'],
  [80, 'easy'],
  [70, 'fairly easy'],
  [60, 'plain English'],
  [50, 'fairly difficult'],
  [30, 'difficult'],
];

export function fleschBand(readingEase: number): FleschBand {
  return BANDS.find(([floor]) => readingEase >= floor)?.[1] ?? 'very difficult';
}

export function readabilityScore(readingEase: number): number {
  return Math.round(Math.min(100, Math.max(0, readingEase)));
}

/** Readability of Markdown or plain text; headings are not counted as sentences. */
export function readability(text: string): Readability {
  const sentenceList = paragraphs(text).flatMap(sentences);
  const wordList = sentenceList.flatMap(words);
  const syllableCounts = wordList.map(syllablesOf);
  const syllableCount = syllableCounts.reduce((sum, count) => sum + count, 0);
  const counts = { sentence: sentenceList.length, word: wordList.length, syllable: syllableCount };
  const raw = counts.word === 0 ? 0 : flesch(counts);
  const fleschReadingEase = Math.round(raw * 10) / 10;
  return {
    fleschReadingEase,
    band: fleschBand(fleschReadingEase),
    words: counts.word,
    sentences: counts.sentence,
    syllables: counts.syllable,
    averageSentenceWords: counts.sentence === 0 ? 0 : Math.round((counts.word / counts.sentence) * 10) / 10,
    longWords: syllableCounts.filter((count) => count >= LONG_WORD_SYLLABLES).length,
    score: readabilityScore(fleschReadingEase),
  };
}

/** Counting syllables is the costly part of scoring, and the same words recur: remember them (bounded). */
const syllableCache = new Map<string, number>();
const syllableCacheLimit = 50_000;

function syllablesOf(word: string): number {
  const key = word.toLowerCase();
  let count = syllableCache.get(key);
  if (count === undefined) {
    // The syllable counter gives 0 for numerals ("2024"); every word has at least one.
    count = Math.max(1, syllable(key));
    if (syllableCache.size >= syllableCacheLimit) syllableCache.clear();
    syllableCache.set(key, count);
  }
  return count;
}
