/**
 * How `read` splits a line over its names with IFS, shared by bash's `read`
 * (builtins-more.ts) and the containers' ash (engine/kubelet/shell.ts): IFS
 * whitespace around at most one other IFS character separates fields; the last
 * name takes the rest of the line, less trailing IFS whitespace and, when the
 * rest is one field, its one trailing delimiter (bash 5.2: `IFS=: read a b <<< x:y:`
 * gives b=y).
 */
export function splitForRead(text: string, n: number, ifs: string): string[] {
  const isDelim = (c: string) => ifs.includes(c);
  const isWs = (c: string) => isDelim(c) && (c === ' ' || c === '\t' || c === '\n');
  let i = 0;
  const skipWs = () => { while (i < text.length && isWs(text[i])) i++; };
  const out: string[] = [];
  skipWs();
  for (let k = 0; k < n - 1; k++) {
    let j = i;
    while (j < text.length && !isDelim(text[j])) j++;
    out.push(text.slice(i, j));
    i = j;
    skipWs();
    if (i < text.length && isDelim(text[i]) && !isWs(text[i])) { i++; skipWs(); }
  }
  let rest = text.slice(i);
  let e = rest.length;
  while (e > 0 && isWs(rest[e - 1])) e--;
  rest = rest.slice(0, e);
  const body = rest.slice(0, -1);
  if (rest && isDelim(rest[rest.length - 1]) && ![...body].some(isDelim)) rest = body;
  out.push(rest);
  return out;
}
