// Which Ollama host takes a request. OLLAMA_HOST may name several: a step goes to a healthy
// host that has its model, the one with the fewest requests in flight from this server. One
// host is a pool of one, through the same code.
import type { ModelResponse } from 'ollama';
import { classifyOllamaFailure, describeOllamaFailure, NoOllamaHost, type OllamaProbe, probeOllama } from './ollama.js';
import { sameModel } from './ollama-names.js';

/** A host lent to one request; `release()` when the request is over (a second call does nothing). */
export interface HostLease {
  readonly host: string;
  release(): void;
}

export interface HostStatus {
  host: string;
  ok: boolean;
  version: string | null;
  /** What the host lists, as it names them. */
  models: ModelResponse[];
  /** What is wrong and how to fix it, when not ok. */
  message: string | null;
  /** Requests from this server still running there. */
  inFlight: number;
}

export interface HostPool {
  /** Every configured host, in configuration order. */
  readonly hosts: readonly string[];
  /** The least busy healthy host that has `model`; throws NoOllamaHost when there is none. */
  pick(model: string): Promise<HostLease>;
  /** A request found the host gone: skip it until a probe finds it back. */
  markDown(host: string, reason: unknown): void;
  /** Every host, probed now. */
  status(): Promise<HostStatus[]>;
}

export interface HostPoolTiming {
  /** How long a healthy host's model list is trusted before it is asked again. */
  refreshMs: number;
  /** A down host is probed again after this, then after twice as long each time it is still down ... */
  firstBackOffMs: number;
  /** ... up to this. */
  maxBackOffMs: number;
  probeTimeoutMs: number;
}

const defaultTiming: HostPoolTiming = { refreshMs: 30_000, firstBackOffMs: 5_000, maxBackOffMs: 60_000, probeTimeoutMs: 2_000 };

/** The failures that say the host itself is gone, not the model or the request. */
export function isHostFailure(error: unknown): boolean {
  const kind = classifyOllamaFailure(error);
  return kind === 'unreachable' || kind === 'broken-stream';
}

/** Hosts named in one message: "http://a" or "http://a or http://b". */
export function hostList(hosts: readonly string[]): string {
  return hosts.join(' or ');
}

interface HostRecord {
  host: string;
  probe: OllamaProbe | null;
  probedAt: number;
  probing: Promise<void> | null;
  up: boolean;
  /** Why a request found it down, when that is newer than its probe. */
  downReason: string | null;
  downUntil: number;
  backOffMs: number;
  inFlight: number;
  /** Leases ever given: among equally busy hosts, the least used gets the next. */
  leased: number;
}

export class OllamaHostPool implements HostPool {
  readonly #records: HostRecord[];
  readonly #timing: HostPoolTiming;

  constructor(hosts: readonly string[], timing: Partial<HostPoolTiming> = {}) {
    if (hosts.length === 0) throw new Error('an Ollama host pool needs at least one host');
    this.#timing = { ...defaultTiming, ...timing };
    this.#records = hosts.map((host) => ({
      host,
      probe: null,
      probedAt: 0,
      probing: null,
      up: false,
      downReason: null,
      downUntil: 0,
      backOffMs: 0,
      inFlight: 0,
      leased: 0,
    }));
  }

  get hosts(): readonly string[] {
    return this.#records.map((record) => record.host);
  }

  async pick(model: string): Promise<HostLease> {
    await this.#probe(this.#records.filter((record) => this.#due(record)));
    // Before failing from what is known, every host is asked again: a model just pulled, a host just back.
    const known = this.#lease(model);
    if (known) return known;
    await this.#probe(this.#records);
    const fresh = this.#lease(model);
    if (fresh) return fresh;
    const answered = this.#records.filter((record) => record.up).map((record) => record.host);
    if (answered.length > 0) throw new NoOllamaHost('model-missing', hostList(answered), null);
    throw new NoOllamaHost('unreachable', hostList(this.hosts), this.#records[0]?.probe?.failure);
  }

  markDown(host: string, reason: unknown): void {
    const record = this.#records.find((candidate) => candidate.host === host);
    // Several requests on one host fail together: that is one failure, not several back-offs.
    if (!record || (!record.up && record.downUntil > Date.now())) return;
    record.downReason = describeOllamaFailure(reason, host);
    this.#down(record);
  }

  async status(): Promise<HostStatus[]> {
    await this.#probe(this.#records);
    return this.#records.map((record) => ({
      host: record.host,
      ok: record.up,
      version: record.up ? (record.probe?.version ?? null) : null,
      models: record.up ? (record.probe?.details ?? []) : [],
      message: record.up ? null : (record.downReason ?? record.probe?.message ?? null),
      inFlight: record.inFlight,
    }));
  }

  #due(record: HostRecord): boolean {
    if (!record.probe) return true;
    return record.up ? Date.now() - record.probedAt >= this.#timing.refreshMs : Date.now() >= record.downUntil;
  }

  #lease(model: string): HostLease | null {
    const candidates = this.#records.filter((record) => record.up && record.probe?.models.some((listed) => sameModel(model, listed)));
    const [chosen] = candidates.sort((a, b) => a.inFlight - b.inFlight || a.leased - b.leased);
    if (!chosen) return null;
    chosen.inFlight++;
    chosen.leased++;
    let released = false;
    return {
      host: chosen.host,
      release: () => {
        if (released) return;
        released = true;
        chosen.inFlight--;
      },
    };
  }

  /** Probes the hosts at once; a host already being probed is waited for, not asked twice. */
  async #probe(records: HostRecord[]): Promise<void> {
    await Promise.all(
      records.map((record) => {
        record.probing ??= probeOllama(record.host, this.#timing.probeTimeoutMs)
          .then((probe) => this.#record(record, probe))
          .finally(() => {
            record.probing = null;
          });
        return record.probing;
      }),
    );
  }

  #record(record: HostRecord, probe: OllamaProbe): void {
    record.probe = probe;
    record.probedAt = Date.now();
    record.downReason = null;
    if (probe.reachable) {
      record.up = true;
      record.backOffMs = 0;
    } else {
      this.#down(record);
    }
  }

  #down(record: HostRecord): void {
    record.up = false;
    record.backOffMs = record.backOffMs === 0 ? this.#timing.firstBackOffMs : Math.min(record.backOffMs * 2, this.#timing.maxBackOffMs);
    record.downUntil = Date.now() + record.backOffMs;
  }
}
