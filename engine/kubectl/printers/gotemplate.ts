/**
 * Go's text/template, as kubectl's `-o go-template` runs it: the template is
 * named "output", the functions are text/template's builtins plus kubectl's
 * `exists` and `base64decode`, and the data is the object decoded from JSON
 * (see gofmt.ts for the value model). Parse errors read
 * `template: output:LINE: ...`, execution errors
 * `template: output:LINE:COL: executing "output" at <NODE>: ...`, where NODE
 * is the node text.Go was evaluating last (its `s.at`), cut at 20 characters.
 */
import { formatGoSyntax, formatV, GoNum, goQuote, goTypeName, isMap, numberOf, sortedKeys, sprint, sprintf, sprintln, type GoValue } from './gofmt.js';

// ---------------------------------------------------------------- lexer

type ItemType =
  | 'error' | 'eof' | 'text' | 'leftDelim' | 'rightDelim' | 'space' | 'identifier' | 'keyword' | 'field' | 'variable'
  | 'string' | 'rawString' | 'char' | 'number' | 'bool' | 'nil' | 'dot' | 'pipe' | 'leftParen' | 'rightParen'
  | 'declare' | 'assign' | 'comma' | 'comment';

interface Item { typ: ItemType; val: string; pos: number; line: number }

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'nil', 'template', 'with']);

function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (i.typ === 'keyword') return `<${i.val}>`;
  if (i.val.length > 10) return `${goQuote(i.val.slice(0, 10)).slice(0, -1)}"...`;
  return goQuote(i.val);
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string) => c === '_' || /[\p{L}\p{Nd}]/u.test(c);

function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;
  const emit = (typ: ItemType) => {
    items.push({ typ, val: input.slice(start, pos), pos: start, line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = () => {
    for (let i = start; i < pos; i++) if (input[i] === '\n') startLine++;
    start = pos;
    startLine = line;
  };
  const advance = (n: number) => {
    for (let i = 0; i < n; i++) if (input[pos + i] === '\n') line++;
    pos += n;
  };
  const error = (msg: string) => {
    items.push({ typ: 'error', val: msg, pos: start, line: startLine });
  };
  // text, then actions
  for (;;) {
    const x = input.indexOf('{{', pos);
    if (x < 0) {
      advance(input.length - pos);
      if (pos > start) emit('text');
      break;
    }
    let textEnd = x;
    const trimLeft = input[x + 2] === '-' && isSpace(input[x + 3] ?? '');
    if (trimLeft) while (textEnd > start && isSpace(input[textEnd - 1])) textEnd--;
    advance(textEnd - pos);
    if (pos > start) emit('text');
    advance(x - pos);
    ignore();
    // left delimiter
    advance(2);
    if (trimLeft) advance(2);
    // comment
    const afterDelim = pos;
    if (input.startsWith('/*', afterDelim)) {
      const close = input.indexOf('*/', afterDelim + 2);
      if (close < 0) { error('unclosed comment'); return items; }
      advance(close + 2 - pos);
      const rest = input.slice(pos);
      const trimRight = /^ -\}\}/.test(rest) || /^[\t\r\n]-\}\}/.test(rest);
      if (!rest.startsWith('}}') && !trimRight) { error('comment ends before closing delimiter'); return items; }
      emit('comment');
      advance(trimRight ? 4 : 2);
      ignore();
      if (trimRight) {
        while (pos < input.length && isSpace(input[pos])) advance(1);
        ignore();
      }
      continue;
    }
    items.push({ typ: 'leftDelim', val: '{{', pos: x, line: startLine });
    ignore();
    parenDepth = 0;
    // inside action
    let closed = false;
    while (!closed) {
      const rest = input.slice(pos, pos + 4);
      const trimRight = isSpace(rest[0] ?? '') && rest[1] === '-' && rest.slice(2, 4) === '}}';
      if (trimRight || rest.startsWith('}}')) {
        if (parenDepth > 0) { error('unclosed left paren'); return items; }
        if (trimRight) {
          advance(1);
          ignore();
          advance(1);
          ignore();
        }
        advance(2);
        emit('rightDelim');
        if (trimRight) {
          while (pos < input.length && isSpace(input[pos])) advance(1);
          ignore();
        }
        closed = true;
        break;
      }
      if (pos >= input.length) { error('unclosed action'); return items; }
      const c = input[pos];
      if (isSpace(c)) {
        while (pos < input.length && isSpace(input[pos]) && !(input[pos + 1] === '-' && input.startsWith('}}', pos + 2))) advance(1);
        emit('space');
      } else if (c === '=') { advance(1); emit('assign'); } else if (c === ':') {
        if (input[pos + 1] !== '=') { advance(1); error('expected :='); return items; }
        advance(2);
        emit('declare');
      } else if (c === '|') { advance(1); emit('pipe'); } else if (c === '"') {
        advance(1);
        for (;;) {
          const ch = input[pos];
          if (ch === '\\' && pos + 1 < input.length && input[pos + 1] !== '\n') { advance(2); continue; }
          if (ch === undefined || ch === '\n') { error('unterminated quoted string'); return items; }
          advance(1);
          if (ch === '"') break;
        }
        emit('string');
      } else if (c === '`') {
        const close = input.indexOf('`', pos + 1);
        if (close < 0) { error('unterminated raw quoted string'); return items; }
        advance(close + 1 - pos);
        emit('rawString');
      } else if (c === '$') {
        advance(1);
        while (pos < input.length && isAlnum(input[pos])) advance(1);
        emit('variable');
      } else if (c === "'") {
        advance(1);
        for (;;) {
          const ch = input[pos];
          if (ch === '\\' && pos + 1 < input.length && input[pos + 1] !== '\n') { advance(2); continue; }
          if (ch === undefined || ch === '\n') { error('unterminated character constant'); return items; }
          advance(1);
          if (ch === "'") break;
        }
        emit('char');
      } else if (c === '.') {
        const n = input[pos + 1] ?? '';
        if (n >= '0' && n <= '9') {
          if (!lexNumber()) return items;
        } else {
          advance(1);
          if (pos < input.length && isAlnum(input[pos])) {
            while (pos < input.length && isAlnum(input[pos])) advance(1);
            if (!checkEnd()) return items;
            emit('field');
          } else emit('dot');
        }
      } else if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
        if (!lexNumber()) return items;
      } else if (isAlnum(c)) {
        while (pos < input.length && isAlnum(input[pos])) advance(1);
        if (!checkEnd()) return items;
        const word = input.slice(start, pos);
        if (KEYWORDS.has(word)) emit(word === 'nil' ? 'nil' : 'keyword');
        else if (word === 'true' || word === 'false') emit('bool');
        else emit('identifier');
      } else if (c === '(') { advance(1); emit('leftParen'); parenDepth++; } else if (c === ')') {
        advance(1);
        parenDepth--;
        if (parenDepth < 0) { error('unexpected right paren'); return items; }
        emit('rightParen');
      } else if (c === ',') { advance(1); emit('comma'); } else {
        advance(1);
        error(`unrecognized character in action: ${goQuoteRune(c)}`);
        return items;
      }
    }
  }
  items.push({ typ: 'eof', val: '', pos, line });
  return items;

  function checkEnd(): boolean {
    const r = input[pos];
    if (r === undefined || isSpace(r) || '.,|:)'.includes(r) || input.startsWith('}}', pos)) return true;
    advance(1);
    error(`bad character ${goQuoteRune(r)}`);
    return false;
  }

  function lexNumber(): boolean {
    const m = /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[oO][0-7_]*|0[bB][01_]*|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(input.slice(pos));
    const len = m ? m[0].length : 0;
    advance(Math.max(len, 1));
    if (pos < input.length && isAlnum(input[pos])) {
      advance(1);
      error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
      return false;
    }
    emit('number');
    return true;
  }
}

