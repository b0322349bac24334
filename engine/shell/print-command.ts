/**
 * A function's text as bash prints it for `declare -f`, `typeset -f` and `type` (print_cmd.c, bash 5.2):
 * bash keeps no source text for a function, it prints the parsed command back in its own layout: `name () `,
 * `{ ` on its own line, one command per line indented by four, `;` after every command but the last of a
 * body, `then`/`do` placement per compound command, heredoc bodies after their command's line. Loaded with
 * the declare builtin (on first use).
 */
import type { AndOr, Command, CondExpr, List, Pipeline, Redirect } from './ast.js';
import { ansiC } from './expand.js';
import { removeQuotes } from './parser.js';

const STEP = 4;

class Printer {
  out = '';
  private indentation = 0;
  private skipIndent = 0;
  private insideFunction = 0;
  private deferred: Redirect[] = [];
  private wasHeredoc = false;

  private indent(): void {
    this.out += ' '.repeat(this.indentation);
  }

  /** A command starts its line at the indentation unless it follows `&&`, `|`, `&`, `if `… on the same line. */
  private startCommand(): void {
    if (this.skipIndent) this.skipIndent--;
    else this.indent();
  }

  private semicolon(): void {
    const last = this.out[this.out.length - 1];
    if (last === '&' || last === '\n') return;
    this.out += ';';
  }

  private newline(text: string): void {
    this.out += '\n';
    this.indent();
    this.out += text;
  }

  /** print_deferred_heredocs: the bodies of heredocs whose headers were printed, each after a newline. */
  private flushHeredocs(text: string): void {
    const visible = text !== '' && (text[0] !== ';' || text.length > 1);
    if (visible) this.out += text;
    if (!this.deferred.length) return;
    for (const r of this.deferred) this.out += `\n${r.heredoc!.body}${removeQuotes(r.target)}\n`;
    if (visible) this.out += ' ';
    this.deferred = [];
    this.wasHeredoc = true;
  }

  functionDef(name: string, body: Command): void {
    this.out += `${name} () \n{ \n`;
    this.functionBody(body);
  }

  /** A function defined inside a function body: `function name () `, its braces at the body's indentation. */
  private nestedFunction(name: string, body: Command): void {
    this.out += `function ${name} () \n`;
    this.indent();
    this.out += '{ \n';
    this.functionBody(body);
  }

  /** The body one step in, then `}` (with the group's redirections after it, as the function's). */
  private functionBody(body: Command): void {
    this.insideFunction++;
    this.indentation += STEP;
    const redirects = body.type === 'group' ? body.redirects : [];
    if (body.type === 'group') this.list(body.body);
    else this.command(body);
    this.flushHeredocs('');
    this.indentation -= STEP;
    this.insideFunction--;
    this.newline(redirects.length ? '} ' : '}');
    if (redirects.length) this.redirects(redirects);
  }

  list(l: List): void {
    l.items.forEach((item, i) => {
      this.andOr(item.command);
      const more = i < l.items.length - 1;
      if (item.background) {
        this.flushHeredocs(' &');
        if (more) {
          this.out += ' ';
          this.skipIndent++;
        }
      } else if (more) {
        if (!this.deferred.length) {
          if (!this.wasHeredoc) this.out += ';';
          else this.wasHeredoc = false;
        } else this.flushHeredocs(this.insideFunction ? '' : ';');
        if (this.insideFunction) this.out += '\n';
        else {
          this.out += ' ';
          this.skipIndent++;
        }
      }
    });
  }

  private andOr(a: AndOr): void {
    this.pipeline(a.first);
    for (const r of a.rest) {
      this.flushHeredocs(` ${r.op} `);
      this.skipIndent++;
      this.pipeline(r.pipeline);
    }
  }

  private pipeline(p: Pipeline): void {
    if (p.bang) {
      this.startCommand();
      this.out += '! ';
      this.skipIndent++;
    }
    p.commands.forEach((c, i) => {
      if (i > 0) {
        this.flushHeredocs(' |');
        this.out += ' ';
        this.skipIndent++;
      }
      this.command(c);
    });
  }

