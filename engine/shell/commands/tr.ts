import type { CommandSpec } from '../process.js';
import { q, usageError } from './util.js';

/** tr [-d] [-s] SET1 [SET2]: ranges (a-z), classes ([:upper:]), escapes (\n). */
export const tr: CommandSpec = {
  name: 'tr',
  summary: 'translate or delete characters',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let del = false;
    let squeeze = false;
    while (args[0]?.startsWith('-') && args[0].length > 1) {
      for (const c of args.shift()!.slice(1)) {
        if (c === 'd') del = true;
        else if (c === 's') squeeze = true;
        else if (c !== 'c') return usageError(ctx, 'tr', `invalid option -- '${c}'`);
      }
    }
    if (args.length === 0) return usageError(ctx, 'tr', 'missing operand');
    if (!del && !squeeze && args.length < 2) return usageError(ctx, 'tr', `missing operand after ${q(args[0])}\nTwo strings must be given when translating.`);
    const s1 = expandSet(args[0]);
    const s2 = args[1] !== undefined ? expandSet(args[1]) : [];
    // Newlines are characters like any other: kept as they came (none after an unterminated last line), squeezed across lines.
    let last = '';
    for await (const line of ctx.stdin.rawLines?.() ?? withNewlines(ctx.stdin.lines())) {
      let out = '';
      for (const ch of line) {
        const i = s1.indexOf(ch);
        let o = ch;
        if (del) { if (i >= 0) continue; }
        else if (i >= 0 && s2.length) o = s2[Math.min(i, s2.length - 1)];
        const sq = squeeze && (del ? s2 : s2.length ? s2 : s1).includes(o);
        if (sq && o === last) continue;
        out += o;
        last = o;
      }
      ctx.stdout.write(out);
    }
    return 0;
  },
};

const CLASSES: Record<string, string> = { upper: 'A-Z', lower: 'a-z', digit: '0-9', alpha: 'a-zA-Z', alnum: '0-9A-Za-z', space: ' \t\n\r\f\v', blank: ' \t' };

async function* withNewlines(lines: AsyncIterable<string>): AsyncIterable<string> {
  for await (const l of lines) yield `${l}\n`;
}

export function expandSet(s: string): string[] {
  s = s.replace(/\[:([a-z]+):\]/g, (m, n) => CLASSES[n] ?? m);
  const chars: string[] = [];
  const esc: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', t: '\t', r: '\r', v: '\v', '\\': '\\' };
  const raw: string[] = [];
  for (let i = 0; i < s.length; i++) {
    // \NNN is one to three octal digits up to \377: `tr '\0' '\n'` turns sed -z's or find -print0's NULs into lines.
    const octal = s[i] === '\\' ? /^(?:[0-3][0-7]{2}|[0-7]{1,2})/.exec(s.slice(i + 1)) : null;
    if (octal) { raw.push(String.fromCharCode(parseInt(octal[0], 8))); i += octal[0].length; }
    else if (s[i] === '\\' && i + 1 < s.length) { raw.push(esc[s[i + 1]] ?? s[i + 1]); i++; } else raw.push(s[i]);
  }
  for (let i = 0; i < raw.length; i++) {
    if (raw[i + 1] === '-' && i + 2 < raw.length) {
      for (let c = raw[i].charCodeAt(0); c <= raw[i + 2].charCodeAt(0); c++) chars.push(String.fromCharCode(c));
      i += 2;
    } else chars.push(raw[i]);
  }
  return chars;
}
