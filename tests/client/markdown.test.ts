// The final content as the results page shows it: the model's Markdown rendered, its lines kept,
// and nothing it writes run as HTML, styled or loaded from elsewhere.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../client/src/lib/markdown.js';
import { hostileDocument } from '../support/hostile-markup.js';

describe('renderMarkdown', () => {
  it("keeps an email's subject and preheader lines apart, as the model wrote them", () => {
    const html = renderMarkdown('Subject line: Meet green habits\nPreheader text: Small steps, real results.\n\nDear customer,');
    const page = document.createElement('div');
    page.innerHTML = html;
    const first = page.querySelector('p');
    expect(first?.querySelector('br')).not.toBeNull();
    expect(first?.textContent).toContain('Meet green habits');
    expect(page.querySelectorAll('p')).toHaveLength(2);
  });

  it('renders headings and lists, and shows HTML written into the Markdown as text, scripts and handlers too', () => {
    const html = renderMarkdown('# Title\n\n- one\n- two\n\n<img src="x" onerror="alert(1)"><script>alert(2)</script>');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<li>one</li>');
    const page = document.createElement('div');
    page.innerHTML = html;
    expect(page.querySelectorAll('img, script, [onerror]')).toHaveLength(0);
    expect(page.textContent).toContain('<img src="x" onerror="alert(1)"><script>alert(2)</script>');
  });

  it('keeps the bare tags a writer may type: a line break, a superscript', () => {
    const html = renderMarkdown('Line one<br>line two, E = mc<sup>2</sup> and <B>bold</B>, but <span title="x">not this</span>');
    expect(html).toBe('<p>Line one<br>line two, E = mc<sup>2</sup> and <b>bold</b>, but &lt;span title="x"&gt;not this&lt;/span&gt;</p>\n');
  });
});

describe('renderMarkdown with hostile markup', () => {
  const evil = 'https://evil.test';
  const rendered = (markdown: string, options?: { remoteImages: boolean }) => {
    const page = document.createElement('div');
    page.innerHTML = renderMarkdown(markdown, options);
    return page;
  };

  it('keeps what Markdown needs and nothing of the OWASP vectors, the phishing form or the CSS', () => {
    const page = rendered(hostileDocument(evil));
    expect(page.querySelector('h1')?.textContent).toBe('Balcony composting');
    expect(page.querySelector('table td')?.textContent).toBe('Worms');
    // The hostile links stay as text, without an address.
    const addresses = [...page.querySelectorAll('a[href]')].map((link) => link.getAttribute('href'));
    expect(addresses).toEqual(['https://example.com/guide', 'mailto:hello@example.com']);
    const unwanted =
      'script, style, link, meta, base, iframe, object, embed, form, input, button, svg, math, video, audio, details, marquee, template';
    expect([...page.querySelectorAll(unwanted)].map((element) => element.localName)).toEqual([]);
    const attributes = [...page.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => attribute.name));
    expect(attributes.filter((name) => !['href', 'src', 'alt', 'title', 'align', 'start'].includes(name))).toEqual([]);
  });

  it('loads images only from the app or data:, unless remote images are allowed, and then only over https', () => {
    const images =
      '![remote](https://evil.test/pixel.png) ![plain](http://evil.test/plain.png) ![local](/assets/logo.png) ![dot](data:image/gif;base64,R0lGODlhAQABAAAAACw=) ![page](data:text/html,hi)';
    const sources = (options?: { remoteImages: boolean }) =>
      [...rendered(images, options).querySelectorAll('img')].map((image) => [image.alt, image.getAttribute('src')]);
    expect(sources()).toEqual([
      ['remote', null],
      ['plain', null],
      ['local', '/assets/logo.png'],
      ['dot', 'data:image/gif;base64,R0lGODlhAQABAAAAACw='],
      ['page', null],
    ]);
    expect(sources({ remoteImages: true })).toEqual([
      ['remote', 'https://evil.test/pixel.png'],
      ['plain', null],
      ['local', '/assets/logo.png'],
      ['dot', 'data:image/gif;base64,R0lGODlhAQABAAAAACw='],
      ['page', null],
    ]);
  });
});
