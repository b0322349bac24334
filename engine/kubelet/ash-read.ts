/**
 * The container shell's `read`, `local`, `set --`, `shift` and `case` patterns,
 * loaded on first use with the other applets (a fresh lab runs none of them).
 */
import { splitForRead } from '../shell/ifs.js';
import type { Frame, Node, Parser } from './shell.js';

const FUNCTION_NAME = /^([A-Za-z_][A-Za-z0-9_]*)\(\)$/;

/** ash's builtins that change the running frame: its variables, a function's locals, the positional parameters. */
export function ashBuiltin(name: string, args: string[], frame: Frame): number {
  switch (name) {
    case 'read': return ashRead(args, frame.vars);
    case 'set':
      if (args[0] === '--') frame.args = args.slice(1);
      else if (args.length && !args[0].startsWith('-') && !args[0].startsWith('+')) frame.args = args;
      return 0;
    case 'shift': {
      const n = args[0] === undefined ? 1 : Number(args[0]);
      const list = frame.args ?? [];
      if (!(n <= list.length)) return 1;
      frame.args = list.slice(n);
      return 0;
    }
    default: {
      // local (the shell has checked it runs in a function): the value to put back when the function returns is
      // kept once, at the first `local`.
      if (!frame.locals) return 2;
      for (const a of args) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(a);
        if (!m) continue;
        if (!frame.locals.has(m[1])) frame.locals.set(m[1], frame.vars[m[1]]);
        if (m[2] !== undefined) frame.vars[m[1]] = m[2];
        else delete frame.vars[m[1]];
      }
      return 0;
    }
  }
}

/** `read [-r] [-p PROMPT] [NAME…]`: a line of the command's input (`__stdin`), split by IFS; 1 at the end of the input. */
function ashRead(args: string[], vars: Record<string, string>): number {
  let raw = false;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-r') raw = true;
    else if (args[i] === '-p') i++;
    else names.push(args[i]);
  }
  if (names.length === 0) names.push('REPLY');
  const input = vars.__stdin ?? '';
  const nl = input.indexOf('\n');
  const line = nl < 0 ? input : input.slice(0, nl);
  vars.__stdin = nl < 0 ? '' : input.slice(nl + 1);
  const text = raw ? line : line.replace(/\\(.)/g, '$1');
  const fields = splitForRead(text, names.length, vars.IFS ?? ' \t\n');
  names.forEach((n, i) => { vars[n] = fields[i] ?? ''; });
  // A last line without its newline is read, and still ends the loop.
  return nl < 0 ? 1 : 0;
}

/** A `case` pattern: quoted characters match themselves, the expansions of unquoted ones keep `*?[` special. */
export function casePattern(word: string, expand: (w: string) => string): string {
  const esc = (t: string) => t.replace(/[\\*?[\]]/g, '\\$&');
  let out = '';
  for (let i = 0; i < word.length; ) {
    const ch = word[i];
    if (ch === '\\') { out += esc(word[i + 1] ?? ''); i += 2; continue; }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < word.length && word[j] !== ch) j += ch === '"' && word[j] === '\\' ? 2 : 1;
      out += esc(expand(word.slice(i, j + 1)));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < word.length && !`\\'"`.includes(word[j])) j++;
    out += expand(word.slice(i, j));
    i = j;
  }
  return out;
}

/** The rarer compound commands: `case … esac`, `{ …; }`, `name() body` (also written `f(){`); undefined for the rest. */
export function parseCompound(p: Parser): Node | undefined {
  const w = p.peek();
  if (w === 'case') {
    p.i++;
    const word = p.toks[p.i++] ?? '';
    p.expect('in');
    const items: { patterns: string[]; body: Node }[] = [];
    for (;;) {
      while (p.peek() === ';') p.i++;
      if (p.peek() === 'esac') { p.i++; break; }
      const patterns: string[] = [];
      for (;;) {
        if (p.peek() === undefined) throw p.error(')');
        const tok = p.toks[p.i++];
        if (tok === '|') continue;
        const pat = patterns.length === 0 && tok.startsWith('(') ? tok.slice(1) : tok;
        if (pat.endsWith(')')) { if (pat !== ')') patterns.push(pat.slice(0, -1)); break; }
        patterns.push(pat);
      }
      const body = p.parseList([';;', 'esac']);
      items.push({ patterns, body });
      if (p.peek() === ';;') p.i++;
      else if (p.peek() !== 'esac') p.expect('esac');
    }
    return { t: 'case', word, items };
  }
  if (w === '{') {
    p.i++;
    const body = p.parseList(['}']);
    p.expect('}');
    return { t: 'group', body };
  }
  const glued = w === undefined ? null : /^([A-Za-z_][A-Za-z0-9_]*)\(\)\{$/.exec(w);
  if (glued) {
    // `f(){ …; }` written without a space.
    p.i++;
    const body = p.parseList(['}']);
    p.expect('}');
    return { t: 'func', name: glued[1], body: { t: 'group', body } };
  }
  const fn = w === undefined ? null : FUNCTION_NAME.exec(w) ?? (p.toks[p.i + 1] === '()' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w) ? [w, w] : null);
  if (fn) {
    p.i += p.toks[p.i + 1] === '()' ? 2 : 1;
    while (p.peek() === ';') p.i++;
    const body = p.parseCommand();
    return { t: 'func', name: fn[1], body };
  }
  return undefined;
}
