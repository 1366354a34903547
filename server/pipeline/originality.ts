// How close a text is to the brand's earlier campaigns: Ollama embeddings when the
// embedding model is there, word shingles otherwise.
import { Ollama } from 'ollama';
import { cosineSimilarity, maxSimilarity } from '../scoring/index.js';

export interface Originality {
  similarity: number | null;
  method: 'embeddings' | 'shingles' | null;
}

export async function measureOriginality(
  text: string,
  earlier: string[],
  ollama: { host: string; model: string },
  signal: AbortSignal,
): Promise<Originality> {
  if (earlier.length === 0) return { similarity: null, method: null };
  try {
    const client = new Ollama({
      host: ollama.host,
      // A cancel stops the measurement at once, as it stops a model's reply.
      fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) }),
    });
    const { embeddings } = await client.embed({ model: ollama.model, input: [text, ...earlier] });
    const [own, ...others] = embeddings;
    if (!own || others.length !== earlier.length) throw new Error('embedding count mismatch');
    return { similarity: Math.max(...others.map((other) => cosineSimilarity(own, other))), method: 'embeddings' };
  } catch {
    if (signal.aborted) throw signal.reason;
    // No embedding model (or Ollama busy): the measure still exists, from the words themselves.
    return { similarity: maxSimilarity(text, earlier), method: 'shingles' };
  }
}
