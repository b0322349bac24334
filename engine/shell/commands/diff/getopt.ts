/**
 * glibc's getopt_long as diff and cmp call it: short options from an optstring (`x:` takes an argument), long
 * options by unique prefix with no, required or optional (`--color[=WHEN]`) arguments, operands anywhere (the
 * arguments are permuted) until `--`, and glibc 2.39's texts for what it refuses.
 */

export interface LongOption {
  name: string;
  /** 0: none, 1: required, 2: optional (only as `--name=value`). */
  arg: 0 | 1 | 2;
  /** The short option it stands for, or its own key. */
  key: string;
}

export interface Parsed {
  /** Each option as given, in order: its key (the letter for a short one) and its argument. */
  options: Array<{ key: string; value?: string }>;
  operands: string[];
  /** The arguments that were options or their values, in order, `--` included (getopt's permuted argv before optind). */
  raw: string[];
}

export class GetoptError extends Error {}

export function getopt(args: string[], shortopts: string, longopts: LongOption[]): Parsed {
  const options: Parsed['options'] = [];
  const operands: string[] = [];
  const raw: string[] = [];
  const takes = (c: string): number => {
    const i = shortopts.indexOf(c);
    if (i < 0 || c === ':') return -1;
    return shortopts[i + 1] === ':' ? (shortopts[i + 2] === ':' ? 2 : 1) : 0;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      raw.push(a);
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      raw.push(a);
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = longopts.find((o) => o.name === name);
      const matches = exact ? [exact] : longopts.filter((o) => o.name.startsWith(name));
      const distinct = matches.filter((o, k) => matches.findIndex((p) => p.key === o.key && p.arg === o.arg) === k);
      if (!matches.length) throw new GetoptError(`unrecognized option '${eq < 0 ? a : a.slice(0, eq)}'`);
      if (distinct.length > 1) throw new GetoptError(`option '${eq < 0 ? a : a.slice(0, eq)}' is ambiguous; possibilities:${matches.map((o) => ` '--${o.name}'`).join('')}`);
      const o = matches[0];
      if (eq >= 0) {
        if (o.arg === 0) throw new GetoptError(`option '--${o.name}' doesn't allow an argument`);
        options.push({ key: o.key, value: a.slice(eq + 1) });
      } else if (o.arg === 1) {
        if (i + 1 >= args.length) throw new GetoptError(`option '--${o.name}' requires an argument`);
        options.push({ key: o.key, value: args[++i] });
        raw.push(args[i]);
      } else options.push({ key: o.key });
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      raw.push(a);
      for (let k = 1; k < a.length; k++) {
        const c = a[k];
        const t = takes(c);
        if (t < 0) throw new GetoptError(`invalid option -- '${c}'`);
        if (t === 0) {
          options.push({ key: c });
          continue;
        }
        if (k + 1 < a.length) options.push({ key: c, value: a.slice(k + 1) });
        else if (t === 2) options.push({ key: c });
        else if (i + 1 < args.length) {
          options.push({ key: c, value: args[++i] });
          raw.push(args[i]);
        }
        else throw new GetoptError(`option requires an argument -- '${c}'`);
        break;
      }
      continue;
    }
    operands.push(a);
  }
  return { options, operands, raw };
}
