/**
 * A recursive-descent parser for the bash subset learners type. It reads the
 * whole input (one line plus its continuation lines) and either returns a
 * List, throws IncompleteInput (the terminal shows `> ` and asks for more), or
 * throws ShellSyntaxError with bash's own wording.
 */
import type { AndOr, CaseCommand, Command, CondExpr, List, Pipeline, Redirect, SimpleCommand } from './ast.js';

/** More input is needed: an open quote, an open `if`/`for`/`{`, a pipe at the end, a heredoc without its delimiter. */
export class IncompleteInput extends Error {
  constructor(readonly kind: 'quote' | 'construct' | 'heredoc', readonly detail = '') {
    super(kind === 'quote' ? `unexpected EOF while looking for matching \`${detail}'` : 'syntax error: unexpected end of file');
  }
}

export class ShellSyntaxError extends Error {
  constructor(readonly token: string) {
    super(`syntax error near unexpected token \`${token}'`);
  }
}

/** A malformed `[[ … ]]`: bash prints the message alone and leaves `$?` as it was. */
export class CondSyntaxError extends Error {}

export interface ParseOptions {
  aliases?: Map<string, string>;
  /** End of input is final: heredocs may end at EOF (with bash's warning) instead of asking for more. */
  final?: boolean;
  /** Receives bash's warnings (heredoc delimited by end-of-file). */
  warn?: (message: string) => void;
  /** Line number of the input's first line, for warnings. */
  firstLine?: number;
}

/** Deeper nesting than this is hostile input, not a script. */
export const MAX_NESTING = 200;
export const NESTING_TOO_DEEP = 'maximum nesting level exceeded';

const KEYWORDS = new Set(['if', 'then', 'elif', 'else', 'fi', 'for', 'in', 'do', 'done', 'while', 'until', '{', '}', '!', 'function', 'case', 'esac', 'select', '[[', ']]']);
/** Words that end a list: reaching one of them returns to the construct that expects it. */
const LIST_END = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', '}', 'esac']);
const OPERATORS = ['&&', '||', ';;&', ';;', ';&', '<<<', '<<-', '<<', '>>', '>&', '<&', '&>>', '&>', '>|', ';', '&', '|', '(', ')', '<', '>', '\n'];
/** Builtins whose `name=(…)` arguments are compound assignments. */
const DECLARATIONS = new Set(['declare', 'local', 'typeset', 'readonly', 'export']);
const REDIRECT_OPS = new Set(['<', '>', '>>', '>|', '>&', '<&', '&>', '&>>', '<<', '<<-', '<<<']);

interface Token {
  type: 'op' | 'word' | 'eof';
  value: string;
  /** An IO_NUMBER: digits immediately before a redirection operator. */
  fd?: number;
  start: number;
  end: number;
}

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  stripTabs: boolean;
  line: number;
}

export function parse(src: string, opts: ParseOptions = {}): List {
  return new Parser(src, opts).parseProgram();
}

