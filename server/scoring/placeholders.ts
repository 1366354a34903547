// Template slots a model left unfilled ("[Your Name]", "{company}", "<Product>", "XX%"): real 7B
// models leave them in most emails and many posts, and a marketer would publish them as they are.

/**
 * A slot in square brackets, not a Markdown link or reference ("[text](url)", "[text][ref]", a
 * "[ref]: url" line) nor a checkbox ("- [x]"); models write long ones too ("[briefly describe …]").
 */
const bracketed = /(?<!\])\[([^[\]\n]{1,300})\](?![([])(?!:\s*\S+\s*$)/gm;
/** A task list's checkbox: "- [x] done", "* [ ] to do". */
const checkbox = /^\s*(?:[-*+]|\d+[.)])\s+$/;
/** A bracket the model opened and never closed, to the end of its line ("[optional: a discount code, or"). */
const unclosed = /\[(?=[^[\]\n]*\p{L})[^[\]\n]{2,}$/gmu;
/** A slot in single braces: "{company}". Double braces ("{{first_name}}") are an email tool's merge tags, meant to stay. */
const braced = /(?<!\{)\{([^{}\n]{2,60})\}(?!\})/g;
/** A slot in angle brackets that reads as words ("<Product Name>"), not an HTML tag ("<br>", "<a href=…>"). */
const angled = /<([A-Z][\w'’-]*(?: [\w'’-]+)*)>/g;
/** Digits left for someone to fill in ("XX%", "$XX", "____"), and handles or sites left as "yours" ("@yourusername", "yourwebsite.com"). */
const blanks =
  /(?<![\w-])(?:X{2,}%?|\$X{1,}(?:\.X{2})?|_{3,}|@your\w+|(?:www\.)?your(?:website|company|site|domain|brand)\.com)(?![\w-])/gi;

/** Footnotes and bare numbers or symbols are not slots: "[1]", "[12]", "[…]". */
const notASlot = (inner: string): boolean => /^\d+$/.test(inner.trim()) || !/\p{L}/u.test(inner);

/** Each unfilled placeholder of the text, verbatim, once, in the order they first appear. */
export function placeholdersIn(text: string): string[] {
  const found = new Map<number, string>();
  const collect = (pattern: RegExp, keep: (match: RegExpExecArray) => boolean) => {
    for (const match of text.matchAll(pattern)) if (keep(match)) found.set(match.index, match[0]);
  };
  collect(bracketed, (match) => {
    const inner = match[1] as string;
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    const isCheckbox = /^[xX ]$/.test(inner) && checkbox.test(text.slice(lineStart, match.index));
    return !isCheckbox && !notASlot(inner);
  });
  collect(unclosed, () => true);
  collect(braced, (match) => /\p{L}/u.test(match[1] as string) && !/[:;"]/.test(match[1] as string));
  collect(angled, () => true);
  collect(blanks, () => true);
  const inOrder = [...found.entries()].sort(([a], [b]) => a - b).map(([, placeholder]) => placeholder);
  return [...new Set(inOrder)];
}