function goQuoteRune(c: string): string {
  return `'${c === "'" ? "\\'" : c}'`;
}

// ---------------------------------------------------------------- nodes

type Node =
  | { t: 'text'; pos: number; text: string }
  | { t: 'action'; pos: number; line: number; pipe: Pipe }
  | { t: 'if' | 'with' | 'range'; pos: number; line: number; pipe: Pipe; list: Node[]; elseList?: Node[] }
  | { t: 'template'; pos: number; line: number; name: string; pipe?: Pipe }
  | { t: 'break' | 'continue'; pos: number; line: number };

type ControlNode = Extract<Node, { t: 'if' | 'with' | 'range' }>;
interface Pipe { pos: number; isAssign: boolean; decl: VarNode[]; cmds: Cmd[] }
interface Cmd { pos: number; args: Arg[] }
interface VarNode { t: 'variable'; pos: number; ident: string[] }
type Arg =
  | { t: 'field'; pos: number; ident: string[] }
  | VarNode
  | { t: 'identifier'; pos: number; name: string }
  | { t: 'dot'; pos: number }
  | { t: 'nil'; pos: number }
  | { t: 'bool'; pos: number; value: boolean }
  | { t: 'number'; pos: number; text: string; value: GoValue }
  | { t: 'string'; pos: number; quoted: string; text: string }
  | { t: 'pipe'; pos: number; pipe: Pipe }
  | { t: 'chain'; pos: number; node: Arg; field: string[] };

function argString(a: Arg): string {
  switch (a.t) {
    case 'field': return '.' + a.ident.join('.');
    case 'variable': return a.ident.join('.');
    case 'identifier': return a.name;
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return String(a.value);
    case 'number': return a.text;
    case 'string': return a.quoted;
    case 'pipe': return `(${pipeString(a.pipe)})`;
    case 'chain': return (a.node.t === 'pipe' ? argString(a.node) : argString(a.node)) + '.' + a.field.join('.');
  }
}

function cmdString(c: Cmd): string {
  return c.args.map((a) => (a.t === 'pipe' ? `(${pipeString(a.pipe)})` : argString(a))).join(' ');
}

function pipeString(p: Pipe): string {
  let s = '';
  if (p.decl.length) s = p.decl.map((v) => v.ident.join('.')).join(', ') + (p.isAssign ? ' = ' : ' := ');
  return s + p.cmds.map(cmdString).join(' | ');
}

function nodeString(n: Node | Pipe | Cmd | Arg): string {
  if ('cmds' in n) return pipeString(n);
  if ('args' in n) return cmdString(n);
  switch (n.t) {
    case 'text': return goQuote(n.text);
    case 'action': return `{{${pipeString(n.pipe)}}}`;
    case 'if': case 'with': case 'range': return `{{${n.t} ${pipeString(n.pipe)}}}`;
    case 'template': return n.pipe ? `{{template ${goQuote(n.name)} ${pipeString(n.pipe)}}}` : `{{template ${goQuote(n.name)}}}`;
    case 'break': return '{{break}}';
    case 'continue': return '{{continue}}';
    default: return argString(n as Arg);
  }
}

// ---------------------------------------------------------------- parser

export class TemplateParseError extends Error {}
export class TemplateExecError extends Error {
  constructor(message: string, readonly partialOutput: string) {
    super(message);
  }
}

