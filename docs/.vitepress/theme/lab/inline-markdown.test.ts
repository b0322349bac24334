import { describe, expect, it } from 'vitest';
import { escapeHTML, renderInline, renderText } from './inline-markdown';

describe('exercise text rendering', () => {
  it('turns code spans and bold into markup and escapes the rest', () => {
    expect(renderInline('Run `kubectl get pods -l app=<x>` **now** <b>')).toBe('Run <code>kubectl get pods -l app=&lt;x&gt;</code> <strong>now</strong> &lt;b&gt;');
  });

  it('keeps ** inside code literal and escapes quotes', () => {
    expect(renderInline('`a**b**c` "q" \'s\'')).toBe('<code>a**b**c</code> &quot;q&quot; &#39;s&#39;');
  });

  it('makes one paragraph per line of a block text', () => {
    expect(renderText('First `x`.\nSecond.\n\nThird.\n')).toBe('<p>First <code>x</code>.</p><p>Second.</p><p>Third.</p>');
  });

  it('escapes every HTML metacharacter', () => {
    expect(escapeHTML(`<img src=x onerror="alert(1)">&`)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;');
  });
});
