/**
 * Go's encoding/json scanner, as far as kubectl's -f reading needs it: where
 * one JSON value in a stream ends, or the error json.Decoder reports for it
 * ("invalid character '\"' after object key:value pair" with the byte offset
 * of SyntaxError, or "unexpected EOF" when the text stops inside a value).
 */

export type JsonScan =
  | { ok: true; end: number }
  | { ok: false; eof: true; message: string }
  | { ok: false; eof: false; message: string; offset: number };

/** encoding/json's quoteChar: how a byte is named in "invalid character ..." messages. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return JSON.stringify(c).replace(/^"|"$/g, "'").replace(/\\u00/g, '\\x');
  return `'${c}'`;
}

class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}
class JsonEof extends Error {}

const WS = new Set([' ', '\t', '\n', '\r']);

/** Scans one JSON value starting at `start` (whitespace before it allowed). */
export function scanJsonValue(text: string, start: number): JsonScan {
  let i = start;
  const peek = (): string => {
    if (i >= text.length) throw new JsonEof();
    return text[i];
  };
  const bad = (context: string): never => {
    throw new JsonSyntaxError(`invalid character ${quoteChar(text[i])} ${context}`, i + 1);
  };
  const ws = () => {
    while (i < text.length && WS.has(text[i])) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (peek() !== word[k]) bad(`in literal ${word} (expecting ${quoteChar(word[k])})`);
    }
    i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      const c = peek();
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        const e = peek();
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(peek())) bad('in \\u hexadecimal character escape');
          }
          i++;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) bad('in string escape code');
        i++;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) bad('in string literal');
      i++;
    }
  };
  const number = () => {
    if (peek() === '-') {
      i++;
      if (!/[0-9]/.test(peek())) bad('in numeric literal');
    }
    if (peek() === '0') i++;
    else while (i < text.length && /[0-9]/.test(text[i])) i++;
    if (i < text.length && text[i] === '.') {
      i++;
      if (!/[0-9]/.test(peek())) bad('after decimal point in numeric literal');
      while (i < text.length && /[0-9]/.test(text[i])) i++;
    }
    if (i < text.length && (text[i] === 'e' || text[i] === 'E')) {
      i++;
      if (peek() === '+' || peek() === '-') i++;
      if (!/[0-9]/.test(peek())) bad('in exponent of numeric literal');
      while (i < text.length && /[0-9]/.test(text[i])) i++;
    }
  };
  // Iterative, with Go's nesting limit: a deeply nested document must not exhaust the stack.
  const MAX_DEPTH = 10000;
  const value = () => {
    const stack: ('{' | '[')[] = [];
    // After a scalar or a closed container: what its parent wants next.
    const afterValue = (): boolean => {
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) return true;
        ws();
        const n = peek();
        if (n === ',') {
          i++;
          if (top === '{') {
            ws();
            if (peek() !== '"') bad('looking for beginning of object key string');
            string();
            ws();
            if (peek() !== ':') bad('after object key');
            i++;
          }
          return false;
        }
        if ((top === '{' && n === '}') || (top === '[' && n === ']')) {
          i++;
          stack.pop();
          continue;
        }
        bad(top === '{' ? 'after object key:value pair' : 'after array element');
      }
    };
    for (;;) {
      ws();
      const c = peek();
      if (c === '{' || c === '[') {
        i++;
        if (stack.length + 1 > MAX_DEPTH) {
          i--;
          bad('exceeded max depth');
        }
        stack.push(c);
        ws();
        if (peek() === (c === '{' ? '}' : ']')) {
          i++;
          stack.pop();
          if (afterValue()) return;
          continue;
        }
        if (c === '{') {
          if (peek() !== '"') bad('looking for beginning of object key string');
          string();
          ws();
          if (peek() !== ':') bad('after object key');
          i++;
        }
        continue;
      }
      if (c === '"') string();
      else if (c === '-' || /[0-9]/.test(c)) number();
      else if (c === 't') literal('true');
      else if (c === 'f') literal('false');
      else if (c === 'n') literal('null');
      else bad('looking for beginning of value');
      if (afterValue()) return;
    }
  };
  try {
    value();
    // A number at the very end is complete; one followed by a letter is not (Go reads the next byte to end it).
    return { ok: true, end: i };
  } catch (e) {
    if (e instanceof JsonEof) return { ok: false, eof: true, message: 'unexpected EOF' };
    if (e instanceof JsonSyntaxError) return { ok: false, eof: false, message: e.message, offset: e.offset };
    throw e;
  }
}

/**
 * What json.Unmarshal (and sigs.k8s.io/json, which the API server decodes patches with) says about a whole
 * document, or undefined when it is valid JSON: checkValid scans all of it first, so text cut short is
 * "unexpected end of JSON input" and anything after the value "invalid character 'x' after top-level value".
 */
export function jsonUnmarshalError(text: string): string | undefined {
  const r = scanJsonValue(text, 0);
  if (!r.ok) return r.eof ? 'unexpected end of JSON input' : r.message;
  let i = r.end;
  while (i < text.length && WS.has(text[i])) i++;
  if (i < text.length) return `invalid character ${quoteChar(text[i])} after top-level value`;
  return undefined;
}