/** Functions the parser accepts (text/template's builtins and kubectl's two). */
const FUNCS = new Set(['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'exists', 'base64decode']);

export interface GoTemplate {
  name: string;
  root: Node[];
  defs: Map<string, Node[]>;
  text: string;
}

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  readonly defs = new Map<string, Node[]>();

  constructor(private readonly items: Item[], private readonly name: string, private readonly text: string) {}

  private last: Item | undefined;

  private errorf(msg: string, item = this.last ?? this.items[0]): never {
    throw new TemplateParseError(`template: ${this.name}:${item.line}: ${msg}`);
  }
  private next(): Item {
    const it = this.items[this.i];
    if (this.i < this.items.length - 1) this.i++;
    if (it.typ === 'error') this.errorf(it.val, it);
    this.last = it;
    return it;
  }
  private backup(): void {
    this.i--;
  }
  private peek(): Item {
    const it = this.items[this.i];
    if (it.typ === 'error') this.errorf(it.val, it);
    return it;
  }
  private nextNonSpace(): Item {
    let it = this.next();
    while (it.typ === 'space') it = this.next();
    return it;
  }
  private peekNonSpace(): Item {
    const it = this.nextNonSpace();
    this.backup();
    return it;
  }
  private expect(typ: ItemType, context: string): Item {
    const it = this.nextNonSpace();
    if (it.typ !== typ) this.unexpected(it, context);
    return it;
  }
  private unexpected(it: Item, context: string): never {
    if (it.typ === 'error') this.errorf(it.val, it);
    this.errorf(`unexpected ${itemString(it)} in ${context}`, it);
  }

  parse(): Node[] {
    const list: Node[] = [];
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const save = this.i;
        this.next();
        const kw = this.nextNonSpace();
        if (kw.typ === 'keyword' && kw.val === 'define') {
          this.parseDefinition();
          continue;
        }
        this.i = save;
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected {{${n.kind}}}`, n.item);
      if (n.node) list.push(n.node);
    }
    return list;
  }

  private parseDefinition(): void {
    const nameItem = this.nextNonSpace();
    if (nameItem.typ !== 'string' && nameItem.typ !== 'rawString') this.unexpected(nameItem, 'define clause');
    const name = unquote(nameItem.val) ?? this.errorf('invalid syntax', nameItem);
    this.expect('rightDelim', 'define clause');
    const { list, end } = this.itemList();
    if (end.kind !== 'end') this.errorf('unexpected {{else}}', end.item);
    this.defs.set(name, list);
  }

  /** Nodes up to {{end}} or {{else}}. */
  private itemList(): { list: Node[]; end: { kind: 'end' | 'else'; item: Item; elseKw?: Item } } {
    const list: Node[] = [];
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return { list, end: { kind: n.kind, item: n.item, elseKw: n.elseKw } };
      if (n.node) list.push(n.node);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): { kind: 'node' | 'end' | 'else'; node?: Node; item: Item; elseKw?: Item } {
    const it = this.nextNonSpace();
    if (it.typ === 'text') return { kind: 'node', node: { t: 'text', pos: it.pos, text: it.val }, item: it };
    if (it.typ === 'comment') return { kind: 'node', item: it };
    if (it.typ === 'leftDelim') return this.action(it);
    this.unexpected(it, 'input');
  }

  private action(delim: Item): { kind: 'node' | 'end' | 'else'; node?: Node; item: Item; elseKw?: Item } {
    const tok = this.nextNonSpace();
    if (tok.typ === 'keyword') {
      switch (tok.val) {
        case 'block': return { kind: 'node', node: this.blockControl(tok), item: tok };
        case 'break': case 'continue': {
          if (this.rangeDepth === 0) this.errorf(`{{${tok.val}}} outside {{range}}`, tok);
          const close = this.nextNonSpace();
          if (close.typ !== 'rightDelim') this.unexpected(close, `{{${tok.val}}}`);
          return { kind: 'node', node: { t: tok.val, pos: tok.pos, line: tok.line }, item: tok };
        }
        case 'else': {
          const peek = this.peekNonSpace();
          if (peek.typ === 'keyword' && (peek.val === 'if' || peek.val === 'with')) return { kind: 'else', item: tok, elseKw: peek };
          this.expect('rightDelim', 'else');
          return { kind: 'else', item: tok };
        }
        case 'end':
          this.expect('rightDelim', 'end');
          return { kind: 'end', item: tok };
        case 'if': case 'with': return { kind: 'node', node: this.control(tok.val, tok), item: tok };
        case 'range': return { kind: 'node', node: this.control('range', tok), item: tok };
        case 'template': return { kind: 'node', node: this.templateControl(tok), item: tok };
        case 'define': this.errorf('unexpected <define> in command', tok);
      }
    }
    this.backup();
    void delim;
    const pipe = this.pipeline('command', 'rightDelim');
    return { kind: 'node', node: { t: 'action', pos: tok.pos, line: tok.line, pipe }, item: tok };
  }

  private control(kind: 'if' | 'with' | 'range', tok: Item): Node {
    const saved = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const { list, end } = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (end.kind === 'else') {
      if (end.elseKw && end.elseKw.val === kind && kind !== 'range') {
        // {{else if ...}} / {{else with ...}}: a nested control that shares our {{end}}.
        this.nextNonSpace();
        elseList = [this.control(kind, end.elseKw)];
      } else {
        if (end.elseKw) this.errorf(`unexpected ${itemString(end.elseKw)} in else`, end.elseKw);
        const r = this.itemList();
        if (r.end.kind !== 'end') this.errorf('expected end; found {{else}}', r.end.item);
        elseList = r.list;
      }
    }
    this.vars.length = saved;
    return { t: kind, pos: pipe.pos, line: tok.line, pipe, list, elseList };
  }

  private templateControl(tok: Item): Node {
    const nameItem = this.nextNonSpace();
    if (nameItem.typ !== 'string' && nameItem.typ !== 'rawString') this.unexpected(nameItem, 'template clause');
    const name = unquote(nameItem.val) ?? this.errorf('invalid syntax', nameItem);
    let pipe: Pipe | undefined;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline('template clause', 'rightDelim');
    }
    return { t: 'template', pos: nameItem.pos, line: tok.line, name, pipe };
  }

  private blockControl(tok: Item): Node {
    const nameItem = this.nextNonSpace();
    if (nameItem.typ !== 'string' && nameItem.typ !== 'rawString') this.unexpected(nameItem, 'block clause');
    const name = unquote(nameItem.val) ?? this.errorf('invalid syntax', nameItem);
    const pipe = this.pipeline('block clause', 'rightDelim');
    const saved = this.vars;
    this.vars = ['$'];
    const { list, end } = this.itemList();
    this.vars = saved;
    if (end.kind !== 'end') this.errorf('unexpected {{else}}', end.item);
    this.defs.set(name, list);
    return { t: 'template', pos: nameItem.pos, line: tok.line, name, pipe };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): Pipe {
    const token = this.peekNonSpace();
    const pipe: Pipe = { pos: token.pos, isAssign: false, decl: [], cmds: [] };
    // declarations
    decls: if (this.peekNonSpace().typ === 'variable') {
      const v = this.nextNonSpace();
      const after = this.peekNonSpace();
      if (after.typ === 'assign' || after.typ === 'declare') {
        pipe.isAssign = after.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ t: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
      } else if (after.typ === 'comma' && context === 'range' && pipe.decl.length < 2) {
        this.nextNonSpace();
        pipe.decl.push({ t: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        const v2 = this.nextNonSpace();
        if (v2.typ !== 'variable') this.errorf('range can only initialize variables', v2);
        const op = this.nextNonSpace();
        if (op.typ !== 'declare' && op.typ !== 'assign') {
          if (op.typ === 'comma') this.errorf('too many declarations in range', op);
          this.errorf('range can only initialize variables', op);
        }
        pipe.isAssign = op.typ === 'assign';
        pipe.decl.push({ t: 'variable', pos: v2.pos, ident: [v2.val] });
        this.vars.push(v2.val);
      } else {
        this.backup();
        while (this.items[this.i].typ === 'space') this.backup();
        break decls;
      }
    }
    for (;;) {
      const tok = this.nextNonSpace();
      if (tok.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (tok.typ) {
        case 'bool': case 'char': case 'dot': case 'field': case 'identifier': case 'number': case 'nil':
        case 'rawString': case 'string': case 'variable': case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(tok, context);
      }
    }
  }

  private checkPipeline(pipe: Pipe, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0].t)) this.errorf(`non executable command in pipeline stage ${i + 2}`);
    });
  }

  private command(): Cmd {
    const cmd: Cmd = { pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const tok = this.next();
      if (tok.typ === 'space') continue;
      if (tok.typ === 'rightDelim' || tok.typ === 'rightParen') this.backup();
      else if (tok.typ !== 'pipe') this.unexpected(tok, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Arg | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().typ === 'field') {
      const chainPos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().typ === 'field') fields.push(this.next().val.slice(1));
      switch (node.t) {
        case 'field': return { t: 'field', pos: chainPos, ident: [...node.ident, ...fields] };
        case 'variable': return { t: 'variable', pos: chainPos, ident: [...node.ident, ...fields] };
        case 'bool': case 'string': case 'number': case 'nil': case 'dot':
          this.errorf(`unexpected . after term ${goQuote(argString(node))}`);
        default: return { t: 'chain', pos: chainPos, node, field: fields };
      }
    }
    return node;
  }

  private term(): Arg | undefined {
    const tok = this.nextNonSpace();
    switch (tok.typ) {
      case 'identifier':
        if (!FUNCS.has(tok.val)) this.errorf(`function ${goQuote(tok.val)} not defined`, tok);
        return { t: 'identifier', pos: tok.pos, name: tok.val };
      case 'dot': return { t: 'dot', pos: tok.pos };
      case 'nil': return { t: 'nil', pos: tok.pos };
      case 'variable': {
        if (!this.vars.includes(tok.val)) this.errorf(`undefined variable ${goQuote(tok.val)}`, tok);
        return { t: 'variable', pos: tok.pos, ident: [tok.val] };
      }
      case 'field': return { t: 'field', pos: tok.pos, ident: [tok.val.slice(1)] };
      case 'bool': return { t: 'bool', pos: tok.pos, value: tok.val === 'true' };
      case 'char': case 'number': return { t: 'number', pos: tok.pos, text: tok.val, value: this.numberValue(tok) };
      case 'leftParen': {
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen');
        return { t: 'pipe', pos: tok.pos, pipe };
      }
      case 'string': case 'rawString': {
        const s = unquote(tok.val);
        if (s === undefined) this.errorf('invalid syntax', tok);
        return { t: 'string', pos: tok.pos, quoted: tok.val, text: s };
      }
    }
    this.backup();
    return undefined;
  }

  /** parse.NumberNode plus exec's idealConstant: ints are int, floats float64. */
  private numberValue(tok: Item): GoValue {
    const text = tok.val;
    if (tok.typ === 'char') {
      const s = unquote(`"${text.slice(1, -1).replace(/"/g, '\\"')}"`);
      const chars = s === undefined ? [] : [...s];
      if (chars.length !== 1) this.errorf(`malformed character constant: ${text}`, tok);
      return new GoNum('int', chars[0].codePointAt(0)!);
    }
    if (text.endsWith('i')) this.errorf(`illegal number syntax: ${goQuote(text)}`, tok);
    const clean = text.replace(/_/g, '');
    const sign = clean.startsWith('-') ? -1 : 1;
    const body = clean.replace(/^[+-]/, '');
    const hex = /^0[xX]/.test(body);
    if (!hex && /[.eE]/.test(body) || hex && /[pP.]/.test(body)) {
      const f = hex ? parseHexFloat(body) : Number(body);
      if (!Number.isFinite(f) || body === '.' || body === '') this.errorf(`illegal number syntax: ${goQuote(text)}`, tok);
      return new GoNum('float64', sign * f);
    }
    let n: number;
    if (hex) n = parseInt(body.slice(2), 16);
    else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
    else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
    else if (/^0[0-7]+$/.test(body)) n = parseInt(body.slice(1), 8);
    else if (/^[0-9]+$/.test(body)) n = Number(body);
    else this.errorf(`illegal number syntax: ${goQuote(text)}`, tok);
    if (!Number.isFinite(n) || Number.isNaN(n)) this.errorf(`illegal number syntax: ${goQuote(text)}`, tok);
    return new GoNum('int', sign * n);
  }
}

