/**
 * IP addresses as Go's netip.ParseAddr reads them (Go 1.25, the toolchain of Kubernetes v1.35): IPv4 as four octets,
 * IPv6 as sixteen bytes with its zone, or the parse error's text exactly as Go prints it, `(at "…")` included, since
 * CEL's ip()/cidr() show that text to whoever wrote the expression.
 */

export interface NetipAddr {
  bytes: number[];
  /** The IPv6 scoped-addressing zone after `%`, '' when none. */
  zone: string;
}

const q = (s: string) => JSON.stringify(s);

function addrError(input: string, msg: string, at = ''): string {
  return `ParseAddr(${q(input)}): ${msg}${at ? ` (at ${q(at)})` : ''}`;
}

/** netip.ParseAddr: the family is picked by the first '.', ':' or '%' in the text. */
export function parseAddr(s: string): NetipAddr | string {
  for (const c of s) {
    if (c === '.') {
      const v4 = ipv4Fields(s, 0, s.length);
      return typeof v4 === 'string' ? v4 : { bytes: v4, zone: '' };
    }
    if (c === ':') return ipv6(s);
    if (c === '%') return addrError(s, 'missing IPv6 address');
  }
  return addrError(s, 'unable to parse IP');
}

/** An IPv6 address without a zone: its sixteen bytes, or why not. */
export function parseIPv6(s: string): number[] | string {
  const r = parseAddr(s);
  if (typeof r === 'string') return r;
  if (r.bytes.length !== 16) return addrError(s, 'not an IPv6 address');
  return r.zone ? addrError(s, 'zone not allowed') : r.bytes;
}

/** Go's parseIPv4Fields over input[off:end]; errors name the whole input. */
function ipv4Fields(input: string, off: number, end: number): number[] | string {
  const s = input.slice(off, end);
  const fields: number[] = [];
  let val = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      if (digits === 1 && val === 0) return addrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c.charCodeAt(0) - 48);
      digits++;
      if (val > 255) return addrError(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') return addrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (fields.length === 3) return addrError(input, 'IPv4 address too long');
      fields.push(val);
      val = 0;
      digits = 0;
    } else {
      return addrError(input, 'unexpected character', s.slice(i));
    }
  }
  if (fields.length < 3) return addrError(input, 'IPv4 address too short');
  fields.push(val);
  return fields;
}

const hexValue = (c: string): number => {
  const n = c.charCodeAt(0);
  if (n >= 48 && n <= 57) return n - 48;
  if (n >= 97 && n <= 102) return n - 87;
  if (n >= 65 && n <= 70) return n - 55;
  return -1;
};

/** Go's parseIPv6: hex groups, at most one `::`, an embedded IPv4 only in the last 32 bits. */
function ipv6(input: string): NetipAddr | string {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') return addrError(input, 'zone must be a non-empty string');
  }
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return { bytes: ip, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const h = hexValue(s[off]);
      if (h < 0) break;
      acc = acc * 16 + h;
      if (off > 3) return addrError(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) return addrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) return addrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return addrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) return addrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      const end = input.length - (zone ? zone.length + 1 : 0);
      const v4 = ipv4Fields(input, end - s.length, end);
      if (typeof v4 === 'string') return v4;
      ip.splice(i, 4, ...v4);
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') return addrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) return addrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return addrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return addrError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) return addrError(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return addrError(input, 'the :: must expand to at least one field of zeros');
  }
  return { bytes: ip, zone };
}
