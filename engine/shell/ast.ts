/**
 * The shell's syntax tree. Words stay as their raw source text (quotes and `$`
 * included): expansion happens when the command runs, as in bash, because
 * `$(...)` and `$?` depend on what ran before.
 */
export interface Redirect {
  /** Explicit fd before the operator (`2>`), or null for the operator's default. */
  fd: number | null;
  op: '<' | '>' | '>>' | '>|' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';
  target: string;
  /** For `<<` and `<<-`: the body, and whether it is expanded (delimiter unquoted). */
  heredoc?: { body: string; expand: boolean };
}

export interface SimpleCommand {
  type: 'simple';
  assigns: string[];
  words: string[];
  redirects: Redirect[];
  /** The line it starts on (counted from ParseOptions.firstLine): a script's $LINENO and its messages. */
  line?: number;
}

export interface IfCommand {
  type: 'if';
  clauses: { cond: List; body: List }[];
  otherwise?: List;
  redirects: Redirect[];
}

export interface ForCommand {
  type: 'for';
  name: string;
  /** null: `for x; do` iterates over "$@". */
  words: string[] | null;
  /** `for ((init; test; step))`: the three arithmetic expressions as written (`name` is then ''). */
  arith?: [string, string, string];
  body: List;
  redirects: Redirect[];
}

export interface WhileCommand {
  type: 'while';
  until: boolean;
  cond: List;
  body: List;
  redirects: Redirect[];
}

export interface GroupCommand {
  type: 'group' | 'subshell';
  body: List;
  redirects: Redirect[];
}

export interface FunctionDef {
  type: 'function';
  name: string;
  body: Command;
  redirects: Redirect[];
}

export interface CaseCommand {
  type: 'case';
  word: string;
  /** `;;` stops; `;&` runs the next body too; `;;&` goes on testing the next patterns. */
  items: { patterns: string[]; body: List; end: string }[];
  redirects: Redirect[];
}

/** `[[ … ]]`: words stay raw (expanded only when reached, as `&&` short-circuits). */
export type CondExpr =
  | { op: '&&' | '||'; left: CondExpr; right: CondExpr }
  | { op: '!'; arg: CondExpr }
  /** `( … )`: kept so `declare -f` prints the grouping as written. */
  | { op: '()'; arg: CondExpr }
  | { op: string; args: string[] };

export interface CondCommand {
  type: 'cond';
  expr: CondExpr;
  redirects: Redirect[];
}

/** `(( expr ))`: true when the expression is not 0. */
export interface ArithCommand {
  type: 'arith';
  expr: string;
  redirects: Redirect[];
}

export type Command = ArithCommand | SimpleCommand | IfCommand | ForCommand | WhileCommand | GroupCommand | FunctionDef | CaseCommand | CondCommand;

export interface Pipeline {
  type: 'pipeline';
  bang: boolean;
  commands: Command[];
}

export interface AndOr {
  type: 'andor';
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface List {
  type: 'list';
  /** `text`: a background job's command as typed, for `jobs` and bash's `[1]+  Done  text` notices. */
  items: { command: AndOr; background: boolean; text?: string }[];
}