function parseHexFloat(body: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(body);
  if (!m) return NaN;
  const int = m[1] ? parseInt(m[1], 16) : 0;
  const frac = m[2] ? parseInt(m[2], 16) / 16 ** m[2].length : 0;
  return (int + frac) * 2 ** Number(m[3] ?? 0);
}

/** strconv.Unquote for "..." and `...` literals; undefined when invalid. */
function unquote(q: string): string | undefined {
  if (q.startsWith('`')) return q.slice(1, -1).replace(/\r/g, '');
  if (!q.startsWith('"') || !q.endsWith('"') || q.length < 2) return undefined;
  const s = q.slice(1, -1);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') { out += c; continue; }
    const e = s[++i];
    switch (e) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case "'": return undefined;
      case 'x': {
        const h = s.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
        out += String.fromCharCode(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u': case 'U': {
        const len = e === 'u' ? 4 : 8;
        const h = s.slice(i + 1, i + 1 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) return undefined;
        const cp = parseInt(h, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined;
        out += String.fromCodePoint(cp);
        i += len;
        break;
      }
      default: {
        if (e >= '0' && e <= '7') {
          const o = s.slice(i, i + 3);
          if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return undefined;
          out += String.fromCharCode(parseInt(o, 8));
          i += 2;
          break;
        }
        return undefined;
      }
    }
  }
  return out;
}

