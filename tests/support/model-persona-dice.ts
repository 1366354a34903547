// Seeded choices for the realistic model persona: every "sometimes" of a 7B model is a draw
// from here, so a run is reproducible from its seed and each request's text.

export class Dice {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** mulberry32: small, fast and good enough to pick words and layouts. */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Dice.pick: nothing to pick from');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }

  /** `{slot}` from `slots`, `{one|two|three}` one of the alternatives: "{Small|Simple} steps for {audience}". */
  fill(template: string, slots: Record<string, string>): string {
    return template.replace(/\{([^{}]*)\}/g, (whole, inner: string) => {
      if (inner.includes('|')) return this.pick(inner.split('|'));
      return slots[inner] ?? whole;
    });
  }
}
