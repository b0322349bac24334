/** IPv6 addresses as eight 16-bit words (ip-parse.ts reads them). */

/** An address's text as Go's netip.Addr String() writes it (RFC 5952): the longest run of two or more zero words, the first of equals, as "::". */
export function formatIPv6(words: number[]): string {
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
    i = j;
  }
  const t = words.map((g) => g.toString(16));
  if (best < 0) return t.join(':');
  return `${t.slice(0, best).join(':')}::${t.slice(best + bestLen).join(':')}`;
}
