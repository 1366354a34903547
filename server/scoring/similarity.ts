// Originality against earlier campaigns: word-shingle Jaccard similarity on the text,
// and cosine similarity for embedding vectors.
import { stripMarkdown, words } from './text.js';

/** Lower-case word n-grams; a text shorter than `size` words is one shingle. */
export function shingles(text: string, size = 3): Set<string> {
  const tokens = words(stripMarkdown(text).toLowerCase());
  if (tokens.length === 0) return new Set();
  if (tokens.length < size) return new Set([tokens.join(' ')]);
  const result = new Set<string>();
  for (let index = 0; index + size <= tokens.length; index += 1) {
    result.add(tokens.slice(index, index + size).join(' '));
  }
  return result;
}

/** |A ∩ B| / |A ∪ B| of the two texts' 3-word shingles, 0-1; 0 when either has no words. */
export function jaccardSimilarity(a: string, b: string, size = 3): number {
  const left = shingles(a, size);
  const right = shingles(b, size);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const shingle of left) if (right.has(shingle)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/** The highest Jaccard similarity of `text` to any earlier text; 0 when there are none. */
export function maxSimilarity(text: string, earlierTexts: readonly string[]): number {
  return earlierTexts.reduce((max, earlier) => Math.max(max, jaccardSimilarity(text, earlier)), 0);
}

/** Cosine of the angle between two vectors, -1..1; 0 when either is all zeros. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`vectors differ in length: ${a.length} and ${b.length}`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index] ?? 0;
    const y = b[index] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
