/**
 * Standard base64 (Go's base64.StdEncoding) without Buffer or btoa's Latin-1 limit: Secrets' data, kubeconfig's
 * `-data` fields, PEM blocks, the shells' `base64`. Text goes in and comes out as UTF-8, the bytes an API object
 * and a container hold: a Secret made from `안녕` is 6 bytes, and decodes back to the same two characters.
 */
import { utf8Bytes } from './utf8.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function base64EncodeBytes(b: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < b.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < b.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

/** The base64 of a string's UTF-8 bytes. */
export function base64Encode(s: string): string {
  return base64EncodeBytes(utf8Bytes(s));
}

/**
 * The bytes of base64 text, leniently: characters outside the alphabet (line breaks, spaces) are skipped and the
 * first `=` ends it. Callers that must refuse bad input as Go does check it first (schema/index.ts base64ErrorOffset).
 */
export function base64DecodeBytes(s: string): Uint8Array {
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) break; // '='
    const v = c < 128 ? VALUE[c] : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

const strictUTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes as the text a terminal shows: UTF-8 when they are UTF-8, else one character per byte, so binary data keeps
 * its length through the shells' pipes.
 */
export function bytesToText(b: Uint8Array): string {
  try {
    return strictUTF8.decode(b);
  } catch {
    let s = '';
    for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
    return s;
  }
}

/** base64 text decoded to the text its bytes are (bytesToText). */
export function base64Decode(s: string): string {
  return bytesToText(base64DecodeBytes(s));
}

/** The decoded byte length of valid base64 text (line breaks ignored), as a size limit or `describe` counts it. */
export function base64DecodedLength(s: string): number {
  const t = s.replace(/[\r\n]/g, '');
  const pad = t.endsWith('==') ? 2 : t.endsWith('=') ? 1 : 0;
  return Math.floor((t.length * 3) / 4) - pad;
}

/**
 * Unpadded standard base32 (RFC 4648's alphabet, Go's base32.StdEncoding.WithPadding(NoPadding)) of the bytes a hex
 * string spells: kube-apiserver's identity (lower-cased there) and kube-proxy's chain names.
 */
export function base32Hex(hex: string): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let bits = 0;
  let value = 0;
  for (let i = 0; i < hex.length; i += 2) {
    value = (value << 8) | parseInt(hex.slice(i, i + 2), 16);
    bits += 8;
    while (bits >= 5) { out += A[(value >>> (bits - 5)) & 31]; bits -= 5; }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += A[(value << (5 - bits)) & 31];
  return out;
}
