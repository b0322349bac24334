/**
 * glibc's getopt_long as procps (free, uptime), coreutils (nproc, df) and ss
 * call it: short options clustered (`-hm`), a value glued (`-s2`) or next
 * (`-s 2`), long options by any unambiguous prefix (`--hum`), `--opt=value`,
 * operands permuted to the end, `--` ending options. Errors carry glibc's
 * texts; the caller prints them after its name and adds its usage.
 */
export interface LongOption {
  name: string;
  /** The option it stands for: a short letter, or the long name for long-only options. */
  key: string;
  arg?: 'required' | 'optional';
}

export interface ParsedOptions {
  /** Each option in order, with its value when it takes one, and its long name when given by it (for the tools that name it in errors). */
  options: Array<{ key: string; value?: string; long?: string }>;
  operands: string[];
}

/** `shorts` is getopt's option string: a letter followed by ':' takes a value. */
export function getoptLong(args: string[], shorts: string, longs: LongOption[]): ParsedOptions | { error: string } {
  const options: ParsedOptions['options'] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { operands.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = longs.find((l) => l.name === name);
      const matches = exact ? [exact] : longs.filter((l) => l.name.startsWith(name));
      // Prefixes of several names that all stand for the same option are not ambiguous.
      if (matches.length > 1 && !matches.every((m) => m.key === matches[0].key && m.arg === matches[0].arg)) {
        return { error: `option '${a.slice(0, eq < 0 ? undefined : eq)}' is ambiguous; possibilities:${matches.map((m) => ` '--${m.name}'`).join('')}` };
      }
      const opt = matches[0];
      if (!opt) return { error: `unrecognized option '${a}'` };
      if (eq >= 0) {
        if (!opt.arg) return { error: `option '--${opt.name}' doesn't allow an argument` };
        options.push({ key: opt.key, value: a.slice(eq + 1), long: opt.name });
      } else if (opt.arg === 'required') {
        if (i + 1 >= args.length) return { error: `option '--${opt.name}' requires an argument` };
        options.push({ key: opt.key, value: args[++i], long: opt.name });
      } else options.push({ key: opt.key, long: opt.name });
      continue;
    }
    if (!a.startsWith('-') || a === '-') { operands.push(a); continue; }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      const at = shorts.indexOf(ch);
      if (at < 0 || ch === ':') return { error: `invalid option -- '${ch}'` };
      if (shorts[at + 1] === ':') {
        const rest = a.slice(j + 1);
        if (rest) options.push({ key: ch, value: rest });
        else if (i + 1 < args.length) options.push({ key: ch, value: args[++i] });
        else return { error: `option requires an argument -- '${ch}'` };
        break;
      }
      options.push({ key: ch });
    }
  }
  return { options, operands };
}