  command(c: Command): void {
    this.startCommand();
    switch (c.type) {
      case 'simple': {
        this.out += [...c.assigns, ...c.words].map(word).join(' ');
        if (c.redirects.length) {
          this.out += ' ';
          this.redirects(c.redirects);
        }
        return;
      }
      case 'function':
        this.nestedFunction(c.name, c.body);
        return;
      case 'group':
        this.out += '{ ';
        if (!this.insideFunction) this.skipIndent++;
        else {
          this.out += '\n';
          this.indentation += STEP;
        }
        this.list(c.body);
        this.flushHeredocs('');
        if (this.insideFunction) {
          this.out += '\n';
          this.indentation -= STEP;
          this.indent();
        } else {
          this.semicolon();
          this.out += ' ';
        }
        this.out += '}';
        break;
      case 'subshell':
        this.out += '( ';
        this.skipIndent++;
        this.list(c.body);
        this.flushHeredocs('');
        this.out += ' )';
        break;
      case 'if':
        this.ifCommand(c.clauses, c.otherwise);
        break;
      case 'while':
        this.out += c.until ? 'until ' : 'while ';
        this.skipIndent++;
        this.list(c.cond);
        this.flushHeredocs('');
        this.semicolon();
        this.out += ' do\n';
        this.body(c.body);
        this.semicolon();
        this.newline('done');
        break;
      case 'for':
        if (c.arith) {
          const [init, test, step] = c.arith.map((e) => e.trim() || '1');
          this.out += `for ((${init}; ${test}; ${step}))`;
        } else {
          this.out += `for ${c.name} in ${(c.words ?? ['"$@"']).map(word).join(' ')};`;
        }
        this.newline('do\n');
        this.body(c.body);
        this.semicolon();
        this.newline('done');
        break;
      case 'case':
        this.out += `case ${word(c.word)} in `;
        this.indentation += STEP;
        for (const item of c.items) {
          this.newline('');
          this.out += `${item.patterns.map(word).join(' | ')})\n`;
          this.indentation += STEP;
          this.list(item.body);
          this.indentation -= STEP;
          this.flushHeredocs('');
          this.newline(item.end);
        }
        this.indentation -= STEP;
        this.newline('esac');
        break;
      case 'cond':
        this.out += `[[ ${cond(c.expr)} ]]`;
        break;
      case 'arith':
        this.out += `((${c.expr}))`;
        break;
    }
    if (c.redirects.length) {
      this.out += ' ';
      this.redirects(c.redirects);
    }
  }

  private body(l: List): void {
    this.indentation += STEP;
    this.list(l);
    this.flushHeredocs('');
    this.indentation -= STEP;
  }

  /** `elif` is an `if` in the `else` branch, as bash's parser makes it. */
  private ifCommand(clauses: { cond: List; body: List }[], otherwise: List | undefined): void {
    const [first, ...rest] = clauses;
    this.out += 'if ';
    this.skipIndent++;
    this.list(first.cond);
    this.semicolon();
    this.out += ' then\n';
    this.body(first.body);
    if (rest.length || otherwise) {
      this.semicolon();
      this.newline('else\n');
      this.indentation += STEP;
      if (rest.length) this.command({ type: 'if', clauses: rest, otherwise, redirects: [] });
      else this.list(otherwise!);
      this.flushHeredocs('');
      this.indentation -= STEP;
    }
    this.semicolon();
    this.newline('fi');
  }

  private redirects(rs: Redirect[]): void {
    this.out += rs.map((r) => this.redirect(r)).join(' ');
  }

  private redirect(r: Redirect): string {
    const fd = (dflt: number) => (r.fd !== null && r.fd !== dflt ? String(r.fd) : '');
    switch (r.op) {
      case '<': return `${fd(0)}< ${word(r.target)}`;
      case '>': return `${fd(1)}> ${word(r.target)}`;
      case '>>': return `${fd(1)}>> ${word(r.target)}`;
      case '>|': return `${fd(1)}>| ${word(r.target)}`;
      // A duplication names its descriptor even when it is the default one.
      case '>&': return `${r.fd ?? 1}>&${r.target}`;
      case '<&': return `${r.fd ?? 0}<&${r.target}`;
      case '&>': return `&> ${word(r.target)}`;
      case '&>>': return `&>> ${word(r.target)}`;
      case '<<<': return `${fd(0)}<<< ${word(r.target)}`;
      case '<<':
      case '<<-': {
        this.deferred.push(r);
        const delim = r.heredoc?.expand === false ? `'${removeQuotes(r.target)}'` : r.target;
        return `${fd(0)}${r.op}${delim}`;
      }
    }
  }
}

/** A word as written, but `$'…'` as the single-quoted text it stands for (bash decodes it when it parses). */
function word(w: string): string {
  if (!w.includes("$'")) return w;
  let out = '';
  let dq = false;
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    if (c === '\\') { out += w.slice(i, i + 2); i++; continue; }
    if (c === '"') dq = !dq;
    if (!dq && c === "'" ) {
      const end = w.indexOf("'", i + 1);
      out += w.slice(i, end < 0 ? w.length : end + 1);
      i = end < 0 ? w.length : end;
      continue;
    }
    if (!dq && c === '$' && w[i + 1] === "'") {
      let j = i + 2;
      while (j < w.length && w[j] !== "'") j += w[j] === '\\' ? 2 : 1;
      out += `'${ansiC(w.slice(i + 2, j)).replace(/'/g, "'\\''")}'`;
      i = j;
      continue;
    }
    out += c;
  }
  return out;
}

/** print_cond_node: a lone word is a `-n` test, as bash's parser makes it. */
function cond(e: CondExpr): string {
  if ('left' in e) return `${cond(e.left)} ${e.op} ${cond(e.right)}`;
  if ('arg' in e) return e.op === '()' ? `( ${cond(e.arg)} )` : `! ${cond(e.arg)}`;
  if (e.op === '') return `-n ${word(e.args[0])}`;
  if (e.args.length === 1) return `${e.op} ${word(e.args[0])}`;
  return `${word(e.args[0])} ${e.op} ${word(e.args[1])}`;
}

/** named_function_string with FUNC_MULTILINE: what `declare -f NAME` prints, without the final newline. */
export function functionText(name: string, body: Command): string {
  const p = new Printer();
  p.functionDef(name, body);
  return p.out;
}
