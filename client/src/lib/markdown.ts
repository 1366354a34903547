// Final content is Markdown written by a model or edited by a person, so nothing in it is trusted
// HTML. Two steps:
// 1. HTML typed into the Markdown shows as the characters typed, but for a few bare tags (<br>,
//    <sup>…). Parsing hostile HTML in the page at all, even only to sanitise it, makes the browser
//    report every inline handler and style its CSP blocks.
// 2. An allow-list of what Markdown needs (not DOMPurify's html profile): no forms or inputs (a
//    phishing form inside the app), no styles (a restyled app), no frames, objects or media, no
//    ids or names (which clobber the app's globals), and images only from the app or data:.
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { Marked } from 'marked';

const markdownTags = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li'],
  ...['strong', 'b', 'em', 'i', 'del', 's', 'sup', 'sub', 'code', 'pre', 'a', 'img'],
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
];

/** Tags a writer may type as HTML, without attributes; every other `<` is text. */
const bareTag = new RegExp(`^</?(?:${markdownTags.filter((tag) => tag !== 'a' && tag !== 'img').join('|')})\\s*/?>$`, 'i');
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function rawHtmlAsText(html: string): string {
  return html.replace(/<\/?[a-z][a-z0-9]*\s*\/?>|[&<>"']/gi, (match) =>
    bareTag.test(match) ? match.toLowerCase() : match.replace(/[&<>"']/g, (character) => escapes[character] ?? character),
  );
}

// A line break is kept as the model wrote it: an email's "Subject line:" and "Preheader text:"
// lines, or an ad's headlines, are lines of their own, not one run-on paragraph.
const markdown = new Marked({ async: false, gfm: true, breaks: true, renderer: { html: ({ text }) => rawHtmlAsText(text) } });

const config: Config = {
  ALLOWED_TAGS: markdownTags,
  // align: a table column's alignment (marked writes it so); start: a list that starts at 3.
  ALLOWED_ATTR: ['href', 'title', 'src', 'alt', 'align', 'start'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // Links (and image addresses) over http, https or mailto, or relative to the app; never javascript: or data:.
  // DOMPurify strips whitespace and control characters before it tests, so "jav&#x09;ascript:" is caught too.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
};

/** ALLOW_REMOTE_IMAGES, as the server tells the page (server/static-client.ts): the page's CSP allows the same. */
export function remoteImagesAllowed(): boolean {
  return document.querySelector('meta[name="copilot-remote-images"]')?.getAttribute('content') === 'allowed';
}

/** An image the page may load: a data: image, one from the app itself, or (when allowed) one over https. */
function isLoadableImage(src: string, remoteImages: boolean): boolean {
  if (/^data:image\//i.test(src)) return true;
  if (!URL.canParse(src, document.baseURI)) return false;
  const url = new URL(src, document.baseURI);
  return url.origin === location.origin || (remoteImages && url.protocol === 'https:');
}

const purifiers = new Map<boolean, Purifier>();

/** One sanitiser per setting, each with its own image hook (DOMPurify's hooks belong to an instance). */
function purifier(remoteImages: boolean): Purifier {
  let instance = purifiers.get(remoteImages);
  if (!instance) {
    instance = DOMPurify(window);
    instance.addHook('afterSanitizeAttributes', (node) => {
      const src = node.getAttribute('src');
      // A remote image would tell its site who reads the content, and when: its alt text stays.
      if (node.nodeName === 'IMG' && src !== null && !isLoadableImage(src, remoteImages)) node.removeAttribute('src');
    });
    purifiers.set(remoteImages, instance);
  }
  return instance;
}

export function renderMarkdown(text: string, { remoteImages = remoteImagesAllowed() } = {}): string {
  return purifier(remoteImages).sanitize(markdown.parse(text, { async: false }), config);
}
