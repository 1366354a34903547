// Lines and paragraphs of a model's reply, for the cleaning in clean-reply.ts: lines keep their
// own line endings, so joining what is kept gives back the reply byte for byte.

export interface Range {
  /** First line of the paragraph. */
  start: number;
  /** One past its last line. */
  end: number;
}

export const splitLines = (text: string): string[] => text.split(/(?<=\n)/);
export const isBlank = (line: string): boolean => line.trim() === '';

/** The paragraphs: runs of non-blank lines. */
export function paragraphRanges(lines: string[]): Range[] {
  const ranges: Range[] = [];
  lines.forEach((line, index) => {
    const last = ranges.at(-1);
    if (isBlank(line)) return;
    if (last && last.end === index) last.end = index + 1;
    else ranges.push({ start: index, end: index + 1 });
  });
  return ranges;
}

/** The lines without the given paragraphs, each taken out with the blank lines after it. */
export function withoutRanges(lines: string[], cut: Range[]): string[] {
  const dropped = new Set<number>();
  for (const range of cut) {
    let end = range.end;
    while (end < lines.length && isBlank(lines[end] ?? '')) end += 1;
    for (let index = range.start; index < end; index += 1) dropped.add(index);
  }
  return lines.filter((_line, index) => !dropped.has(index));
}

/** The words of a paragraph for matching: one line, no emphasis, straight apostrophes and quotes. */
export function plain(paragraph: string): string {
  return paragraph
    .replace(/\s+/g, ' ')
    .replace(/[’‘]/g, "'")
    .replace(/\*\*|__/g, '')
    .replace(/^[\s*_]+|(?<![\s*_])[\s*_]+$/g, '');
}

/** Sentences of one paragraph of plain text: split after . ! ? … before a capital or a digit. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?…]["”')]?)\s+(?=["“(]?[A-Z0-9])/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** The first words of a paragraph, quoted, for the list of what was removed. */
export function quote(paragraph: string): string {
  const text = plain(paragraph);
  if (text.length <= 50) return `"${text}"`;
  const cut = text.slice(0, 41).replace(/\s+\S*$/, '');
  return `"${cut}…"`;
}

// The parts of a deliverable, which content writes as labelled lines ("Subject: …", "CTA: …",
// "Meta description: …"): what such a line holds is never a remark to the requester.
const PART_LABELS = new Set([
  'subject',
  'subjectline',
  'preheader',
  'previewtext',
  'headline',
  'description',
  'metadescription',
  'title',
  'subtitle',
  'subheading',
  'tagline',
  'slogan',
  'motto',
  'cta',
  'calltoaction',
  'button',
  'body',
  'bodycopy',
  'caption',
  'hook',
  'hashtags',
  'intro',
  'introduction',
  'conclusion',
  'ps',
  'cc',
  'bcc',
  'image',
  'visual',
  'option',
  'version',
  'date',
  'time',
  'when',
  'where',
  'location',
  'venue',
  'address',
  'price',
  'phone',
  'email',
  'website',
  'link',
]);

/** Lower-case letters of a label only: "Meta Description" → "metadescription". */
export const labelKey = (label: string): string => label.toLowerCase().replace(/[^a-z]/g, '');

export const isPartLabel = (key: string): boolean => PART_LABELS.has(key);

/** The label of a `Label: value` line when it names a part of a deliverable, else null. */
export function partLabelOf(line: string): string | null {
  const match = /^\s*(?:[-*+•]\s+)?(?:#{1,6}\s+)?(?:\*\*|__)?([A-Za-z][\w .'-]{0,30}?)(?:\s*\d{1,2})?\s*(?:\*\*|__)?\s*:/.exec(line);
  const key = match ? labelKey(match[1] ?? '') : '';
  return key && isPartLabel(key) ? key : null;
}
