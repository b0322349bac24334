/**
 * Kubernetes' `$(NAME)` references in env values, command and args (third_party/forked/golang/expansion): `$$` is
 * one `$`, a name that is not defined stays as written, and a `$` before anything else is left alone.
 */
export function expandEnvRefs(input: string, defined: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      i++;
    } else if (input[i + 1] === '$') {
      out += '$';
      i += 2;
    } else if (input[i + 1] === '(' && input.indexOf(')', i + 2) >= 0) {
      const close = input.indexOf(')', i + 2);
      const name = input.slice(i + 2, close);
      out += defined(name) ?? `$(${name})`;
      i = close + 1;
    } else {
      // An unclosed `$(`, or a `$` before another character: both characters as they are.
      out += input.slice(i, i + 2);
      i += 2;
    }
  }
  return out;
}
