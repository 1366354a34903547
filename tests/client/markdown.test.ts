// The final content as the results page shows it: the model's Markdown rendered, its lines kept,
// and nothing it writes run as HTML.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../client/src/lib/markdown.js';

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

  it('renders headings and lists, and drops scripts and event handlers', () => {
    const html = renderMarkdown('# Title\n\n- one\n- two\n\n<img src="x" onerror="alert(1)"><script>alert(2)</script>');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<li>one</li>');
    expect(html).not.toMatch(/onerror|<script/i);
  });
});
