/**
 * The syntax half of apimachinery's labels.Parse (the API server's
 * `?labelSelector=` and kubectl's own `top -l`, `-f ... -l`): its lexer and
 * recursive-descent parser, for the syntax errors in its words ("found '',
 * expected: ',' or ')'", wrapped in "unable to parse requirement: " where a
 * requirement failed). selectors.ts then checks keys and values and builds the
 * selector.
 */

/** A selector string the API server refuses (BadRequest with this message). */
export class SelectorParseError extends Error {}

type Tok = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';

const KEYWORDS: Record<string, Tok> = {
  ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(',
};

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

/** The Lexer's tokens, ending with 'eos'. */
export function lexLabels(s: string): [Tok, string][] {
  const out: [Tok, string][] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length || s[pos] === '\0') {
      out.push(['eos', '']);
      return out;
    }
    if (isSpecial(s[pos])) {
      let buf = '';
      let last: [Tok, string] | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buf += s[pos];
        const t = KEYWORDS[buf];
        if (t) last = [t, buf];
        else if (last) break;
        pos++;
      }
      out.push(last ?? ['error', `error expected: keyword found '${buf}'`]);
      continue;
    }
    let buf = '';
    while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) buf += s[pos++];
    out.push([KEYWORDS[buf] ?? 'id', buf]);
  }
}

/** Throws labels.Parse's syntax error for `s`, if it has one. */
export function checkLabelSyntax(s: string): void {
  const items = lexLabels(s);
  let p = 0;
  const values = (t: Tok): Tok => (t === 'in' || t === 'notin' ? 'id' : t);
  const look = (v = true): [Tok, string] => [v ? values(items[p][0]) : items[p][0], items[p][1]];
  const eat = (v = true): [Tok, string] => {
    const r = look(v);
    p++;
    return r;
  };
  const requirement = (): void => {
    let [tok, lit] = eat();
    let notExists = false;
    if (tok === '!') {
      notExists = true;
      [tok, lit] = eat();
    }
    if (tok !== 'id') throw new SelectorParseError(`found '${lit}', expected: identifier`);
    const [next] = look();
    if (next === 'eos' || next === ',') return;
    if (notExists) return;
    const [op, opLit] = eat(false);
    if (op === 'in' || op === 'notin') {
      const [open, openLit] = eat();
      if (open !== '(') throw new SelectorParseError(`found '${openLit}' expected: '('`);
      const [first, firstLit] = look();
      if (first === ')') {
        eat();
        return;
      }
      if (first !== 'id' && first !== ',') throw new SelectorParseError(`found '${firstLit}', expected: ',', ')' or identifier`);
      for (;;) {
        const [t, l] = eat();
        if (t === 'id') {
          const [t2, l2] = look();
          if (t2 === ',') continue;
          if (t2 === ')') break;
          throw new SelectorParseError(`found '${l2}', expected: ',' or ')'`);
        } else if (t === ',') {
          if (look()[0] === ')') break;
        } else throw new SelectorParseError(`found '${l}', expected: ',', or identifier`);
      }
      if (eat()[0] !== ')') throw new SelectorParseError(`found '${firstLit}', expected: ')'`);
      return;
    }
    if (op === '=' || op === '==' || op === '!=' || op === '>' || op === '<') {
      const [t] = look();
      if (t === 'eos' || t === ',') return;
      const [t2, l2] = eat();
      if (t2 !== 'id') throw new SelectorParseError(`found '${l2}', expected: identifier`);
      return;
    }
    throw new SelectorParseError(`found '${opLit}', expected: in, notin, =, ==, !=, gt, lt`);
  };
  for (;;) {
    const [tok, lit] = look();
    if (tok === 'eos') return;
    if (tok !== 'id' && tok !== '!') throw new SelectorParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    try {
      requirement();
    } catch (e) {
      throw new SelectorParseError(`unable to parse requirement: ${(e as Error).message}`);
    }
    const [t, l] = eat();
    if (t === 'eos') return;
    if (t === ',') {
      const [t2, l2] = look();
      if (t2 !== 'id' && t2 !== '!') throw new SelectorParseError(`found '${l2}', expected: identifier after ','`);
      continue;
    }
    throw new SelectorParseError(`found '${l}', expected: ',' or 'end of string'`);
  }
}

