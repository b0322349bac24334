import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Decode, base64DecodeBytes, base64DecodedLength, base64Encode, base64EncodeBytes } from './base64.js';

// Node's Buffer is Go's base64.StdEncoding on these inputs; the engine itself may not use it.
describe('base64 as Go and coreutils write it', () => {
  it('encodes text as its UTF-8 bytes and decodes back to the same text', () => {
    expect(base64Encode('안녕하세요')).toBe('7JWI64WV7ZWY7IS47JqU'); // kubectl v1.35.2 create secret --from-literal
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (s) => {
      expect(base64Encode(s)).toBe(Buffer.from(s, 'utf8').toString('base64'));
      expect(base64Decode(base64Encode(s))).toBe(s);
      expect(base64DecodedLength(base64Encode(s))).toBe(Buffer.byteLength(s, 'utf8'));
    }));
  });

  it('decodes any bytes; text that is not UTF-8 keeps one character per byte', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      const text = base64EncodeBytes(b);
      expect(text).toBe(Buffer.from(b).toString('base64'));
      expect([...base64DecodeBytes(text)]).toEqual([...b]);
      // Wrapped at 76 columns, as `base64` and PEM write it.
      expect([...base64DecodeBytes(text.replace(/.{1,76}/g, '$&\n'))]).toEqual([...b]);
    }));
    expect(base64Decode(base64EncodeBytes([0xff, 0x41]))).toBe('\u00ffA');
  });
});
