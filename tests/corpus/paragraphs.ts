/**
 * Splits a reply into the paragraphs the corpus labels: leading and trailing blank lines
 * dropped, then split on blank lines (a line holding only spaces or tabs counts as blank).
 * The labels in real-replies.json line up 1:1 with what this returns, so change it only
 * together with every label.
 */
export function paragraphsOf(output: string): string[] {
  const trimmed = output.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');
  return trimmed.split(/\n[ \t]*\n+/);
}
