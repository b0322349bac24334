import type { CommandSpec } from '../process.js';
import { breToJs, ereToJs } from './grep.js';
import { lines, readFileFor } from './util.js';

type Address = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: RegExp };

interface SedCmd {
  addr?: Address;
  /** The range's end (`addr1,addr2`): from a line addr1 selects through the next line addr2 selects, both included. */
  addr2?: Address;
  op: 's' | 'd' | 'p' | 'q';
  re?: RegExp;
  replacement?: string;
  global?: boolean;
  print?: boolean;
}

/** sed [-n] [-E] [-i] [-e SCRIPT]... SCRIPT [FILE]: the `s///[gpi]`, `d`, `p`, `q` commands with line, `$` and /re/ addresses and ranges of them. */
export const sed: CommandSpec = {
  name: 'sed',
  summary: 'stream editor for filtering and transforming text',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const scripts: string[] = [];
    const files: string[] = [];
    let quiet = false;
    let ere = false;
    let inPlace = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-n') quiet = true;
      else if (a === '-E' || a === '-r') ere = true;
      else if (a === '-i') inPlace = true;
      else if (a === '-e') scripts.push(args[++i] ?? '');
      else if (a.startsWith('-') && a.length > 1) { ctx.stderr.write(`sed: invalid option -- '${a[1]}'\n`); return 1; }
      else files.push(a);
    }
    if (scripts.length === 0) {
      if (files.length === 0) { ctx.stderr.write('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n'); return 1; }
      scripts.push(files.shift()!);
    }
    let cmds: SedCmd[];
    try {
      cmds = scripts.flatMap((s) => parseSed(s, ere));
    } catch (e) {
      ctx.stderr.write(`sed: -e expression #1, char ${(e as { char?: number }).char ?? 1}: ${(e as Error).message}\n`);
      return 1;
    }
    const process = (text: string): string => {
      const ls = lines(text);
      let out = '';
      const inRange = new Set<SedCmd>();
      const hits = (a: Address, i: number, line: string) => (a.kind === 'line' ? a.n === i + 1 : a.kind === 'last' ? i === ls.length - 1 : a.re.test(line));
      for (let i = 0; i < ls.length; i++) {
        let line = ls[i];
        let deleted = false;
        let quit = false;
        for (const c of cmds) {
          if (c.addr && c.addr2) {
            const end = c.addr2;
            if (inRange.has(c)) {
              // A line-number end already passed closes the range on this line, as GNU sed does.
              if (end.kind === 'line' ? i + 1 >= end.n : hits(end, i, line)) inRange.delete(c);
            } else if (hits(c.addr, i, line)) {
              // The end is looked for from the next line on; a line number not after the start selects the start alone.
              if (!(end.kind === 'line' && end.n <= i + 1)) inRange.add(c);
            } else continue;
          } else if (c.addr && !hits(c.addr, i, line)) continue;
          if (c.op === 'd') { deleted = true; break; }
          if (c.op === 'p') out += line + '\n';
          if (c.op === 'q') { quit = true; break; }
          if (c.op === 's') {
            const re = c.re!;
            let changed = false;
            line = line.replace(c.global ? new RegExp(re.source, re.flags + 'g') : re, (...m) => {
              changed = true;
              const groups = m.slice(0, -2) as string[];
              return c.replacement!.replace(/\\([0-9])|&|\\n|\\t|\\(.)/g, (x, d, o) => (d !== undefined ? groups[Number(d)] ?? '' : x === '&' ? groups[0] : x === '\\n' ? '\n' : x === '\\t' ? '\t' : o));
            });
            if (changed && c.print) out += line + '\n';
          }
        }
        if (!deleted && !quiet) out += line + '\n';
        if (quit) break;
      }
      return out;
    };
    if (files.length === 0) { ctx.stdout.write(process(await ctx.stdin.readAll())); return 0; }
    let status = 0;
    for (const f of files) {
      const t = readFileFor(ctx, 'sed', f, (file, why) => `sed: can't read ${file}: ${why}`);
      if (t === undefined) { status = 2; continue; }
      if (inPlace) ctx.fs.writeFile(ctx.fs.resolve(ctx.cwd, f), process(t));
      else ctx.stdout.write(process(t));
    }
    return status;
  },
};

function parseSed(script: string, ere: boolean): SedCmd[] {
  const out: SedCmd[] = [];
  let i = 0;
  const err = (msg: string) => Object.assign(new Error(msg), { char: i + 1 });
  const toRe = (src: string, flags = '') => new RegExp(ere ? ereToJs(src) : breToJs(src), flags);
  while (i < script.length) {
    while (script[i] === ';' || script[i] === ' ' || script[i] === '\n') i++;
    if (i >= script.length) break;
    const cmd: SedCmd = { op: 'p' };
    const address = (): Address | undefined => {
      const num = /^[0-9]+/.exec(script.slice(i));
      if (num) { i += num[0].length; return { kind: 'line', n: Number(num[0]) }; }
      if (script[i] === '$') { i++; return { kind: 'last' }; }
      if (script[i] === '/') {
        const end = script.indexOf('/', i + 1);
        if (end < 0) throw err('unterminated address regex');
        const re = toRe(script.slice(i + 1, end));
        i = end + 1;
        return { kind: 're', re };
      }
      return undefined;
    };
    cmd.addr = address();
    if (cmd.addr && script[i] === ',') {
      i++;
      cmd.addr2 = address();
      if (!cmd.addr2) throw err("unexpected `,'");
    }
    const op = script[i++];
    if (op === 'd' || op === 'p' || op === 'q') { cmd.op = op; out.push(cmd); continue; }
    if (op !== 's') throw err(`unknown command: \`${op ?? ''}'`);
    const delim = script[i++];
    const parts: string[] = [];
    let cur = '';
    while (i < script.length && parts.length < 2) {
      const c = script[i];
      if (c === '\\' && script[i + 1] === delim) { cur += delim; i += 2; continue; }
      if (c === '\\') { cur += c + (script[i + 1] ?? ''); i += 2; continue; }
      if (c === delim) { parts.push(cur); cur = ''; i++; continue; }
      cur += c;
      i++;
    }
    if (parts.length < 2) throw err("unterminated `s' command");
    let flags = '';
    while (i < script.length && /[gpiI0-9]/.test(script[i])) flags += script[i++];
    cmd.op = 's';
    cmd.re = toRe(parts[0], /[iI]/.test(flags) ? 'i' : '');
    cmd.replacement = parts[1];
    cmd.global = flags.includes('g');
    cmd.print = flags.includes('p');
    out.push(cmd);
  }
  return out;
}
