import type { CommandSpec, Input, ProcessContext } from '../process.js';
import { FsError } from '../vfs.js';
import { StringInput } from '../streams.js';
import { fsErrorText, parseArgs, UsageError } from './util.js';

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

/**
 * grep with -i -v -c -n -E -F -w -o -r -l -h -H -q -e -m -A -B -C: basic regular expressions are translated
 * to JavaScript ones (`\|`, `\(`, `\{` become operators; `+ ? | ( ) {` are literal).
 * Lines from stdin are matched as they arrive, so `kubectl get pods -w | grep web` streams.
 */
export const grep: CommandSpec = {
  name: 'grep',
  summary: 'print lines that match patterns',
  async run(ctx) {
    let a;
    try {
      a = parseArgs('grep', ctx.argv.slice(1), [
        { short: 'i', long: 'ignore-case', key: 'i' }, { short: 'v', long: 'invert-match', key: 'v' }, { short: 'c', long: 'count', key: 'c' },
        { short: 'n', long: 'line-number', key: 'n' }, { short: 'E', long: 'extended-regexp', key: 'E' }, { short: 'F', long: 'fixed-strings', key: 'F' },
        { short: 'w', long: 'word-regexp', key: 'w' }, { short: 'o', long: 'only-matching', key: 'o' }, { short: 'r', long: 'recursive', key: 'r' },
        { short: 'R', key: 'r' }, { short: 'l', long: 'files-with-matches', key: 'l' }, { short: 'h', long: 'no-filename', key: 'h' },
        { short: 'H', long: 'with-filename', key: 'H' }, { short: 'q', long: 'quiet', key: 'q' }, { short: 'e', long: 'regexp', key: 'e', value: true },
        { short: 's', long: 'no-messages', key: 's' }, { short: 'x', long: 'line-regexp', key: 'x' }, { long: 'color', key: 'color', value: true },
        { short: 'A', long: 'after-context', key: 'A', value: true }, { short: 'B', long: 'before-context', key: 'B', value: true },
        { short: 'C', long: 'context', key: 'C', value: true }, { short: 'm', long: 'max-count', key: 'm', value: true },
      ]);
    } catch (e) {
      if (e instanceof UsageError) { ctx.stderr.write(`grep: ${e.message}\n${USAGE}`); return 2; }
      throw e;
    }
    const f = a.flags;
    const patterns = a.all.e ?? [];
    const operands = [...a.operands];
    if (patterns.length === 0) {
      if (operands.length === 0) { ctx.stderr.write(USAGE); return 2; }
      patterns.push(...operands.shift()!.split('\n'));
    }
    let re: RegExp;
    try {
      re = buildRegExp(patterns, { extended: !!f.E, fixed: !!f.F, ignoreCase: !!f.i, word: !!f.w, line: !!f.x });
    } catch {
      ctx.stderr.write('grep: Unmatched ( or \\(\n');
      return 2;
    }
    // -A/-B/-C: context lines (name-/n- prefixes) and `--` between groups that do not touch.
    const contextLength = (v: string | true | undefined): number | string => {
      if (v === undefined || v === true) return 0;
      return /^[0-9]+$/.test(v) ? Number(v) : v;
    };
    const after = contextLength(f.A ?? f.C);
    const before = contextLength(f.B ?? f.C);
    for (const bad of [after, before]) {
      if (typeof bad === 'string') { ctx.stderr.write(`grep: ${bad}: invalid context length argument\n`); return 2; }
    }
    // -m NUM: a negative NUM is no limit (grep 3.11), a huge one saturates; 0 stops before reading anything.
    let max = Infinity;
    if (f.m !== undefined) {
      if (f.m === true || !/^-?[0-9]+$/.test(f.m)) { ctx.stderr.write('grep: invalid max count\n'); return 2; }
      if (!f.m.startsWith('-')) max = Number(f.m);
      if (max === 0) return 1;
    }
    // --color (grep 3.11's color_option): always, never, or auto when stdout is a terminal and TERM is not dumb; the
    // default GREP_COLORS (ms/mc=01;31, fn=35, ln=32, se=36), each part as pr_sgr_start/pr_sgr_end write it.
    const when = f.color === true ? 'auto' : (f.color as string | undefined) ?? 'never';
    // (Another WHEN makes grep print its --help, which is not here: it is taken as never.)
    const color = ['always', 'yes', 'force'].includes(when) || (['auto', 'tty', 'if-tty'].includes(when) && ctx.terminal.isTTY && !!ctx.env.TERM && ctx.env.TERM !== 'dumb');
    const sgr = (code: string, text: string) => (color ? `\x1b[${code}m\x1b[K${text}\x1b[m\x1b[K` : text);
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
    const marked = (line: string) => (color ? line.replace(global, (m) => (m ? sgr('01;31', m) : m)) : line);
    const head = (name: string, k: number, sep: string) => (showName ? sgr('35', name) + sgr('36', sep) : '') + (f.n ? sgr('32', String(k)) + sgr('36', sep) : '');
    const withContext = ((after as number) > 0 || (before as number) > 0) && !f.c && !f.l && !f.q;
    let printedAny = false;
    let files = operands;
    // Without an operand grep -r searches "." but names files without the "./" prefix.
    if (f.r) files = files.length === 0 ? expandRecursive(ctx, ['.']) : expandRecursive(ctx, files, true);
    const showName = f.h ? false : f.H ? true : files.length > 1 || !!f.r;
    let matched = false;
    let errors = false;
    const scan = async (name: string, lines: AsyncIterable<string> | string[], input?: Input) => {
      let count = 0;
      // Where a file on standard input is left when -m stops: just after the last matching line, trailing context
      // or not (grep seeks back), so the next command reads on from there.
      let offset: number | undefined;
      let n = 0;
      // -1: a new file's first group is always set apart from the previous file's.
      let lastShown = -1;
      let afterLeft = 0;
      const held: { n: number; line: string }[] = [];
      const show = (k: number, text: string, sep: string) => {
        if (withContext && printedAny && k !== lastShown + 1) ctx.stdout.write(sgr('36', '--') + '\n');
        printedAny = true;
        lastShown = k;
        if (sep === '-' && f.o) return;
        // Under -v the context lines are the matching ones: their matches take mc's colour.
        ctx.stdout.write(head(name, k, sep) + (f.v ? marked(text) : text) + '\n');
      };
      for await (const line of lines) {
        n++;
        if (count >= max) {
          if (withContext && afterLeft > 0) {
            afterLeft--;
            show(n, line, '-');
            if (afterLeft > 0) continue;
          }
          break;
        }
        re.lastIndex = 0;
        const hit = re.test(line) !== !!f.v;
        if (!hit) {
          if (!withContext) continue;
          if (afterLeft > 0) { afterLeft--; show(n, line, '-'); continue; }
          held.push({ n, line });
          if (held.length > (before as number)) held.shift();
          continue;
        }
        count++;
        matched = true;
        if (f.q) return;
        if (f.l) { ctx.stdout.write(sgr('35', name) + '\n'); return; }
        if (f.c) {
          if (count >= max) break;
          continue;
        }
        if (withContext) {
          for (const h of held) show(h.n, h.line, '-');
          held.length = 0;
          afterLeft = after as number;
          if (printedAny && n !== lastShown + 1) ctx.stdout.write(sgr('36', '--') + '\n');
          printedAny = true;
          lastShown = n;
        }
        const prefix = head(name, n, ':');
        if (f.o && !f.v) {
          for (const m of line.matchAll(global)) if (m[0] !== '') ctx.stdout.write(prefix + sgr('01;31', m[0]) + '\n');
        } else ctx.stdout.write(prefix + (f.v ? line : marked(line)) + '\n');
        if (count >= max) {
          if (input instanceof StringInput) offset = input.pos;
          if (!withContext || afterLeft === 0) break;
        }
      }
      if (offset !== undefined && input instanceof StringInput && input.seekable) input.pos = offset;
      if (f.c) ctx.stdout.write((showName ? sgr('35', name) + sgr('36', ':') : '') + count + '\n');
    };
    if (files.length === 0) await scan('(standard input)', ctx.stdin.lines(), ctx.stdin);
    for (const file of files) {
      if (file === '-') { await scan('(standard input)', ctx.stdin.lines(), ctx.stdin); continue; }
      const p = ctx.fs.resolve(ctx.cwd, file);
      let text;
      try {
        const st = ctx.fs.stat(p);
        if (!st) throw new FsError('ENOENT', p);
        if (st.type === 'dir') { if (!f.s) ctx.stderr.write(`grep: ${file}: Is a directory\n`); continue; }
        text = ctx.fs.readFile(p) ?? '';
      } catch (e) {
        if (!f.s) ctx.stderr.write(`grep: ${file}: ${fsErrorText(e)}\n`);
        errors = true;
        continue;
      }
      const ls = text === '' ? [] : text.replace(/\n$/, '').split('\n');
      await scan(file, ls);
      if (f.q && matched) return 0;
    }
    if (errors && !f.q) return 2;
    return matched ? 0 : 1;
  },
};

