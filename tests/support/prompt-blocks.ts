// Reads the tagged data blocks in a prompt as a model would: a block runs from "<tag>" to the
// first "</tag>" after it, so a forged closing tag inside the text would end it early.

/** One `<tag>…</tag>` block: its tag and the text between. */
export interface DataBlock {
  tag: string;
  text: string;
}

const block = () => /<([a-z_]+)>([\s\S]*?)<\/\1>/g;

export function dataBlocks(prompt: string): DataBlock[] {
  return [...prompt.matchAll(block())].map((match) => ({ tag: match[1] ?? '', text: match[2] ?? '' }));
}

/** The prompt with every data block taken out: what a model reads as the prompt's own words. */
export function outsideDataBlocks(prompt: string): string {
  return prompt.replace(block(), '');
}

/** The prompt without its tags: lines holding only a tag dropped, inline tags removed. */
export function withoutDataTags(prompt: string): string {
  return prompt.replace(/^[ \t]*<\/?[a-z_]+>[ \t]*(?:\n|$)/gm, '').replace(/<\/?[a-z_]+>/g, '');
}