/** True when `word` is all-literal (no quotes, `$`, backquotes): keywords and alias names must be. */
export function isPlainWord(word: string): boolean {
  return !/["'\\$`]/.test(word);
}

class Parser {
  private pos = 0;
  private peeked: Token | undefined;
  private heredocs: PendingHeredoc[] = [];
  private depth = 0;
  private aliasesInUse = new Set<string>();

  constructor(private src: string, private readonly opts: ParseOptions) {}

  parseProgram(): List {
    const list = this.parseList(true);
    const t = this.peek();
    if (t.type !== 'eof') throw new ShellSyntaxError(t.value === '\n' ? 'newline' : t.value);
    return list;
  }

  // ---- tokens ----

  private peek(): Token {
    if (!this.peeked) this.peeked = this.scan();
    return this.peeked;
  }

  private next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  /** Where lineAt last counted to: commands come in order, so each count goes on from the one before. */
  private counted = { pos: 0, line: 0 };

  private lineAt(pos: number): number {
    let { pos: i, line: n } = this.counted;
    // An alias's text spliced in before where the count got to: count again from the start.
    if (pos < i || i > this.src.length) { i = 0; n = 0; }
    for (; i < pos && i < this.src.length; i++) if (this.src[i] === '\n') n++;
    this.counted = { pos: i, line: n };
    return n + (this.opts.firstLine ?? 1);
  }

  private scan(): Token {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
    const start = this.pos;
    if (this.pos >= s.length) {
      if (this.heredocs.length) this.readHeredocBodies();
      if (s.endsWith('\\') && !s.endsWith('\\\\')) throw new IncompleteInput('construct');
      return { type: 'eof', value: '', start, end: start };
    }
    // Process substitution `<(list)` starts a word, not a redirection.
    if (s.startsWith('<(', this.pos)) {
      const end = scanWord(s, matchClose(s, this.pos + 2, '(', ')', ')'));
      this.pos = end;
      return { type: 'word', value: s.slice(start, end), start, end };
    }
    for (const op of OPERATORS) {
      if (s.startsWith(op, this.pos)) {
        this.pos += op.length;
        if (op === '\n') this.readHeredocBodies();
        return { type: 'op', value: op, start, end: this.pos };
      }
    }
    // IO_NUMBER: `2>`, `2>&1`
    const m = /^[0-9]+(?=[<>])/.exec(s.slice(this.pos, this.pos + 12));
    if (m) {
      this.pos += m[0].length;
      for (const op of OPERATORS) {
        if (REDIRECT_OPS.has(op) && s.startsWith(op, this.pos)) {
          this.pos += op.length;
          return { type: 'op', value: op, fd: Number(m[0]), start, end: this.pos };
        }
      }
    }
    const end = scanWord(s, this.pos);
    this.pos = end;
    return { type: 'word', value: s.slice(start, end), start, end };
  }

  private readHeredocBodies(): void {
    const pending = this.heredocs;
    this.heredocs = [];
    for (const h of pending) {
      const lines: string[] = [];
      let found = false;
      while (this.pos < this.src.length) {
        let nl = this.src.indexOf('\n', this.pos);
        const lineEnd = nl < 0 ? this.src.length : nl;
        let line = this.src.slice(this.pos, lineEnd);
        this.pos = nl < 0 ? this.src.length : nl + 1;
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) { found = true; break; }
        lines.push(line);
        nl = 0;
      }
      if (!found) {
        if (!this.opts.final) throw new IncompleteInput('heredoc', h.delimiter);
        this.opts.warn?.(`warning: here-document at line ${h.line} delimited by end-of-file (wanted \`${h.delimiter}')`);
      }
      h.redirect.heredoc!.body = lines.length ? lines.join('\n') + '\n' : '';
    }
  }

  // ---- grammar ----

  private enter(): void {
    if (++this.depth > MAX_NESTING) throw new Error(NESTING_TOO_DEEP);
  }

  private skipNewlines(): void {
    while (this.peek().type === 'op' && this.peek().value === '\n') this.next();
  }

  private atListEnd(): boolean {
    const t = this.peek();
    if (t.type === 'eof') return true;
    if (t.type === 'op') return t.value === ')' || t.value[0] === ';' && t.value.length > 1;
    return LIST_END.has(t.value) && isPlainWord(t.value);
  }

  /** A list of and-or lists separated by `;`, `&` or newlines. */
  private parseList(top = false): List {
    const list: List = { type: 'list', items: [] };
    this.skipNewlines();
    while (!this.atListEnd()) {
      const start = this.peek().start;
      const command = this.parseAndOr();
      let background = false;
      const t = this.peek();
      if (t.type === 'op' && (t.value === ';' || t.value === '&' || t.value === '\n')) {
        this.next();
        background = t.value === '&';
        list.items.push(background ? { command, background, text: this.src.slice(start, t.start).trim() } : { command, background });
        this.skipNewlines();
        continue;
      }
      list.items.push({ command, background });
      break;
    }
    if (!top && list.items.length === 0) {
      const t = this.peek();
      if (t.type === 'eof') throw new IncompleteInput('construct');
      throw new ShellSyntaxError(t.value === '\n' ? 'newline' : t.value);
    }
    return list;
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const node: AndOr = { type: 'andor', first, rest: [] };
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op' || (t.value !== '&&' && t.value !== '||')) return node;
      this.next();
      this.skipNewlines();
      if (this.peek().type === 'eof') throw new IncompleteInput('construct');
      node.rest.push({ op: t.value, pipeline: this.parsePipeline() });
    }
  }

  private parsePipeline(): Pipeline {
    let bang = false;
    const t = this.peek();
    if (t.type === 'word' && t.value === '!') {
      this.next();
      bang = true;
    }
    const commands = [this.parseCommand()];
    for (;;) {
      const p = this.peek();
      if (p.type !== 'op' || p.value !== '|') break;
      this.next();
      this.skipNewlines();
      if (this.peek().type === 'eof') throw new IncompleteInput('construct');
      commands.push(this.parseCommand());
    }
    return { type: 'pipeline', bang, commands };
  }

  private expectWord(word: string): void {
    this.skipNewlines();
    const t = this.peek();
    if (t.type === 'eof') throw new IncompleteInput('construct');
    if (t.type !== 'word' || t.value !== word) throw new ShellSyntaxError(t.value === '\n' ? 'newline' : t.value);
    this.next();
  }

  private parseCommand(): Command {
    this.enter();
    try {
      const t = this.peek();
      if (t.type === 'eof') throw new IncompleteInput('construct');
      if (t.type === 'op') {
        if (t.value === '(') {
          const arith = this.arithmetic(t);
          if (arith !== undefined) return this.withRedirects({ type: 'arith', expr: arith, redirects: [] });
          this.next();
          const body = this.parseList();
          const close = this.next();
          if (close.type === 'eof') throw new IncompleteInput('construct');
          if (close.value !== ')') throw new ShellSyntaxError(close.value);
          return this.withRedirects({ type: 'subshell', body, redirects: [] });
        }
        if (!REDIRECT_OPS.has(t.value)) throw new ShellSyntaxError(t.value === '\n' ? 'newline' : t.value);
      }
      if (t.type === 'word' && isPlainWord(t.value)) {
        switch (t.value) {
          case 'if': return this.withRedirects(this.parseIf());
          case 'for': return this.withRedirects(this.parseFor());
          case 'while':
          case 'until': return this.withRedirects(this.parseWhile());
          case 'case': return this.withRedirects(this.parseCase());
          case '[[': return this.withRedirects(this.parseCond());
          case '{': {
            this.next();
            const body = this.parseList();
            this.expectWord('}');
            return this.withRedirects({ type: 'group', body, redirects: [] });
          }
          case 'function': {
            this.next();
            const name = this.next();
            if (name.type !== 'word') throw new ShellSyntaxError(name.value === '\n' ? 'newline' : name.value || 'newline');
            const p = this.peek();
            if (p.type === 'op' && p.value === '(') {
              this.next();
              const close = this.next();
              if (close.value !== ')') throw new ShellSyntaxError(close.value);
            }
            this.skipNewlines();
            return { type: 'function', name: name.value, body: this.parseCommand(), redirects: [] };
          }
          case 'then': case 'elif': case 'else': case 'fi': case 'do': case 'done': case '}': case 'in': case 'esac':
            throw new ShellSyntaxError(t.value);
        }
      }
      return this.parseSimple();
    } finally {
      this.depth--;
    }
  }

  private withRedirects<T extends Command>(cmd: T): T {
    for (;;) {
      const t = this.peek();
      if (t.type === 'op' && REDIRECT_OPS.has(t.value)) {
        this.next();
        cmd.redirects.push(this.parseRedirect(t));
      } else return cmd;
    }
  }

  private parseIf(): Command {
    this.next();
    const clauses: { cond: List; body: List }[] = [];
    let cond = this.parseList();
    this.expectWord('then');
    let body = this.parseList();
    clauses.push({ cond, body });
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.type === 'eof') throw new IncompleteInput('construct');
      if (t.type === 'word' && t.value === 'elif') {
        this.next();
        cond = this.parseList();
        this.expectWord('then');
        body = this.parseList();
        clauses.push({ cond, body });
        continue;
      }
      if (t.type === 'word' && t.value === 'else') {
        this.next();
        const otherwise = this.parseList();
        this.expectWord('fi');
        return { type: 'if', clauses, otherwise, redirects: [] };
      }
      this.expectWord('fi');
      return { type: 'if', clauses, redirects: [] };
    }
  }

  /** `((…))` starting at the `(` token `t`: its text, or undefined when it is `( (…) )`, two subshells. */
  private arithmetic(t: Token): string | undefined {
    if (this.src[t.start + 1] !== '(') return undefined;
    const end = matchClose(this.src, t.start + 2, '(', ')', ')');
    if (this.src[end] !== ')') return undefined;
    this.pos = end + 1;
    this.peeked = undefined;
    return this.src.slice(t.start + 2, end - 1);
  }

  private parseFor(): Command {
    this.next();
    const open = this.peek();
    const arith = open.type === 'op' && open.value === '(' ? this.arithmetic(open) : undefined;
    if (arith !== undefined) {
      const parts = arith.split(';');
      if (parts.length !== 3) throw new ShellSyntaxError('(');
      const t = this.peek();
      if (t.type === 'op' && (t.value === ';' || t.value === '\n')) this.next();
      this.skipNewlines();
      const brace = this.peek();
      const body = brace.type === 'word' && brace.value === '{' ? (this.next(), this.parseList()) : (this.expectWord('do'), this.parseList());
      this.expectWord(brace.type === 'word' && brace.value === '{' ? '}' : 'done');
      return { type: 'for', name: '', words: [], arith: parts as [string, string, string], body, redirects: [] };
    }
    const nameTok = this.next();
    if (nameTok.type === 'eof') throw new IncompleteInput('construct');
    if (nameTok.type !== 'word') throw new ShellSyntaxError(nameTok.value === '\n' ? 'newline' : nameTok.value);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameTok.value)) throw new Error(`\`${nameTok.value}': not a valid identifier`);
    let words: string[] | null = null;
    this.skipNewlines();
    let t = this.peek();
    if (t.type === 'word' && t.value === 'in') {
      this.next();
      words = [];
      for (;;) {
        t = this.peek();
        if (t.type !== 'word') break;
        words.push(this.next().value);
      }
      if (t.type === 'eof') throw new IncompleteInput('construct');
      if (t.value !== ';' && t.value !== '\n') throw new ShellSyntaxError(t.value);
      this.next();
    } else if (t.type === 'op' && t.value === ';') this.next();
    this.expectWord('do');
    const body = this.parseList();
    this.expectWord('done');
    return { type: 'for', name: nameTok.value, words, body, redirects: [] };
  }

  private parseWhile(): Command {
    const kw = this.next().value;
    const cond = this.parseList();
    this.expectWord('do');
    const body = this.parseList();
    this.expectWord('done');
    return { type: 'while', until: kw === 'until', cond, body, redirects: [] };
  }

  private parseCase(): CaseCommand {
    this.next();
    const word = this.next();
    if (word.type === 'eof') throw new IncompleteInput('construct');
    if (word.type !== 'word') throw new ShellSyntaxError(word.value === '\n' ? 'newline' : word.value);
    this.expectWord('in');
    const cmd: CaseCommand = { type: 'case', word: word.value, items: [], redirects: [] };
    for (;;) {
      this.skipNewlines();
      let t = this.next();
      if (t.type === 'word' && t.value === 'esac') return cmd;
      if (t.type === 'op' && t.value === '(') t = this.next();
      const patterns: string[] = [];
      for (;;) {
        if (t.type === 'eof') throw new IncompleteInput('construct');
        if (t.type !== 'word') throw new ShellSyntaxError(t.value === '\n' ? 'newline' : t.value);
        patterns.push(t.value);
        t = this.next();
        if (t.type === 'op' && t.value === '|') { t = this.next(); continue; }
        if (t.type === 'op' && t.value === ')') break;
        if (t.type === 'eof') throw new IncompleteInput('construct');
        throw new ShellSyntaxError(t.value === '\n' ? 'newline' : t.value);
      }
      const body = this.parseList(true);
      const end = this.peek();
      if (end.type === 'op' && end.value[0] === ';' && end.value.length > 1) {
        this.next();
        cmd.items.push({ patterns, body, end: end.value });
        continue;
      }
      cmd.items.push({ patterns, body, end: ';;' });
      this.expectWord('esac');
      return cmd;
    }
  }

  /** `[[ expr ]]`: `<`, `>`, `(`, `)`, `&&`, `||` are the expression's own operators here, not the shell's. */
  private parseCond(): Command {
    this.next();
    const tok = (): Token => {
      let t = this.next();
      while (t.type === 'op' && t.value === '\n') t = this.next();
      if (t.type === 'eof') throw new IncompleteInput('construct');
      // `2>1` scanned as a redirection is the word 2 and the operator >.
      if (t.fd !== undefined) {
        this.pos = t.start + String(t.fd).length;
        this.peeked = undefined;
        return { type: 'word', value: String(t.fd), start: t.start, end: this.pos };
      }
      return t;
    };
    const isEnd = (t: Token) => t.type === 'word' && t.value === ']]';
    const isWord = (t: Token) => t.type === 'word' && !isEnd(t);
    const err = (msg: string) => new CondSyntaxError(msg);
    let t = tok();
    if (isEnd(t)) throw new ShellSyntaxError(']]');
    const or = (): CondExpr => {
      const left = and();
      if (t.type === 'op' && t.value === '||') { t = tok(); return { op: '||', left, right: or() }; }
      return left;
    };
    const and = (): CondExpr => {
      const left = term();
      if (t.type === 'op' && t.value === '&&') { t = tok(); return { op: '&&', left, right: and() }; }
      return left;
    };
    const term = (): CondExpr => {
      if (t.type === 'op' && t.value === '(') {
        t = tok();
        const e = or();
        if (!(t.type === 'op' && t.value === ')')) throw err(`unexpected token \`${t.value}', expected \`)'`);
        t = tok();
        return { op: '()', arg: e };
      }
      if (t.type === 'word' && t.value === '!' ) {
        t = tok();
        if (isEnd(t)) return { op: '', args: ['!'] };
        return { op: '!', arg: term() };
      }
      if (!isWord(t)) throw err(`unexpected token \`${t.value}' in conditional command`);
      const first = t.value;
      if (/^-[abcdefghknoprstuvwxzGLNOSR]$/.test(first)) {
        t = tok();
        if (!isWord(t)) throw err(`unexpected argument \`${t.value}' to conditional unary operator`);
        const e = { op: first, args: [t.value] };
        t = tok();
        return e;
      }
      t = tok();
      const binop = t.value;
      if (isWord(t) ? /^(==?|!=|=~|-(eq|ne|lt|le|gt|ge|nt|ot|ef))$/.test(binop) : binop === '<' || binop === '>') {
        let right: string;
        if (binop === '=~') {
          right = this.regexWord();
          if (right === '') throw err('unexpected argument to conditional binary operator');
        } else {
          t = tok();
          if (!isWord(t)) throw err(`unexpected argument \`${t.value}' to conditional binary operator`);
          right = t.value;
        }
        t = tok();
        return { op: binop, args: [first, right] };
      }
      if (isWord(t)) throw err('conditional binary operator expected');
      return { op: '', args: [first] };
    };
    const expr = or();
    if (!isEnd(t)) throw err(`syntax error in conditional expression${t.type === 'op' ? `: unexpected token \`${t.value}'` : ''}`);
    return { type: 'cond', expr, redirects: [] };
  }

  /** The right side of `=~`: `(`, `)` and `|` belong to the regular expression; a blank outside parentheses ends it. */
  private regexWord(): string {
    const s = this.src;
    while (s[this.pos] === ' ' || s[this.pos] === '\t') this.pos++;
    const start = this.pos;
    let depth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (depth === 0 && (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '<' || c === '>')) break;
      if (c === '(') depth++;
      else if (c === ')') depth--;
      this.pos = skipQuoted(s, this.pos);
    }
    if (depth > 0) throw new IncompleteInput('quote', ')');
    this.peeked = undefined;
    return s.slice(start, this.pos);
  }

  private parseRedirect(op: Token): Redirect {
    const target = this.next();
    if (target.type === 'eof') throw new ShellSyntaxError('newline');
    if (target.type !== 'word') throw new ShellSyntaxError(target.value === '\n' ? 'newline' : target.value);
    const r: Redirect = { fd: op.fd ?? null, op: op.value as Redirect['op'], target: target.value };
    if (op.value === '<<' || op.value === '<<-') {
      const quoted = /["'\\]/.test(target.value);
      r.heredoc = { body: '', expand: !quoted };
      this.heredocs.push({ redirect: r, delimiter: removeQuotes(target.value), stripTabs: op.value === '<<-', line: this.lineAt(op.start) });
    }
    return r;
  }

  private parseSimple(): Command {
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirects: [], line: this.lineAt(this.peek().start) };
    this.aliasesInUse.clear();
    let aliasNext = true;
    for (;;) {
      const t = this.peek();
      if (t.type === 'op' && REDIRECT_OPS.has(t.value)) {
        this.next();
        cmd.redirects.push(this.parseRedirect(t));
        continue;
      }
      if (t.type === 'op' && t.value === '(' && cmd.words.length === 1 && cmd.assigns.length === 0) {
        // name() compound-command
        this.next();
        const close = this.next();
        if (close.value !== ')') throw new ShellSyntaxError(close.value === '\n' ? 'newline' : close.value);
        this.skipNewlines();
        return { type: 'function', name: cmd.words[0], body: this.parseCommand(), redirects: [] };
      }
      if (t.type !== 'word') break;
      const declaration = cmd.words.length > 0 && DECLARATIONS.has(cmd.words[0]);
      if ((cmd.words.length === 0 || declaration) && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(t.value)) {
        this.next();
        // `a=(1 2 3)`: a compound assignment; its words stay raw, as bash keeps them until the assignment runs.
        const word = /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(t.value) && this.src[t.end] === '(' ? t.value + this.arrayWords(t.end) : t.value;
        if (declaration) cmd.words.push(word);
        else cmd.assigns.push(word);
        continue;
      }
      if (aliasNext && this.expandAlias(t)) continue;
      aliasNext = false;
      this.next();
      cmd.words.push(t.value);
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) {
      const t = this.peek();
      if (t.type === 'eof') throw new IncompleteInput('construct');
      throw new ShellSyntaxError(t.value === '\n' ? 'newline' : t.value);
    }
    return cmd;
  }

  /** The `(words…)` of a compound assignment starting at `i`, as written (newlines and comments allowed inside). */
  private arrayWords(i: number): string {
    const s = this.src;
    let j = i + 1;
    for (;;) {
      while (j < s.length && /[ \t\n]/.test(s[j])) j++;
      if (s[j] === '#') { while (j < s.length && s[j] !== '\n') j++; continue; }
      if (j >= s.length) throw new IncompleteInput('construct');
      if (s[j] === ')') break;
      const end = scanWord(s, j);
      if (end === j) throw new ShellSyntaxError(s[j]);
      j = end;
    }
    this.pos = j + 1;
    this.peeked = undefined;
    return s.slice(i, j + 1);
  }

  /** Bash replaces an alias in command position by its text before parsing on (a trailing space makes the next word eligible too). */
  private expandAlias(t: Token): boolean {
    const aliases = this.opts.aliases;
    if (!aliases || !isPlainWord(t.value) || this.aliasesInUse.has(t.value)) return false;
    const value = aliases.get(t.value);
    if (value === undefined) return false;
    this.aliasesInUse.add(t.value);
    this.src = this.src.slice(0, t.start) + value + this.src.slice(t.end);
    this.pos = t.start;
    this.peeked = undefined;
    return true;
  }
}

/** Index just past the word starting at `i`: stops at an unquoted blank or operator character. */
export function scanWord(s: string, i: number): number {
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>') break;
    i = skipQuoted(s, i);
  }
  return i;
}

/** Skips one character or one quoted/substituted unit starting at `i`. */
function skipQuoted(s: string, i: number): number {
  const c = s[i];
  if (c === '\\') {
    if (i + 1 >= s.length) return i + 1;
    return i + 2;
  }
  if (c === "'") {
    const j = s.indexOf("'", i + 1);
    if (j < 0) throw new IncompleteInput('quote', "'");
    return j + 1;
  }
  if (c === '"') {
    let j = i + 1;
    while (j < s.length && s[j] !== '"') {
      if (s[j] === '\\') j += 2;
      else if ((s[j] === '$' && s[j + 1] !== "'") || s[j] === '`') j = skipDollarOrBacktick(s, j);
      else j++;
    }
    if (j >= s.length) throw new IncompleteInput('quote', '"');
    return j + 1;
  }
  if (c === '$' || c === '`') return skipDollarOrBacktick(s, i);
  return i + 1;
}