function expandRecursive(ctx: ProcessContext, files: string[], keepDot = false): string[] {
  const out: string[] = [];
  const walk = (shown: string, abs: string) => {
    const st = ctx.fs.stat(abs);
    if (st?.type !== 'dir') { out.push(shown); return; }
    for (const c of ctx.fs.readDir(abs) ?? []) walk(shown === '.' && !keepDot ? c : `${shown.replace(/\/$/, '')}/${c}`, `${abs === '/' ? '' : abs}/${c}`);
  };
  for (const f of files) walk(f, ctx.fs.resolve(ctx.cwd, f));
  return out;
}

export function buildRegExp(patterns: string[], o: { extended: boolean; fixed: boolean; ignoreCase: boolean; word: boolean; line: boolean }): RegExp {
  const parts = patterns.map((p) => {
    let src = o.fixed ? p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : o.extended ? ereToJs(p) : breToJs(p);
    if (o.word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
    if (o.line) src = `^(?:${src})$`;
    return src;
  });
  return new RegExp(parts.join('|'), o.ignoreCase ? 'i' : '');
}

/** POSIX classes like [[:digit:]] inside brackets. */
function posixClasses(s: string): string {
  return s
    .replace(/\[:alpha:\]/g, 'A-Za-z').replace(/\[:digit:\]/g, '0-9').replace(/\[:alnum:\]/g, 'A-Za-z0-9')
    .replace(/\[:space:\]/g, ' \\t\\n\\r\\f\\v').replace(/\[:upper:\]/g, 'A-Z').replace(/\[:lower:\]/g, 'a-z')
    .replace(/\[:punct:\]/g, '!-\\/:-@\\[-`{-~').replace(/\[:xdigit:\]/g, '0-9A-Fa-f').replace(/\[:blank:\]/g, ' \\t');
}

/** GNU BRE's escaped operators (`\|`, `\(`, …), which are ERE's plain ones. */
const BRE_ESCAPED_OPERATORS = '|(){}?+';

/** A POSIX basic (`extended` false) or extended regular expression as a JavaScript one. */
function posixToJs(p: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      if (!extended && BRE_ESCAPED_OPERATORS.includes(n)) out += n;
      else if (n === '<') out += '\\b(?=\\w)';
      else if (n === '>') out += '\\b(?<=\\w)';
      else out += '\\' + n;
      continue;
    }
    if (c === '[') {
      const end = findBracketEnd(p, i);
      // A `]` first in the list is a member (`[]]`, `[^]]`), where JavaScript would close an empty class.
      out += posixClasses(p.slice(i, end + 1).replace(/^(\[\^?)\]/, '$1\\]'));
      i = end;
      continue;
    }
    if (c === '/' || (!extended && BRE_ESCAPED_OPERATORS.includes(c))) { out += '\\' + c; continue; }
    // In a BRE, ^ and $ anchor only at the ends of the pattern or of a \( \) group or \| branch; elsewhere they are literal.
    if (!extended && c === '^' && i > 0 && !['\\(', '\\|'].includes(p.slice(i - 2, i))) { out += '\\^'; continue; }
    if (!extended && c === '$' && i < p.length - 1 && !['\\)', '\\|'].includes(p.slice(i + 1, i + 3))) { out += '\\$'; continue; }
    // A leading `*` (or one right after a leading `^`) is a literal star in a BRE.
    if (!extended && c === '*' && (i === 0 || (p[i - 1] === '^' && i === 1))) { out += '\\*'; continue; }
    out += c;
  }
  return out;
}

export function breToJs(p: string): string {
  return posixToJs(p, false);
}

export function ereToJs(p: string): string {
  return posixToJs(p, true);
}

function findBracketEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') {
    if (p[j] === '[' && p[j + 1] === ':') { const e = p.indexOf(':]', j + 2); if (e > 0) { j = e + 2; continue; } }
    j++;
  }
  return j < p.length ? j : p.length - 1;
}
