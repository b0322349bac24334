/**
 * IP addresses and CIDR values as Kubernetes' validation reads them (k8s.io/apimachinery pkg/util/validation/ip.go):
 * first with k8s.io/utils/net's sloppy parsers (ParseIPSloppy, ParseCIDRSloppy: Go 1.16's net.ParseIP, which takes
 * leading zeros in an IPv4 octet or the prefix length, and more than four hex digits in an IPv6 field as long as the
 * value fits), then asking whether Go's netip.ParseAddr / ParsePrefix would take the same text (`strict`). IsValidCIDR
 * (registry/servicecidrs.ts) errs on a sloppy-only value ("must not have leading 0s"); GetWarningsForCIDR and
 * GetWarningsForIP (registry/warnings.ts) warn about one; IsValidIP (registry/ipaddresses.ts) errs.
 *
 * An address is held as Go's 16-byte net.IP holds it: eight 16-bit words, an IPv4 address IPv4-mapped
 * (::ffff:a.b.c.d), so "10.0.0.1" and "::ffff:10.0.0.1" have the same words and differ in `family`.
 */
import { formatIPv6 } from './ipv6.js';

export interface ParsedIP {
  /** 4 when written as a dotted quad, 6 otherwise (an IPv4-mapped IPv6 address included). */
  family: 4 | 6;
  words: number[];
  /** netip would take the text too: no leading zero in an octet, at most four hex digits in a field. */
  strict: boolean;
}

export interface ParsedCIDR extends ParsedIP {
  /** The prefix length as written (in the family's own bits). */
  bits: number;
}

/** dtoi/xtoi's bound (Go's net package `big`): a longer run of digits fails. */
const BIG = 0xffffff;

interface Digits { n: number; end: number }

/** Go's dtoi or xtoi at `from`: the number and where its digits end; undefined for none or too many. */
function digits(s: string, from: number, base: 10 | 16): Digits | undefined {
  let n = 0;
  let i = from;
  for (; i < s.length; i++) {
    const d = parseInt(s[i], base);
    if (Number.isNaN(d)) break;
    n = n * base + d;
    if (n >= BIG) return undefined;
  }
  return i === from ? undefined : { n, end: i };
}

/** The sloppy parseIPv4: four decimal fields of any length up to 255. */
function parseV4(s: string): ParsedIP | undefined {
  const words = [0, 0, 0, 0, 0, 0xffff, 0, 0];
  let strict = true;
  let at = 0;
  for (let k = 0; k < 4; k++) {
    if (at >= s.length) return undefined;
    if (k > 0) {
      if (s[at] !== '.') return undefined;
      at++;
    }
    const d = digits(s, at, 10);
    if (!d || d.n > 255) return undefined;
    if (d.end - at > 1 && s[at] === '0') strict = false;
    words[6 + (k >> 1)] |= k & 1 ? d.n : d.n << 8;
    at = d.end;
  }
  return at === s.length ? { family: 4, words, strict } : undefined;
}

/** The sloppy parseIPv6: hex fields, one "::", a trailing dotted quad in the last 32 bits. */
function parseV6(text: string): ParsedIP | undefined {
  const words: number[] = [];
  let strict = true;
  let ellipsis = -1;
  let s = text;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (!s) return { family: 6, words: [0, 0, 0, 0, 0, 0, 0, 0], strict };
  }
  while (words.length < 8) {
    const d = digits(s, 0, 16);
    if (!d || d.n > 0xffff) return undefined;
    if (s[d.end] === '.') {
      if ((ellipsis < 0 && words.length !== 6) || words.length > 6) return undefined;
      const v4 = parseV4(s);
      if (!v4) return undefined;
      strict &&= v4.strict;
      words.push(v4.words[6], v4.words[7]);
      s = '';
      break;
    }
    if (d.end > 4) strict = false;
    words.push(d.n);
    s = s.slice(d.end);
    if (!s) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = words.length;
      s = s.slice(1);
      if (!s) break;
    }
  }
  if (s) return undefined;
  if (words.length < 8) {
    if (ellipsis < 0) return undefined;
    words.splice(ellipsis, 0, ...new Array<number>(8 - words.length).fill(0));
  } else if (ellipsis >= 0) return undefined;
  return { family: 6, words, strict };
}

/** netutils.ParseIPSloppy (and whether netip.ParseAddr agrees); undefined when it is no address. */
export function parseIPSloppy(s: string): ParsedIP | undefined {
  return parseV4(s) ?? parseV6(s);
}

/** netutils.ParseCIDRSloppy (and whether netip.ParsePrefix agrees); undefined when it is no CIDR value. */
export function parseCIDRSloppy(s: string): ParsedCIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIPSloppy(s.slice(0, slash));
  const bitsText = s.slice(slash + 1);
  const d = digits(bitsText, 0, 10);
  if (!ip || !d || d.end !== bitsText.length || d.n > (ip.family === 4 ? 32 : 128)) return undefined;
  // ParsePrefix: "bad bits after slash" for a length with a leading zero.
  return { ...ip, strict: ip.strict && !(bitsText.length > 1 && bitsText[0] === '0'), bits: d.n };
}

/** The prefix length over the 128 bits of the 16-byte form. */
const bits128 = (c: ParsedCIDR) => (c.family === 4 ? c.bits + 96 : c.bits);

/** IPNet.IP: the address with the bits past the prefix cleared. */
export function maskedWords(c: ParsedCIDR): number[] {
  const bits = bits128(c);
  return c.words.map((w, i) => {
    const keep = Math.max(0, Math.min(16, bits - 16 * i));
    return keep === 16 ? w : keep === 0 ? 0 : w & ((0xffff << (16 - keep)) & 0xffff);
  });
}

/** Whether the 16-byte form holds an IPv4 address (net.IP To4, netip Is4In6 for one written as IPv6). */
export const isIPv4MappedWords = (w: number[]): boolean => w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff;

const dotted = (w: number[]) => `${w[6] >> 8}.${w[6] & 255}.${w[7] >> 8}.${w[7] & 255}`;

/** net.IP's String(): an address with an IPv4 form as a dotted quad, any other in RFC 5952 text. */
export const netIPText = (w: number[]): string => (isIPv4MappedWords(w) ? dotted(w) : formatIPv6(w));

/** netip.Addr's String() of a parsed address: IPv4 dotted, IPv6 in RFC 5952 text (an IPv4-mapped one as ::ffff:a.b.c.d). */
export const netipText = (ip: ParsedIP): string => (ip.family === 4 ? dotted(ip.words) : isIPv4MappedWords(ip.words) ? `::ffff:${dotted(ip.words)}` : formatIPv6(ip.words));

/** net.IPNet's String() of the parsed value's network: an IPv4 network (IPv4-mapped ones too) with its 32-bit length. */
export function ipNetText(c: ParsedCIDR): string {
  const net = maskedWords(c);
  return isIPv4MappedWords(net) ? `${dotted(net)}/${bits128(c) - 96}` : `${formatIPv6(net)}/${bits128(c)}`;
}