/** Parses a template as template.New(name).Parse(text) does. */
export function parseGoTemplate(text: string, name = 'output'): GoTemplate {
  const p = new Parser(lex(text), name, text);
  const root = p.parse();
  return { name, root, defs: p.defs, text };
}

// ---------------------------------------------------------------- execution

class ExecError extends Error {}
class BreakSignal {}
class ContinueSignal {}

/** A value and whether its static type is interface{} (how Go names the receiver in "can't evaluate field"). */
interface Val { v: GoValue; iface: boolean }

interface Variable { name: string; value: GoValue; iface: boolean }

const MAX_EXEC_DEPTH = 100000;

class State {
  out = '';
  node: Node | Pipe | Cmd | Arg | undefined;
  vars: Variable[] = [];
  depth = 0;

  constructor(private readonly tmpl: GoTemplate, private readonly missingKeyError: boolean) {}

  at(n: Node | Pipe | Cmd | Arg): void {
    this.node = n;
  }

  errorf(msg: string): never {
    const name = this.tmpl.name;
    let loc = `template: ${name}`;
    if (this.node) {
      const pos = this.node.pos;
      const before = this.tmpl.text.slice(0, pos);
      const line = 1 + (before.match(/\n/g)?.length ?? 0);
      const col = pos - (before.lastIndexOf('\n') + 1);
      const ctx = nodeString(this.node);
      loc = `template: ${name}:${line}:${col}: executing ${goQuote(name)} at <${ctx}>`;
      throw new ExecError(`${loc}: ${msg}`);
    }
    throw new ExecError(`${loc}: ${msg}`);
  }

  walk(dot: Val, list: Node[]): void {
    for (const n of list) this.walkNode(dot, n);
  }

  private walkNode(dot: Val, n: Node): void {
    this.at(n);
    switch (n.t) {
      case 'text': this.out += n.text; return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.out += printValue(v.v);
        return;
      }
      case 'if': case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        const t = truth(v.v);
        if (t) this.walk(n.t === 'with' ? v : dot, n.list);
        else if (n.elseList) this.walk(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range': return this.walkRange(dot, n);
      case 'template': return this.walkTemplate(dot, n);
      case 'break': throw new BreakSignal();
      case 'continue': throw new ContinueSignal();
    }
  }

  private walkTemplate(dot: Val, n: Extract<Node, { t: 'template' }>): void {
    this.at(n);
    const body = this.tmpl.defs.get(n.name);
    if (!body) this.errorf(`template ${goQuote(n.name)} not defined`);
    if (++this.depth > MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = n.pipe ? this.evalPipeline(dot, n.pipe) : { v: undefined, iface: false };
    const saved = this.vars;
    this.vars = [{ name: '$', value: newDot.v, iface: false }];
    this.walk(newDot, body);
    this.vars = saved;
    this.depth--;
  }

  private walkRange(dot: Val, r: ControlNode): void {
    this.at(r);
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, r.pipe).v;
    const one = (index: GoValue, elem: Val): boolean => {
      if (r.pipe.decl.length > 0) {
        if (r.pipe.isAssign) {
          if (r.pipe.decl.length > 1) this.setVar(r.pipe.decl[0].ident[0], index, false);
          this.setVar(r.pipe.decl[r.pipe.decl.length - 1].ident[0], elem.v, elem.iface);
        } else {
          this.vars[this.vars.length - 1] = { ...this.vars[this.vars.length - 1], value: elem.v, iface: elem.iface };
          if (r.pipe.decl.length > 1) this.vars[this.vars.length - 2] = { ...this.vars[this.vars.length - 2], value: index, iface: false };
        }
      }
      const inner = this.vars.length;
      try {
        this.walk(elem, r.list);
      } catch (e) {
        if (e instanceof BreakSignal) { this.vars.length = inner; return false; }
        if (!(e instanceof ContinueSignal)) throw e;
      }
      this.vars.length = inner;
      return true;
    };
    let ran = false;
    if (Array.isArray(val)) {
      for (let i = 0; i < val.length; i++) {
        ran = true;
        if (!one(new GoNum('int', i), { v: val[i], iface: true })) break;
      }
    } else if (isMap(val)) {
      for (const k of sortedKeys(val)) {
        ran = true;
        if (!one(k, { v: val[k], iface: true })) break;
      }
    } else if (val === undefined) {
      // An invalid value (a missing key) ranges over nothing.
    } else {
      const num = numberOf(val);
      if (num && num.cls !== 'float') {
        if (r.pipe.decl.length > 1) this.errorf(`can't use ${formatV(val)} to iterate over more than one variable`);
        for (let i = 0; i < num.n; i++) {
          ran = true;
          if (!one(undefined, { v: new GoNum(num.kind, i), iface: false })) break;
        }
      } else this.errorf(`range can't iterate over ${formatV(val)}`);
    }
    if (!ran && r.elseList) this.walk(dot, r.elseList);
    this.vars.length = mark;
  }

