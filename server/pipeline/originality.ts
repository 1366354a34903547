// How close a text is to the brand's earlier campaigns: Ollama embeddings when the embedding
// model is there, word shingles otherwise. One method per run, so the draft's and the final
// text's similarity can be compared; each campaign's embedding is computed once and kept.
import { setTimeout as sleep } from 'node:timers/promises';
import { Ollama } from 'ollama';
import { fetchDespiteClosedConnections } from '../llm/closed-connection.js';
import { type HostPool, isHostFailure } from '../llm/host-pool.js';
import { serverTimeout } from '../llm/quiet-timer.js';
import { cosineSimilarity, maxSimilarity } from '../scoring/index.js';

export type SimilarityMethod = 'embeddings' | 'shingles';

export interface Originality {
  similarity: number | null;
  method: SimilarityMethod | null;
}

export interface EarlierCampaign {
  id: string;
  content: string;
  embedding: number[] | null;
  embeddingModel: string | null;
}

export interface OriginalityServices {
  hosts: HostPool;
  model: string;
  /** Keeps an earlier campaign's embedding, so it is never computed again. */
  saveEmbedding(campaignId: string, embedding: number[], model: string): Promise<void>;
}

/** Embedding requests are quick; a busy Ollama gets this long before shingles are used instead. */
const embeddingTimeoutMs = 30_000;
const laterTries = 3;

/** Embeddings measured the draft but cannot measure the final text: the run cannot score it on the same scale. */
export class SimilarityUnavailable extends Error {
  constructor(detail: string) {
    super(`Ollama's embedding model stopped answering (${detail}), so the similarity to earlier campaigns could not be measured.`);
  }
}

export class OriginalityMeter {
  #method: SimilarityMethod | null = null;
  readonly #vectors = new Map<string, number[]>();

  constructor(
    private readonly earlier: EarlierCampaign[],
    private readonly services: OriginalityServices,
    private readonly signal: AbortSignal,
  ) {}

  /** The embedding made of `text` by this meter, if any: kept with the campaign's content. */
  embeddingOf(text: string): { embedding: number[]; model: string } | null {
    const embedding = this.#vectors.get(text);
    return embedding ? { embedding, model: this.services.model } : null;
  }

  async measure(text: string): Promise<Originality> {
    if (this.earlier.length === 0) return { similarity: null, method: null };
    if (this.#method === 'shingles') return this.#shingles(text);
    // Once embeddings measured the draft, another method would compare two different scales: try harder.
    const tries = this.#method === 'embeddings' ? laterTries : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const similarity = await this.#embeddingSimilarity(text);
        this.#method = 'embeddings';
        return { similarity, method: 'embeddings' };
      } catch (error) {
        if (this.signal.aborted) throw this.signal.reason;
        // No embedding model (or Ollama busy) at the first measurement: words for the whole run.
        if (this.#method === null) {
          this.#method = 'shingles';
          return this.#shingles(text);
        }
        if (attempt >= tries) throw new SimilarityUnavailable((error as Error).message);
        await sleep(1000 * attempt, undefined, { signal: this.signal }).catch(() => {
          throw this.signal.reason;
        });
      }
    }
  }

  #shingles(text: string): Originality {
    return {
      similarity: maxSimilarity(
        text,
        this.earlier.map((campaign) => campaign.content),
      ),
      method: 'shingles',
    };
  }

  async #embeddingSimilarity(text: string): Promise<number> {
    const { model } = this.services;
    const missing = this.earlier.filter((campaign) => !campaign.embedding || campaign.embeddingModel !== model);
    const embeddings = await this.#embed([text, ...missing.map((campaign) => campaign.content)]);
    const [own, ...computed] = embeddings;
    if (!own || computed.length !== missing.length) throw new Error('Ollama returned a different number of embeddings');
    for (const [index, campaign] of missing.entries()) {
      campaign.embedding = computed[index] ?? null;
      campaign.embeddingModel = model;
      if (campaign.embedding) await this.services.saveEmbedding(campaign.id, campaign.embedding, model);
    }
    this.#vectors.set(text, own);
    const comparable = this.earlier.filter((campaign) => campaign.embedding?.length === own.length);
    return comparable.reduce((highest, campaign) => Math.max(highest, cosineSimilarity(own, campaign.embedding ?? [])), 0);
  }

  /** One embedding request, on a host that has the model; a host found gone is skipped by the next try. */
  async #embed(input: string[]): Promise<number[][]> {
    const { hosts, model } = this.services;
    const lease = await hosts.pick(model);
    // On the server's clock, as the model steps' timeouts: a server too busy to read the answer is not the host's fault.
    const timeout = serverTimeout(embeddingTimeoutMs);
    const client = new Ollama({
      host: lease.host,
      // A cancel stops the measurement at once, as it stops a model's reply.
      fetch: (url, init) => fetchDespiteClosedConnections(url, { ...init, signal: AbortSignal.any([this.signal, timeout.signal]) }),
    });
    try {
      return (await client.embed({ model, input })).embeddings;
    } catch (error) {
      if (!this.signal.aborted && isHostFailure(error)) hosts.markDown(lease.host, error);
      throw error;
    } finally {
      timeout.stop();
      lease.release();
    }
  }
}
