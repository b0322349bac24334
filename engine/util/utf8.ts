/**
 * The UTF-8 length of a string without encoding it (Go's len(string), a file's
 * size): size limits measure up to 1 MiB on every write. A lone surrogate
 * counts as the 3-byte U+FFFD it encodes to.
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The longest start of `s` whose UTF-8 encoding fits in `bytes` (a writer limited to that many bytes, cut at a character). */
export function utf8Prefix(s: string, bytes: number): string {
  return s.slice(0, utf8PrefixLength(s, 0, bytes));
}

/** How many UTF-16 units of `s` from `start` fit in `bytes` UTF-8 bytes, whole characters only (a read(2) of a block). */
export function utf8PrefixLength(s: string, start: number, bytes: number): number {
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a 4-byte character takes two).
  if ((s.length - start) * 3 <= bytes) return s.length - start;
  let n = 0;
  let i = start;
  while (i < s.length) {
    const c = s.codePointAt(i)!;
    const w = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (n + w > bytes) break;
    n += w;
    i += c >= 0x10000 ? 2 : 1;
  }
  return i - start;
}

/**
 * The last `bytes` bytes of `s`'s UTF-8 encoding (a reader of a file's tail): a character cut at the start decodes
 * to U+FFFD, as those bytes do in the JSON an API object is written in.
 */
export function utf8Suffix(s: string, bytes: number): string {
  if (s.length * 3 <= bytes) return s;
  const all = new TextEncoder().encode(s);
  return all.length <= bytes ? s : new TextDecoder().decode(all.subarray(all.length - bytes));
}

/** A string's UTF-8 bytes, for base64 and SHA-256 (no Buffer in the page). */
export function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** The text of UTF-8 bytes; throws on a malformed sequence. */
export function utf8Text(bytes: readonly number[]): string {
  return decodeURIComponent(bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
}