  private setVar(name: string, value: GoValue, iface: boolean): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i] = { name, value, iface };
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): Val {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return { v: this.vars[i].value, iface: this.vars[i].iface };
    this.errorf(`undefined variable: ${name}`);
  }

  evalPipeline(dot: Val, pipe: Pipe): Val {
    this.at(pipe);
    let value: Val | undefined;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // An empty interface result becomes its concrete value (a nil one becomes invalid).
      if (value.iface) value = { v: value.v === null ? undefined : value.v, iface: false };
    }
    const v = value ?? { v: undefined, iface: false };
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d.ident[0], v.v, false);
      else this.vars.push({ name: d.ident[0], value: v.v, iface: false });
    }
    return v;
  }

  private evalCommand(dot: Val, cmd: Cmd, final: Val | undefined): Val {
    const first = cmd.args[0];
    switch (first.t) {
      case 'field': return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain': {
        this.at(first);
        if (first.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
        if (first.node.t === 'nil') this.errorf(`indirection through explicit nil in ${argString(first)}`);
        const pipe = this.evalArgValue(dot, first.node);
        return this.evalFieldChain(dot, pipe, first, first.field, cmd.args, final);
      }
      case 'identifier': return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first.pipe);
      case 'variable': {
        this.at(first);
        const value = this.varValue(first.ident[0]);
        if (first.ident.length === 1) {
          this.notAFunction(cmd.args, final);
          return value;
        }
        return this.evalFieldChain(dot, value, first, first.ident.slice(1), cmd.args, final);
      }
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.t) {
      case 'bool': return { v: first.value, iface: false };
      case 'dot': return dot;
      case 'nil': this.errorf('nil is not a command');
      case 'number': return { v: first.value, iface: false };
      case 'string': return { v: first.text, iface: false };
    }
    this.errorf(`can't evaluate command ${goQuote(argString(first))}`);
  }

  private notAFunction(args: Arg[], final: Val | undefined): void {
    if (args.length > 1 || final !== undefined) this.errorf(`can't give argument to non-function ${argString(args[0])}`);
  }

  /** The value of a chain's head: a parenthesized pipeline or a field/variable. */
  private evalArgValue(dot: Val, n: Arg): Val {
    switch (n.t) {
      case 'pipe': return this.evalPipeline(dot, n.pipe);
      case 'field': return this.evalFieldChain(dot, dot, n, n.ident, [n], undefined);
      case 'variable': return this.evalVariable(dot, n);
      case 'dot': return dot;
      default: return this.evalArg(dot, n);
    }
  }

  private evalVariable(dot: Val, n: VarNode): Val {
    this.at(n);
    const v = this.varValue(n.ident[0]);
    if (n.ident.length === 1) return v;
    return this.evalFieldChain(dot, v, n, n.ident.slice(1), [n], undefined);
  }

  private evalFieldChain(dot: Val, receiver: Val, node: Arg, ident: string[], args: Arg[], final: Val | undefined): Val {
    this.at(node);
    let r = receiver;
    for (let i = 0; i < ident.length - 1; i++) r = this.evalField(ident[i], [], undefined, r);
    return this.evalField(ident[ident.length - 1], args, final, r);
  }

  private evalField(name: string, args: Arg[], final: Val | undefined, receiver: Val): Val {
    if (receiver.v === undefined) {
      if (this.missingKeyError) this.errorf(`nil data; no entry for key ${goQuote(name)}`);
      return { v: undefined, iface: false };
    }
    const typ = receiver.iface ? 'interface {}' : goTypeName(receiver.v);
    if (receiver.v === null) this.errorf(`nil pointer evaluating ${typ}.${name}`);
    const hasArgs = args.length > 1 || final !== undefined;
    if (isMap(receiver.v)) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      if (Object.prototype.hasOwnProperty.call(receiver.v, name)) return { v: receiver.v[name], iface: true };
      if (this.missingKeyError) this.errorf(`map has no entry for key ${goQuote(name)}`);
      return { v: undefined, iface: false };
    }
    this.errorf(`can't evaluate field ${name} in type ${typ}`);
  }

  private evalFunction(dot: Val, node: Extract<Arg, { t: 'identifier' }>, cmd: Cmd, args: Arg[], final: Val | undefined): Val {
    this.at(node);
    const name = node.name;
    const rest = args.slice(1);
    const argc = rest.length + (final !== undefined ? 1 : 0);
    const fixed: Record<string, number> = { len: 1, not: 1, base64decode: 1 };
    const atLeast: Record<string, number> = { and: 1, or: 1, index: 1, slice: 1, printf: 1, eq: 1, call: 1, exists: 1 };
    const two = ['ge', 'gt', 'le', 'lt', 'ne'];
    if (name in fixed && argc !== fixed[name]) this.errorf(`wrong number of args for ${name}: want ${fixed[name]} got ${argc}`);
    if (two.includes(name) && argc !== 2) this.errorf(`wrong number of args for ${name}: want 2 got ${argc}`);
    if (name in atLeast && argc < atLeast[name]) this.errorf(`wrong number of args for ${name}: want at least ${atLeast[name]} got ${argc}`);
    // and/or evaluate their operands lazily and return one of them.
    if (name === 'and' || name === 'or') {
      let v: Val = { v: undefined, iface: false };
      const all: (Arg | Val)[] = [...rest, ...(final !== undefined ? [final] : [])];
      for (const a of all) {
        v = 't' in a ? this.evalArg(dot, a) : a;
        if (truth(v.v) === (name === 'or')) return v;
      }
      return v;
    }
    const stringFirst = name === 'printf' || name === 'base64decode';
    const vals: GoValue[] = rest.map((a, i) => (stringFirst && i === 0 ? this.evalStringArg(dot, a) : this.evalArg(dot, a).v));
    if (final !== undefined) vals.push(stringFirst && rest.length === 0 ? validateString(this, final.v) : final.v);
    // Parameters typed `any` turn an invalid value into a nil interface; reflect.Value ones keep it.
    if (!['len', 'index', 'slice', 'not', 'call', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(name)) for (let i = 0; i < vals.length; i++) if (vals[i] === undefined) vals[i] = null;
    try {
      return { v: callBuiltin(name, vals), iface: false };
    } catch (e) {
      if (e instanceof FuncError) {
        this.at(cmd);
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  /** An argument for a string parameter (printf's format, base64decode's input): evalArg + validateType. */
  private evalStringArg(dot: Val, n: Arg): GoValue {
    this.at(n);
    if (n.t === 'string') return n.text;
    if (n.t === 'nil') this.errorf('cannot assign nil to string');
    if (n.t === 'number' || n.t === 'bool') this.errorf(`expected string; found ${argString(n)}`);
    const v = this.evalArg(dot, n).v;
    return validateString(this, v);
  }

  evalArg(dot: Val, n: Arg): Val {
    this.at(n);
    switch (n.t) {
      case 'dot': return dot;
      case 'nil': return { v: null, iface: true };
      case 'field': return this.evalFieldChain(dot, dot, n, n.ident, [n], undefined);
      case 'variable': return this.evalVariable(dot, n);
      case 'pipe': return this.evalPipeline(dot, n.pipe);
      case 'identifier': return this.evalFunction(dot, n, { pos: n.pos, args: [n] }, [n], undefined);
      case 'chain': {
        const head = this.evalArgValue(dot, n.node);
        return this.evalFieldChain(dot, head, n, n.field, [n], undefined);
      }
      case 'bool': return { v: n.value, iface: false };
      case 'number': return { v: n.value, iface: false };
      case 'string': return { v: n.text, iface: false };
    }
  }

}

function validateString(s: State, v: GoValue): string {
  if (v === undefined) s.errorf('invalid value; expected string');
  if (typeof v !== 'string') s.errorf(`wrong type for value; expected string; got ${goTypeName(v)}`);
  return v;
}

class FuncError extends Error {}

export function truth(v: GoValue): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  const n = numberOf(v);
  if (n) return n.n !== 0;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** What an action prints (text/template's printValue). */
function printValue(v: GoValue): string {
  if (v === undefined || v === null) return '<no value>';
  return formatV(v);
}

function intArg(v: GoValue, what: 'index' | 'slice'): number {
  if (v === undefined || v === null) throw new FuncError(`cannot index slice/array with nil`);
  const n = numberOf(v);
  if (!n || n.cls === 'float') throw new FuncError(`cannot index slice/array with type ${goTypeName(v)}`);
  void what;
  return n.n;
}

function callBuiltin(name: string, a: GoValue[]): GoValue {
  switch (name) {
    case 'len': {
      const v = a[0];
      if (v === undefined) throw new FuncError('reflect: call of reflect.Value.Type on zero Value');
      if (v === null) throw new FuncError('len of nil pointer');
      if (typeof v === 'string') return new GoNum('int', new TextEncoder().encode(v).length);
      if (Array.isArray(v)) return new GoNum('int', v.length);
      if (isMap(v)) return new GoNum('int', Object.keys(v).length);
      throw new FuncError(`len of type ${goTypeName(v)}`);
    }
    case 'not': return !truth(a[0]);
    case 'index': {
      let item = a[0];
      if (item === undefined || item === null) throw new FuncError('index of untyped nil');
      for (const idx of a.slice(1)) {
        if (item === undefined || item === null) throw new FuncError('index of untyped nil');
        if (typeof item === 'string') {
          const bytes = new TextEncoder().encode(item);
          const x = intArg(idx, 'index');
          if (x < 0 || x >= bytes.length) throw new FuncError(`index out of range: ${x}`);
          item = new GoNum('uint8', bytes[x]);
        } else if (Array.isArray(item)) {
          const x = intArg(idx, 'index');
          if (x < 0 || x >= item.length) throw new FuncError(`index out of range: ${x}`);
          item = item[x];
        } else if (isMap(item)) {
          if (idx === undefined || idx === null) {
            item = Object.prototype.hasOwnProperty.call(item, '') ? item[''] : null;
            continue;
          }
          if (typeof idx !== 'string') throw new FuncError(`value has type ${goTypeName(idx)}; should be string`);
          item = Object.prototype.hasOwnProperty.call(item, idx) ? item[idx] : null;
        } else throw new FuncError(`can't index item of type ${goTypeName(item)}`);
      }
      return item;
    }
    case 'slice': {
      const item = a[0];
      const idx = a.slice(1);
      if (item === undefined || item === null) throw new FuncError('slice of untyped nil');
      if (idx.length > 3) throw new FuncError(`too many slice indexes: ${idx.length}`);
      let cap: number;
      if (typeof item === 'string') {
        if (idx.length === 3) throw new FuncError('cannot 3-index slice a string');
        cap = new TextEncoder().encode(item).length;
      } else if (Array.isArray(item)) cap = item.length;
      else throw new FuncError(`can't slice item of type ${goTypeName(item)}`);
      const ix = [0, cap];
      idx.forEach((v, i) => {
        const x = intArg(v, 'slice');
        if (x < 0 || x > cap) throw new FuncError(`index out of range: ${x}`);
        ix[i] = x;
      });
      if (ix[0] > ix[1]) throw new FuncError(`invalid slice index: ${ix[0]} > ${ix[1]}`);
      if (typeof item === 'string') return new TextDecoder().decode(new TextEncoder().encode(item).slice(ix[0], ix[1]));
      return item.slice(ix[0], ix[1]);
    }
    case 'print': return sprint(a);
    case 'println': return sprintln(a);
    case 'printf': return sprintf(a[0] as string, a.slice(1));
    case 'html': return htmlEscape(a.length === 1 && typeof a[0] === 'string' ? a[0] : sprint(a));
    case 'js': return jsEscape(a.length === 1 && typeof a[0] === 'string' ? a[0] : sprint(a));
    case 'urlquery': return queryEscape(a.length === 1 && typeof a[0] === 'string' ? a[0] : sprint(a));
    case 'eq': return eq(a[0], a.slice(1));
    case 'ne': return !eq(a[0], [a[1]]);
    case 'lt': return lessThan(a[0], a[1]);
    case 'le': return lessThan(a[0], a[1]) || eq(a[0], [a[1]]);
    case 'gt': return !(lessThan(a[0], a[1]) || eq(a[0], [a[1]]));
    case 'ge': return !lessThan(a[0], a[1]);
    case 'call': {
      if (a[0] === undefined || a[0] === null) throw new FuncError('call of nil');
      throw new FuncError(`non-function of type ${goTypeName(a[0])}`);
    }
    case 'exists': return exists(a[0], a.slice(1));
    case 'base64decode': return base64decode(a[0] as string);
  }
  throw new FuncError(`function ${goQuote(name)} not defined`);
}

type Kind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'string' | 'other';

function basicKind(v: GoValue): Kind {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  const n = numberOf(v);
  if (n) return n.cls;
  return 'other';
}

/** eq/lt see through interfaces: a nil one is as invalid as a missing key. */
const deref = (v: GoValue): GoValue => (v === null ? undefined : v);

function eq(x: GoValue, others: GoValue[]): boolean {
  if (others.length === 0) throw new FuncError('missing argument for comparison');
  const a1 = deref(x);
  const rest = others.map(deref);
  const k1 = basicKind(a1);
  for (const a of rest) {
    const k2 = basicKind(a);
    let t = false;
    if (k1 !== k2) {
      if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) t = numberOf(a1)!.n === numberOf(a)!.n;
      else if (a1 !== undefined && a !== undefined) throw new FuncError(`incompatible types for comparison: ${goTypeName(a1)} and ${goTypeName(a)}`);
    } else {
      switch (k1) {
        case 'bool': case 'string': t = a1 === a; break;
        case 'int': case 'uint': case 'float': t = numberOf(a1)!.n === numberOf(a)!.n; break;
        case 'invalid': t = true; break;
        default:
          throw new FuncError(`non-comparable type ${formatV(a)}: ${goTypeName(a)}`);
      }
    }
    if (t) return true;
  }
  return false;
}

function lessThan(x: GoValue, y: GoValue): boolean {
  const a = deref(x);
  const b = deref(y);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid' || k1 === 'bool' || k1 === 'other' || k2 === 'bool' || k2 === 'other') throw new FuncError('invalid type for comparison');
  if (k1 !== k2) {
    if ((k1 === 'int' || k1 === 'uint') && (k2 === 'int' || k2 === 'uint')) return numberOf(a)!.n < numberOf(b)!.n;
    throw new FuncError(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
  }
  if (k1 === 'string') return (a as string) < (b as string);
  return numberOf(a)!.n < numberOf(b)!.n;
}

/** kubectl's exists: whether the chain of map keys / list indexes leads to a non-nil value. */
function exists(item: GoValue, indices: GoValue[]): boolean {
  let v = item;
  for (const i of indices) {
    if (v === undefined || v === null) return false;
    if (Array.isArray(v) || typeof v === 'string') {
      const n = numberOf(i);
      if (!n || n.cls === 'float') return false;
      const len = typeof v === 'string' ? new TextEncoder().encode(v).length : v.length;
      if (n.n < 0 || n.n >= len) return false;
      v = typeof v === 'string' ? new GoNum('uint8', new TextEncoder().encode(v)[n.n]) : v[n.n];
    } else if (isMap(v)) {
      if (i !== undefined && i !== null && typeof i !== 'string') return false;
      const key = typeof i === 'string' ? i : '';
      v = Object.prototype.hasOwnProperty.call(v, key) ? v[key] : null;
    } else return false;
  }
  return v !== undefined && v !== null;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64.StdEncoding.DecodeString with Go's error text. */
function base64decode(s: string): string {
  const bytes: number[] = [];
  let bits = 0;
  let acc = 0;
  let i = 0;
  const fail = (at: number) => new FuncError(`base64 decode failed: illegal base64 data at input byte ${at}`);
  const clean = s.replace(/[\r\n]/g, '');
  for (; i < clean.length; i++) {
    const c = clean[i];
    if (c === '=') break;
    const v = B64.indexOf(c);
    if (v < 0) throw fail(i);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  const dataLen = i;
  if (i < clean.length) {
    const padNeeded = (4 - (dataLen % 4)) % 4;
    if (dataLen % 4 === 1 || padNeeded === 0) throw fail(i);
    for (let k = 0; k < padNeeded; k++) if (clean[i + k] !== '=') throw fail(i + k);
    if (i + padNeeded !== clean.length) throw fail(i + padNeeded);
  } else if (dataLen % 4 !== 0) throw fail(dataLen - (dataLen % 4 === 1 ? 1 : 0) + (dataLen % 4 === 1 ? 0 : 0));
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\': out += '\\\\'; continue;
      case "'": out += "\\'"; continue;
      case '"': out += '\\"'; continue;
      case '<': out += '\\u003C'; continue;
      case '>': out += '\\u003E'; continue;
      case '&': out += '\\u0026'; continue;
      case '=': out += '\\u003D'; continue;
    }
    if (c < 0x20) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

function queryEscape(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Executes a parsed template over `data`; throws TemplateExecError (with what was written so far). */
export function executeGoTemplate(t: GoTemplate, data: GoValue, opts: { missingKeyError?: boolean } = {}): string {
  const s = new State(t, !!opts.missingKeyError);
  const dot: Val = { v: data, iface: false };
  s.vars.push({ name: '$', value: data, iface: false });
  try {
    s.walk(dot, t.root);
  } catch (e) {
    if (e instanceof ExecError) throw new TemplateExecError(e.message, s.out);
    if (e instanceof RangeError) throw new TemplateExecError(`template: ${t.name}: exceeded maximum template depth`, s.out);
    throw e;
  }
  return s.out;
}

export { formatGoSyntax };
