/**
 * engine/util/cidr.ts against what its two callers did before it: registry/servicecidrs.ts's IsValidCIDR and
 * registry/warnings.ts's GetWarningsForIP and GetWarningsForCIDR each had a parser of their own (kept below, as they
 * were, as the oracle). On random values of every shape the answers are the same, but where the old parsers were
 * not Go's (the cases `oldParsersDiffer` names, each checked against the real texts in cidr-cases below):
 *  - IsValidCIDR took decimal fields of at most three digits, so "0010.0.0.0/8" or "10.0.0.0/0008" was no CIDR at
 *    all; ParseCIDRSloppy takes any number of leading zeros, so it is "must not have leading 0s";
 *  - both refused an IPv6 field of five or more hex digits ("00001::/64"), which the sloppy parser takes when the
 *    value fits in 16 bits (netip does not: leading 0s, and the non-standard warning);
 *  - both missed a leading zero in a dotted quad inside an IPv6 address ("64:ff9b::010.0.0.0/96");
 *  - the warnings wrote an IPv4-mapped value's single-address CIDR with /32 where Go writes the mask's 128, and
 *    called one whose prefix is shorter than 96 bits standard.
 */
import { describe, expect, it } from 'vitest';
import { field, fieldErrorText, type FieldError } from '../api/errors.js';
import { isValidCIDR } from '../api/registry/servicecidrs.js';
import { cidrWarnings, ipWarnings } from '../api/registry/warnings.js';
import { parseCIDRSloppy, parseIPSloppy } from './cidr.js';
import { formatIPv6 } from './ipv6.js';
import { parseIPv6 as parseIPv6Strict } from './ip-parse.js';
import { Random } from './random.js';

const q = (s: string) => JSON.stringify(s);

// ---------- the old implementations, as they were ----------

interface ParsedCIDR {
  family: 4 | 6;
  /** 16-bit words for IPv6, octets for IPv4. */
  parts: number[];
  bits: number;
  /** What netip.ParsePrefix refuses that ParseCIDRSloppy takes: leading zeros in an octet or the prefix length. */
  leadingZeros: boolean;
}

/** netutils.ParseCIDRSloppy: IPv4 octets and the prefix length may carry leading zeros. */
function parseCIDR(value: string): ParsedCIDR | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const addr = value.slice(0, slash);
  const bitsText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  const zeroPrefix = bitsText.length > 1 && bitsText[0] === '0';
  if (!addr.includes(':')) {
    const octets = addr.split('.');
    if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255) || bits > 32) return undefined;
    return { family: 4, parts: octets.map(Number), bits, leadingZeros: zeroPrefix || octets.some((o) => o.length > 1 && o[0] === '0') };
  }
  const bytes = parseIPv6Strict(addr);
  if (typeof bytes === 'string' || bits > 128) return undefined;
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  return { family: 6, parts: words, bits, leadingZeros: zeroPrefix };
}

/** The address with the bits past the prefix cleared. */
function masked(c: ParsedCIDR): number[] {
  const width = c.family === 4 ? 8 : 16;
  return c.parts.map((p, i) => {
    const keep = Math.max(0, Math.min(width, c.bits - width * i));
    return keep === 0 ? 0 : p - (p % 2 ** (width - keep));
  });
}

const isIPv4Mapped = (c: ParsedCIDR) => c.family === 6 && c.parts.slice(0, 5).every((w) => w === 0) && c.parts[5] === 0xffff;

