import { escapeHtml, html, safeHttpUrl, SafeHtml } from './html.js';

describe('HTML escaping', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;');
    expect(escapeHtml('plain text, ünïcödé')).toBe('plain text, ünïcödé');
  });

  it('escapes every interpolated value in the html tag, and only those', () => {
    const name = '<script>alert(1)</script>';
    const attribute = '" onmouseover="alert(1)';
    const out = html`<p title="${attribute}">Hi ${name}, ${3} tickets</p>`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.value).toBe('<p title="&quot; onmouseover=&quot;alert(1)">Hi &lt;script&gt;alert(1)&lt;/script&gt;, 3 tickets</p>');
  });

  it('passes fragments made by the tag through once, joins lists, and renders nothing for null, undefined and false', () => {
    const inner = html`<b>${'a & b'}</b>`;
    expect(html`<div>${inner}${[html`<i>1</i>`, '<2>']}${null}${undefined}${false}</div>`.value).toBe('<div><b>a &amp; b</b><i>1</i>&lt;2&gt;</div>');
    // A look-alike object is not trusted.
    expect(html`${{ value: '<x>' } as unknown as string}`.value).toBe('[object Object]');
  });

  it('only accepts absolute http(s) URLs for links', () => {
    expect(safeHttpUrl('https://tickets.example.com/transfers/1?a=b')).toBe('https://tickets.example.com/transfers/1?a=b');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(undefined)).toBeNull();
  });
});
