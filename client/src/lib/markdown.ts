// Final content is Markdown written by a model: render it, then sanitise it, since
// nothing a model writes is trusted HTML.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

export function renderMarkdown(markdown: string): string {
  // A line break is kept as the model wrote it: an email's "Subject line:" and "Preheader text:"
  // lines, or an ad's headlines, are lines of their own, not one run-on paragraph.
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
