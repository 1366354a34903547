// A campaign's name: what the marketer called it, or the start of its brief, short enough for a heading.

export const maxCampaignNameLength = 120;
const derivedNameLength = 60;

/** The brief's first sentence or its first 60 characters, cut at a word ("Tips for city gardens…"). */
export function defaultCampaignName(brief: string): string {
  const text = brief.trim().replace(/\s+/g, ' ');
  const sentence = text.match(/^.{10,}?[.!?](?=\s|$)/)?.[0];
  if (sentence && sentence.length <= derivedNameLength) return sentence.replace(/[.]$/, '');
  if (text.length <= derivedNameLength) return text;
  const head = text.slice(0, derivedNameLength + 1);
  // Cut before the word the limit falls in; a single word longer than the limit is cut inside.
  const cut = /\s/.test(head) ? head.replace(/\s+\S*$/, '') : head.slice(0, derivedNameLength);
  return `${cut.replace(/[\s,;:.-]+$/, '')}…`;
}
