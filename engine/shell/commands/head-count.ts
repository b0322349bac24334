/**
 * head's and tail's COUNT arguments as coreutils 9.1 reads them: digits with
 * an optional multiplier (`b` 512, `K`/`k` 1024, `KB` 1000, `KiB` 1024, then
 * M, G, T, P, E, Z, Y, R, Q), and the text split into lines that keep their
 * newline, so a last line without one stays without one.
 */
const POWERS = 'KMGTPEZYRQ';

/** The count, or undefined when coreutils would say "invalid number"; huge counts become Infinity (coreutils clamps them). */
export function parseCount(raw: string): number | undefined {
  const m = /^([0-9]+)(b|([kKmMGTPEZYRQ])(B|iB)?)?$/.exec(raw);
  if (!m) return undefined;
  let n = Number(m[1]);
  if (m[2] === 'b') n *= 512;
  else if (m[3]) n *= (m[4] === 'B' ? 1000 : 1024) ** (POWERS.indexOf(m[3].toUpperCase()) + 1);
  return Number.isSafeInteger(n) ? n : Infinity;
}

/** `a\nb\nc` → [`a\n`, `b\n`, `c`]. */
export function lineChunks(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