function skipDollarOrBacktick(s: string, i: number): number {
  if (s[i] === '`') {
    let j = i + 1;
    while (j < s.length && s[j] !== '`') j += s[j] === '\\' ? 2 : 1;
    if (j >= s.length) throw new IncompleteInput('quote', '`');
    return j + 1;
  }
  const n = s[i + 1];
  if (n === "'") {
    // `$'…'`: backslash escapes, `\'` among them.
    let j = i + 2;
    while (j < s.length && s[j] !== "'") j += s[j] === '\\' ? 2 : 1;
    if (j >= s.length) throw new IncompleteInput('quote', "'");
    return j + 1;
  }
  if (n === '(') return matchClose(s, i + 2, '(', ')', ')');
  if (n === '{') return matchClose(s, i + 2, '{', '}', '}');
  return i + 1;
}

/** Finds the closing bracket of `$(`/`${`, honouring quotes and nesting. */
export function matchClose(s: string, i: number, open: string, close: string, what: string): number {
  let depth = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === open) { depth++; i++; continue; }
    if (c === close) {
      depth--;
      i++;
      if (depth === 0) return i;
      continue;
    }
    if (c === '\\' || c === "'" || c === '"' || c === '$' || c === '`') {
      i = c === '$' ? skipDollarOrBacktick(s, i) : skipQuoted(s, i);
      continue;
    }
    i++;
  }
  throw new IncompleteInput('quote', what);
}

/** Quote removal for heredoc delimiters and other words that are not expanded. */
export function removeQuotes(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === "'") {
      const j = word.indexOf("'", i + 1);
      out += word.slice(i + 1, j < 0 ? word.length : j);
      i = j < 0 ? word.length : j;
    } else if (c === '"') {
      let j = i + 1;
      while (j < word.length && word[j] !== '"') {
        if (word[j] === '\\' && '$`"\\\n'.includes(word[j + 1] ?? '')) j++;
        out += word[j++];
      }
      i = j;
    } else if (c === '\\') {
      if (i + 1 < word.length) out += word[++i];
    } else out += c;
  }
  return out;
}

export { KEYWORDS };
