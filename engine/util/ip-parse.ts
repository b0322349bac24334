/** IP addresses as Go's netip.ParseAddr reads them: IPv4 as four octets, IPv6 as sixteen bytes, or the parse error's text. */

/** netip.ParseAddr of a dotted quad: its octets, or the parse error's text. */
export function parseIPv4(s: string): number[] | string {
  const parts = s.split('.');
  if (parts.length !== 4) return 'IPv4 address too short';
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return 'unexpected character';
    if (p.length > 1 && p[0] === '0') return 'IPv4 field has octet with leading zero';
    const n = Number(p);
    if (n > 255) return 'IPv4 field has value >255';
    out.push(n);
  }
  return out;
}

/** netip.ParseAddr of an IPv6 address: its sixteen bytes, or the parse error's text ('zone' for one with a zone). */
export function parseIPv6(s: string): number[] | string {
  if (s.includes('%')) return 'zone';
  const halves = s.split('::');
  if (halves.length > 2) return 'multiple :: in address';
  const groups = (h: string): number[] | string => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (typeof v4 === 'string') return v4;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return p.length > 4 ? 'each colon-separated field must have at most 4 hex digits' : 'unexpected character';
      out.push(parseInt(p, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  if (typeof head === 'string') return head;
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (typeof tail === 'string') return tail;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return halves.length === 2 ? 'IPv6 address too long' : 'IPv6 address too short';
  const words = [...head, ...new Array(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}
