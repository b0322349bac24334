import type { CommandSpec } from '../process.js';
import { formatPrintf } from './printf.js';
import { ereToJs } from './grep.js';
import { readFileFor } from './util.js';

/**
 * A small awk: `[pattern] { print ...; printf ...; var = expr }` rules, BEGIN/END,
 * -F, fields ($1, $NF), NR, NF, string/number comparison, `~`, concatenation and
 * arithmetic. Enough for `awk '{print $1}'` and `awk 'NR>1 {print $2}'`.
 */
export const awk: CommandSpec = {
  name: 'awk',
  summary: 'pattern scanning and processing language',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let fs: string | undefined;
    const vars: Record<string, string | number> = {};
    while (args.length && args[0].startsWith('-') && args[0].length > 1) {
      const a = args.shift()!;
      if (a === '-F') fs = args.shift();
      else if (a.startsWith('-F')) fs = a.slice(2);
      else if (a === '-v') { const [k, ...v] = (args.shift() ?? '').split('='); vars[k] = v.join('='); }
      else { ctx.stderr.write(`awk: not an option: ${a}\n`); return 2; }
    }
    const src = args.shift();
    if (src === undefined) { ctx.stderr.write('usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n'); return 2; }
    let rules: Rule[];
    try {
      rules = parseProgram(src);
    } catch (e) {
      ctx.stderr.write(`awk: cmd. line:1: ${src}\nawk: cmd. line:1: ${' '.repeat(Math.max(0, (e as { at?: number }).at ?? 0))}^ syntax error\n`);
      return 1;
    }
    let out = '';
    const st: State = { vars, fields: [], nr: 0, fs: fs === 't' ? '\t' : fs, write: (s) => (out += s) };
    for (const r of rules) if (r.pattern === 'BEGIN') run(r.body, st);
    const feed = (line: string) => {
      st.nr++;
      setRecord(st, line);
      for (const r of rules) {
        if (r.pattern === 'BEGIN' || r.pattern === 'END') continue;
        if (r.pattern && !truthy(evalExpr(r.pattern, st))) continue;
        if (r.body.length === 0) st.write(st.fields[0] + '\n');
        else run(r.body, st);
      }
      if (out) { ctx.stdout.write(out); out = ''; }
    };
    if (rules.some((r) => r.pattern !== 'BEGIN')) {
      if (args.length === 0) for await (const l of ctx.stdin.lines()) feed(l);
      for (const f of args) {
        // mawk (Ubuntu's and Debian's awk) stops at a file it cannot open, with status 2.
        const t = readFileFor(ctx, 'awk', f, (file, why) => `awk: cannot open ${file} (${why})`);
        if (t === undefined) {
          ctx.stdout.write(out);
          return 2;
        }
        for (const l of t.replace(/\n$/, '').split('\n')) if (t !== '') feed(l);
      }
    }
    for (const r of rules) if (r.pattern === 'END') run(r.body, st);
    ctx.stdout.write(out);
    return 0;
  },
};

type Expr =
  | { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 'var'; name: string } | { k: 'field'; e: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr } | { k: 'not'; e: Expr } | { k: 'neg'; e: Expr } | { k: 're'; re: RegExp }
  | { k: 'assign'; name: string; op: string; e: Expr } | { k: 'call'; name: string; args: Expr[] };
type Stmt = { k: 'print'; args: Expr[] } | { k: 'printf'; args: Expr[] } | { k: 'expr'; e: Expr };
interface Rule { pattern?: Expr | 'BEGIN' | 'END'; body: Stmt[] }
interface State { vars: Record<string, string | number>; fields: string[]; nr: number; fs?: string; write(s: string): void }

function setRecord(st: State, line: string): void {
  const parts = st.fs === undefined || st.fs === ' ' ? line.trim().split(/[ \t]+/).filter(Boolean) : line.split(st.fs.length === 1 ? st.fs : new RegExp(st.fs));
  st.fields = [line, ...parts];
}

function truthy(v: string | number): boolean {
  return typeof v === 'number' ? v !== 0 : v !== '';
}

function num(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = /^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?/.exec(v);
  return m ? Number(m[0]) : 0;
}

