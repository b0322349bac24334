import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8Length, utf8Prefix, utf8Suffix } from './utf8.js';

describe('utf8Length', () => {
  it('agrees with TextEncoder on any string, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8Length(s) === new TextEncoder().encode(s).length), { numRuns: 500 });
  });
  it('counts 1, 2, 3 and 4 byte characters', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('한')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    expect(utf8Length('\ud800x')).toBe(4);
  });
});

describe('utf8Prefix', () => {
  it('is the longest start that fits, never a broken character', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.nat(40), (s, n) => {
      const p = utf8Prefix(s, n);
      const enc = (x: string) => new TextEncoder().encode(x).length;
      if (!s.startsWith(p) || enc(p) > n) return false;
      // One more code point would not fit (or nothing is left).
      if (p.length === s.length) return true;
      const next = s.codePointAt(p.length)!;
      return enc(p + String.fromCodePoint(next)) > n || (next >= 0xd800 && next <= 0xdfff);
    }), { numRuns: 500 });
    expect(utf8Prefix('one\ntwo', 6)).toBe('one\ntw');
    expect(utf8Prefix('한글', 4)).toBe('한');
  });
});

describe('utf8Suffix', () => {
  it('keeps the last bytes; a character cut at the start becomes U+FFFD', () => {
    expect(utf8Suffix('one\ntwo', 5)).toBe('e\ntwo');
    expect(utf8Suffix('short', 4096)).toBe('short');
    expect(utf8Suffix('한글', 4)).toBe('\ufffd글');
    expect(utf8Suffix('x'.repeat(5000), 4096)).toHaveLength(4096);
  });
});
