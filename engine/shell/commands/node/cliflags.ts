/**
 * Go's flag package as urfave/cli v2 drives it for crictl: `-name`, `--name`,
 * `-name=value`, `-name value`; parsing stops at the first argument that is
 * not a flag (and after `--`); with UseShortOptionHandling, `-aq` is `-a -q`.
 */
export interface FlagDef {
  names: string[];
  kind: 'bool' | 'string' | 'int';
}

export type ParsedFlags = { values: Map<string, string | boolean>; args: string[] } | { error: string };

export function parseGoFlags(argv: string[], defs: FlagDef[], shortOptions = true): ParsedFlags {
  const byName = new Map<string, FlagDef>();
  for (const d of defs) for (const n of d.names) byName.set(n, d);
  const values = new Map<string, string | boolean>();
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const def = byName.get(name);
    if (!def) {
      // -aq: every letter a boolean flag of its own.
      if (shortOptions && !a.startsWith('--') && eq < 0 && [...name].every((ch) => byName.get(ch)?.kind === 'bool')) {
        for (const ch of name) values.set(byName.get(ch)!.names[0], true);
        continue;
      }
      return { error: `flag provided but not defined: -${name}` };
    }
    const key = def.names[0];
    if (def.kind === 'bool') {
      if (eq >= 0) {
        const v = body.slice(eq + 1);
        if (!/^(1|0|t|f|T|F|true|false|TRUE|FALSE|True|False)$/.test(v)) return { error: `invalid boolean value "${v}" for -${name}: parse error` };
        values.set(key, /^(1|t|T|true|TRUE|True)$/.test(v));
      } else values.set(key, true);
      continue;
    }
    let v: string;
    if (eq >= 0) v = body.slice(eq + 1);
    else if (i + 1 < argv.length) v = argv[++i];
    else return { error: `flag needs an argument: -${name}` };
    if (def.kind === 'int' && !/^[+-]?[0-9]+$/.test(v)) return { error: `invalid value "${v}" for flag -${name}: parse error` };
    values.set(key, v);
  }
  return { values, args: argv.slice(i) };
}