function str(v: string | number): string {
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

const looksNumeric = (v: string | number) => typeof v === 'number' || /^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$/.test(v);

function evalExpr(e: Expr, st: State): string | number {
  switch (e.k) {
    case 'num': return e.v;
    case 'str': return e.v;
    case 're': return e.re.test(st.fields[0]) ? 1 : 0;
    case 'var':
      if (e.name === 'NR' || e.name === 'FNR') return st.nr;
      if (e.name === 'NF') return st.fields.length - 1;
      return st.vars[e.name] ?? '';
    case 'field': return st.fields[num(evalExpr(e.e, st))] ?? '';
    case 'not': return truthy(evalExpr(e.e, st)) ? 0 : 1;
    case 'neg': return -num(evalExpr(e.e, st));
    case 'assign': {
      const v = evalExpr(e.e, st);
      const cur = st.vars[e.name] ?? 0;
      const nv = e.op === '=' ? v : e.op === '+=' ? num(cur) + num(v) : e.op === '-=' ? num(cur) - num(v) : e.op === '++' ? num(cur) + 1 : num(cur) - 1;
      st.vars[e.name] = nv;
      return e.op === '++' || e.op === '--' ? cur : nv;
    }
    case 'call': {
      const a = e.args.map((x) => evalExpr(x, st));
      if (e.name === 'length') return str(a[0] ?? st.fields[0]).length;
      if (e.name === 'toupper') return str(a[0] ?? '').toUpperCase();
      if (e.name === 'tolower') return str(a[0] ?? '').toLowerCase();
      if (e.name === 'substr') { const s = str(a[0] ?? ''); const i = Math.max(1, num(a[1] ?? 1)); return a[2] === undefined ? s.slice(i - 1) : s.slice(i - 1, i - 1 + num(a[2])); }
      return '';
    }
    case 'bin': {
      if (e.op === '&&') return truthy(evalExpr(e.a, st)) && truthy(evalExpr(e.b, st)) ? 1 : 0;
      if (e.op === '||') return truthy(evalExpr(e.a, st)) || truthy(evalExpr(e.b, st)) ? 1 : 0;
      if (e.op === '~' || e.op === '!~') {
        const s = str(evalExpr(e.a, st));
        const re = e.b.k === 're' ? e.b.re : new RegExp(ereToJs(str(evalExpr(e.b, st))));
        return re.test(s) === (e.op === '~') ? 1 : 0;
      }
      const a = evalExpr(e.a, st);
      const b = evalExpr(e.b, st);
      switch (e.op) {
        case ' ': return str(a) + str(b);
        case '+': return num(a) + num(b);
        case '-': return num(a) - num(b);
        case '*': return num(a) * num(b);
        case '/': return num(a) / num(b);
        case '%': return num(a) % num(b);
      }
      const both = looksNumeric(a) && looksNumeric(b);
      const c = both ? num(a) - num(b) : str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0;
      switch (e.op) {
        case '==': return c === 0 ? 1 : 0;
        case '!=': return c !== 0 ? 1 : 0;
        case '<': return c < 0 ? 1 : 0;
        case '>': return c > 0 ? 1 : 0;
        case '<=': return c <= 0 ? 1 : 0;
        case '>=': return c >= 0 ? 1 : 0;
      }
      return 0;
    }
  }
}

function run(body: Stmt[], st: State): void {
  for (const s of body) {
    if (s.k === 'print') st.write((s.args.length ? s.args.map((a) => str(evalExpr(a, st))).join(' ') : st.fields[0]) + '\n');
    else if (s.k === 'printf') { const [f, ...rest] = s.args.map((a) => str(evalExpr(a, st))); st.write(formatPrintf(f ?? '', rest).text); }
    else evalExpr(s.e, st);
  }
}

function parseProgram(src: string): Rule[] {
  let i = 0;
  const fail = (): never => { throw Object.assign(new Error('syntax'), { at: i }); };
  const ws = () => { while (i < src.length && /[ \t\n]/.test(src[i])) i++; };
  const peek = (s: string) => { ws(); return src.startsWith(s, i); };
  const eat = (s: string) => { if (!peek(s)) fail(); i += s.length; };
  const rules: Rule[] = [];
  function primary(): Expr {
    ws();
    const c = src[i];
    if (c === '$') { i++; return { k: 'field', e: primary() }; }
    if (c === '!') { i++; return { k: 'not', e: primary() }; }
    if (c === '-') { i++; return { k: 'neg', e: primary() }; }
    if (c === '(') { i++; const e = expr(); eat(')'); return e; }
    if (c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') { const n = src[++i]; s += n === 'n' ? '\n' : n === 't' ? '\t' : n; i++; continue; }
        s += src[i++];
      }
      i++;
      return { k: 'str', v: s };
    }
    if (c === '/') {
      const end = src.indexOf('/', i + 1);
      if (end < 0) fail();
      const re = new RegExp(ereToJs(src.slice(i + 1, end)));
      i = end + 1;
      return { k: 're', re };
    }
    const n = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
    if (n) { i += n[0].length; return { k: 'num', v: Number(n[0]) }; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      i += id[0].length;
      if (src[i] === '(') {
        i++;
        const args: Expr[] = [];
        while (!peek(')')) { args.push(expr()); if (peek(',')) i++; }
        i++;
        return { k: 'call', name: id[0], args };
      }
      ws();
      for (const op of ['+=', '-=', '++', '--']) if (src.startsWith(op, i)) { i += 2; return { k: 'assign', name: id[0], op, e: op.length === 2 && op[1] === '=' ? expr() : { k: 'num', v: 1 } }; }
      if (src[i] === '=' && src[i + 1] !== '=') { i++; return { k: 'assign', name: id[0], op: '=', e: expr() }; }
      return { k: 'var', name: id[0] };
    }
    return fail();
  }
  const LEVELS = [['||'], ['&&'], ['~', '!~'], ['==', '!=', '<=', '>=', '<', '>'], [' '], ['+', '-'], ['*', '/', '%']];
  function level(n: number, inPrint: boolean): Expr {
    if (n >= LEVELS.length) return primary();
    let a = level(n + 1, inPrint);
    for (;;) {
      ws();
      if (LEVELS[n][0] === ' ') {
        // Concatenation: another primary follows directly.
        if (i < src.length && /[$"A-Za-z0-9_(]/.test(src[i]) && !/^(in)\b/.test(src.slice(i))) { a = { k: 'bin', op: ' ', a, b: level(n + 1, inPrint) }; continue; }
        return a;
      }
      const op = LEVELS[n].find((o) => src.startsWith(o, i) && !(inPrint && o === '>'));
      if (!op) return a;
      i += op.length;
      a = { k: 'bin', op, a, b: level(n + 1, inPrint) };
    }
  }
  const expr = (inPrint = false) => level(0, inPrint);
  function stmts(): Stmt[] {
    const out: Stmt[] = [];
    eat('{');
    for (;;) {
      ws();
      while (src[i] === ';' || src[i] === '\n') { i++; ws(); }
      if (peek('}')) { i++; return out; }
      if (i >= src.length) fail();
      if (/^print[ \t(;}]|^print$/.test(src.slice(i)) || src.startsWith('printf', i)) {
        const isF = src.startsWith('printf', i);
        i += isF ? 6 : 5;
        const args: Expr[] = [];
        ws();
        if (!peek(';') && !peek('}')) {
          args.push(expr(true));
          while (peek(',')) { i++; args.push(expr(true)); }
        }
        out.push({ k: isF ? 'printf' : 'print', args });
      } else out.push({ k: 'expr', e: expr() });
    }
  }
  for (;;) {
    ws();
    if (i >= src.length) break;
    if (src.startsWith('BEGIN', i)) { i += 5; rules.push({ pattern: 'BEGIN', body: stmts() }); continue; }
    if (src.startsWith('END', i)) { i += 3; rules.push({ pattern: 'END', body: stmts() }); continue; }
    let pattern: Expr | undefined;
    if (!peek('{')) pattern = expr();
    ws();
    const body = peek('{') ? stmts() : [];
    rules.push({ pattern, body });
    ws();
    while (src[i] === ';' || src[i] === '\n') i++;
  }
  return rules;
}