/** IsValidCIDR: a strict, masked, canonical CIDR value. */
function oldIsValidCIDR(path: string, value: string): FieldError[] {
  const c = parseCIDR(value);
  if (!c) return [field.invalid(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
  if (c.leadingZeros) return [field.invalid(path, value, 'must not have leading 0s in IP or prefix length')];
  if (isIPv4Mapped(c)) return [field.invalid(path, value, 'must not have an IPv4-mapped IPv6 address')];
  const net = masked(c);
  if (net.some((p, i) => p !== c.parts[i])) return [field.invalid(path, value, 'must not have bits set beyond the prefix length')];
  const canonical = `${c.family === 4 ? net.join('.') : formatIPv6(net)}/${c.bits}`;
  return value === canonical ? [] : [field.invalid(path, value, `must be in canonical form (${JSON.stringify(canonical)})`)];
}


/** GetWarningsForIP of a field validated with IsValidIPForLegacyField: leading zeros, IPv4-mapped IPv6, non-canonical IPv6. */
function oldIpWarnings(path: string, value: string): string[] {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(value);
  if (v4) {
    const octets = v4.slice(1);
    if (octets.some((o) => o.length > 1 && o[0] === '0')) {
      return [`${path}: non-standard IP address ${q(value)} will be considered invalid in a future Kubernetes release: use ${q(octets.map(Number).join('.'))}`];
    }
    return [];
  }
  const groups = parseIPv6(value);
  if (!groups) return [];
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const v4text = [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.');
    return [`${path}: non-standard IP address ${q(value)} will be considered invalid in a future Kubernetes release: use ${q(v4text)}`];
  }
  const canonical = formatIPv6(groups);
  return canonical === value ? [] : [`${path}: IPv6 address ${q(value)} should be in RFC 5952 canonical format (${q(canonical)})`];
}

/** The eight 16-bit groups of an IPv6 address (an embedded dotted quad allowed), or undefined. */
function parseIPv6(text: string): number[] | undefined {
  if (!text.includes(':')) return undefined;
  let s = text;
  const tail: number[] = [];
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (quad) {
    const o = quad.slice(1).map(Number);
    if (o.some((x) => x > 255)) return undefined;
    tail.push((o[0] << 8) | o[1], (o[2] << 8) | o[3]);
    s = s.slice(0, quad.index) + (s.slice(0, quad.index).endsWith(':') ? '' : ':');
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const part = (h: string) => (h === '' ? [] : h.split(':'));
  const head = part(halves[0]);
  const rest = halves.length === 2 ? part(halves[1]) : [];
  const hex = [...head, ...rest];
  if (hex.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const fill = 8 - tail.length - hex.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  return [...head.map((g) => parseInt(g, 16)), ...new Array(halves.length === 2 ? fill : 0).fill(0), ...rest.map((g) => parseInt(g, 16)), ...tail];
}

/** GetWarningsForCIDR of a field validated with IsValidCIDRForLegacyField: bits set after the prefix, leading zeros, IPv4-mapped or non-canonical IPv6. */
function oldCidrWarnings(path: string, value: string): string[] {
  const slash = value.indexOf('/');
  if (slash < 0 || !/^\d+$/.test(value.slice(slash + 1))) return [];
  const addrText = value.slice(0, slash);
  const bitsText = value.slice(slash + 1);
  let bits = Number(bitsText);
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(addrText);
  let groups: number[] | undefined;
  let mapped = false;
  if (v4) {
    const o = v4.slice(1).map(Number);
    if (o.some((x) => x > 255) || bits > 32) return [];
    groups = [0, 0, 0, 0, 0, 0xffff, (o[0] << 8) | o[1], (o[2] << 8) | o[3]];
    bits += 96;
  } else {
    groups = parseIPv6(addrText);
    if (!groups || bits > 128) return [];
    mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff && bits >= 96;
  }
  const isV4 = !!v4 || mapped;
  // net.ParseCIDR gives an IPv4-mapped prefix as the IPv4 one.
  const masked = groups.map((g, i) => {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return keep === 16 ? g : keep === 0 ? 0 : g & ((0xffff << (16 - keep)) & 0xffff);
  });
  const text = (g: number[]) => (isV4 ? [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.') : formatIPv6(g));
  const shownBits = isV4 ? bits - 96 : bits;
  const network = `${text(masked)}/${shownBits}`;
  const w: string[] = [];
  if (masked.some((g, i) => g !== groups![i])) {
    w.push(`${path}: CIDR value ${q(value)} is ambiguous in this context (should be ${q(network)} or ${q(`${text(groups)}/${isV4 ? 32 : 128}`)}?)`);
  }
  const leadingZero = (d: string) => d.length > 1 && d[0] === '0';
  if ((v4 && v4.slice(1).some(leadingZero)) || leadingZero(bitsText) || mapped) {
    w.push(`${path}: non-standard CIDR value ${q(value)} will be considered invalid in a future Kubernetes release: use ${q(network)}`);
  }
  if (w.length === 0 && !v4) {
    const canonical = `${formatIPv6(groups)}/${bits}`;
    if (canonical !== value) w.push(`${path}: IPv6 CIDR value ${q(value)} should be in RFC 5952 canonical format (${q(canonical)})`);
  }
  return w;
}


// ---------- random values of every shape ----------

function generator(r: Random) {
  const pick = <T>(xs: T[]): T => xs[r.int(xs.length)];
  const dec = () => {
    const n = pick([0, 1, 9, 10, 99, 100, 192, 255, 256, 300, r.int(256)]);
    // Mostly plain, sometimes with leading zeros (up to a field of five digits).
    return r.int(5) === 0 ? String(n).padStart(String(n).length + 1 + r.int(2), '0') : String(n);
  };
  const quad = () => [dec(), dec(), dec(), dec()].join('.');
  const hex = () => {
    const n = pick([0, 1, 0xa, 0xdb8, 0xffff, 0x2001, 0xfd00, r.int(0x10000)]);
    const t = n.toString(16);
    const padded = r.int(6) === 0 ? t.padStart(t.length + 1 + r.int(2), '0') : r.int(4) === 0 ? t.padStart(4, '0') : t;
    return r.int(5) === 0 ? padded.toUpperCase() : padded;
  };
  const v6 = () => {
    const shape = r.int(7);
    if (shape === 0) return `::ffff:${quad()}`;
    if (shape === 1) return `64:ff9b::${quad()}`;
    const n = 1 + r.int(8);
    const groups = Array.from({ length: n }, hex);
    if (shape === 2) return groups.join(':');
    if (shape === 3 && n < 8) return `::${groups.join(':')}`;
    if (shape === 4 && n < 8) return `${groups.join(':')}::`;
    const at = r.int(n + 1);
    return `${groups.slice(0, at).join(':')}::${groups.slice(at).join(':')}`;
  };
  const bits = (v4: boolean) => {
    const n = pick([0, 8, 12, 16, 24, 28, 32, 33, 48, 64, 96, 100, 104, 112, 120, 128, 129, r.int(v4 ? 33 : 129)]);
    return r.int(6) === 0 ? `0${n}` : String(n);
  };
  const junk = (s: string) => {
    const i = r.int(s.length + 1);
    const c = pick(['', ' ', ':', '.', '/', 'x', '%eth0', '::', '1']);
    return s.slice(0, i) + c + s.slice(i + (r.int(2) ? 1 : 0));
  };
  return {
    ip(): string {
      const s = r.int(2) ? quad() : v6();
      return r.int(8) === 0 ? junk(s) : s;
    },
    cidr(): string {
      const v4 = r.int(2) === 0;
      const s = `${v4 ? quad() : v6()}/${bits(v4)}`;
      return r.int(8) === 0 ? junk(s) : s;
    },
  };
}

/** Values where the old parsers were not Go's (the header's list): their answers are checked case by case below. */
function oldParsersDiffer(s: string): boolean {
  const addr = s.split('/')[0];
  if (/(^|[^0-9a-fA-F])\d{4,}(?=[./]|$)/.test(s)) return true; // a decimal field of four or more digits
  if (/(^|:)[0-9a-fA-F]{5,}(?=[:/]|$)/.test(s)) return true; // an IPv6 field of five or more hex digits
  if (addr.includes(':') && /(^|[:.])0\d+(?=[.]|$)|\.0\d+/.test(addr)) return true; // a leading zero in a dotted quad inside IPv6
  if (addr.includes(':') && /\.[^:]*:/.test(addr)) return true; // a dotted quad that is not at the end
  const strict = parseIPv6Strict(addr);
  if (typeof strict !== 'string' && strict.slice(0, 10).every((b) => b === 0) && strict[10] === 0xff && strict[11] === 0xff) return true; // IPv4-mapped
  return false;
}

const errTexts = (errs: FieldError[]) => errs.map(fieldErrorText);

describe('the CIDR helper against the old parsers', () => {
  it('answers as both old parsers did on random values of every shape, where they were right', () => {
    const g = generator(new Random(20261128));
    let compared = 0;
    let differing = 0;
    for (let i = 0; i < 20000; i++) {
      const c = g.cidr();
      if (oldParsersDiffer(c)) differing++;
      else {
        compared++;
        expect([c, ...errTexts(isValidCIDR('f', c))]).toEqual([c, ...errTexts(oldIsValidCIDR('f', c))]);
        // GetWarningsForCIDR is only called on values IsValidCIDRForLegacyField took.
        if (parseCIDRSloppy(c)) expect([c, ...cidrWarnings('f', c)]).toEqual([c, ...oldCidrWarnings('f', c)]);
        else expect(cidrWarnings('f', c)).toEqual([]);
      }
      const ip = g.ip();
      if (!oldParsersDiffer(ip)) {
        if (parseIPSloppy(ip)) expect([ip, ...ipWarnings('f', ip)]).toEqual([ip, ...oldIpWarnings('f', ip)]);
        else expect(ipWarnings('f', ip)).toEqual([]);
      }
    }
    // Both sets are large: the comparison is not vacuous, and the exceptions are exceptions.
    expect(compared).toBeGreaterThan(9000);
    expect(differing).toBeGreaterThan(1000);
  });

  it('answers as Go does where the old parsers did not', () => {
    const invalid = (v: string) => errTexts(isValidCIDR('f', v));
    expect(invalid('0010.0.0.0/8')).toEqual(['f: Invalid value: "0010.0.0.0/8": must not have leading 0s in IP or prefix length']);
    expect(invalid('10.0.0.0/0008')).toEqual(['f: Invalid value: "10.0.0.0/0008": must not have leading 0s in IP or prefix length']);
    expect(invalid('00001::/64')).toEqual(['f: Invalid value: "00001::/64": must not have leading 0s in IP or prefix length']);
    expect(invalid('10000::/64')).toEqual(['f: Invalid value: "10000::/64": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
    expect(invalid('64:ff9b::010.0.0.0/96')).toEqual(['f: Invalid value: "64:ff9b::010.0.0.0/96": must not have leading 0s in IP or prefix length']);
    expect(invalid('9.100.192.0::/48')).toEqual(['f: Invalid value: "9.100.192.0::/48": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
    expect(cidrWarnings('f', '00001::/64')).toEqual(['f: non-standard CIDR value "00001::/64" will be considered invalid in a future Kubernetes release: use "1::/64"']);
    expect(cidrWarnings('f', '64:ff9b::010.0.0.1/128'))
      .toEqual(['f: non-standard CIDR value "64:ff9b::010.0.0.1/128" will be considered invalid in a future Kubernetes release: use "64:ff9b::a00:1/128"']);
    // net.IP's String() writes an IPv4-mapped address as IPv4; the mask of a value written as IPv6 is 128 bits.
    expect(cidrWarnings('f', '::ffff:10.0.0.1/120')).toEqual([
      'f: CIDR value "::ffff:10.0.0.1/120" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/128"?)',
      'f: non-standard CIDR value "::ffff:10.0.0.1/120" will be considered invalid in a future Kubernetes release: use "10.0.0.0/24"',
    ]);
    expect(cidrWarnings('f', '::ffff:10.0.0.0/64')).toEqual([
      'f: CIDR value "::ffff:10.0.0.0/64" is ambiguous in this context (should be "::/64" or "10.0.0.0/128"?)',
      'f: non-standard CIDR value "::ffff:10.0.0.0/64" will be considered invalid in a future Kubernetes release: use "::/64"',
    ]);
    expect(ipWarnings('f', '::ffff:10.0.0.1')).toEqual(['f: non-standard IP address "::ffff:10.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1"']);
    expect(ipWarnings('f', '0000a::1')).toEqual(['f: non-standard IP address "0000a::1" will be considered invalid in a future Kubernetes release: use "a::1"']);
    expect(ipWarnings('f', '300.1.1.01')).toEqual([]);
  });
});
