import type { CommandSpec } from '../process.js';
import { interpretEscapes } from './echo.js';

/** bash's printf builtin: %s %d %i %f %x %o %c %b %q %%, widths and precision; the format repeats while arguments remain. */
export const printf: CommandSpec = {
  name: 'printf',
  summary: 'format and print data',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '--') args.shift();
    if (args.length === 0) {
      ctx.stderr.write('printf: usage: printf [-v var] format [arguments]\n');
      return 2;
    }
    const fmt = args.shift()!;
    const r = formatPrintf(fmt, args);
    ctx.stdout.write(r.text);
    for (const e of r.errors) ctx.stderr.write(`bash: printf: ${e}\n`);
    return r.errors.length ? 1 : 0;
  },
};

export function formatPrintf(fmt: string, args: string[]): { text: string; errors: string[] } {
  let out = '';
  const errors: string[] = [];
  let ai = 0;
  for (let round = 0; round < 10_000; round++) {
    let consumed = false;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i];
      if (c === '\\') {
        const r = interpretEscapes(fmt.slice(i, i + 2 + (/^\\(x|0)/.test(fmt.slice(i)) ? 3 : 0)));
        // Simple approach: handle one escape at a time.
        const m = /^\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[0-7]{1,3}|.)/.exec(fmt.slice(i));
        if (m) {
          const e = m[1];
          out += /^[0-7]/.test(e) && e[0] !== '0' ? String.fromCharCode(parseInt(e, 8)) : interpretEscapes('\\' + e).text;
          i += m[0].length - 1;
        } else out += r.text;
        continue;
      }
      if (c !== '%') { out += c; continue; }
      const m = /^%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([diouxXfeEgGcsbq%])/.exec(fmt.slice(i));
      if (!m) { out += c; continue; }
      i += m[0].length - 1;
      const [, flagsRaw, widthRaw, precRaw, conv] = m;
      if (conv === '%') { out += '%'; continue; }
      const width = widthRaw === '*' ? Number(args[ai++] ?? 0) : widthRaw ? Number(widthRaw) : 0;
      const prec = precRaw === '*' ? Number(args[ai++] ?? 0) : precRaw !== undefined ? Number(precRaw || 0) : undefined;
      const arg = args[ai];
      if (ai < args.length) { ai++; consumed = true; }
      let s: string;
      switch (conv) {
        case 's': s = arg ?? ''; if (prec !== undefined) s = s.slice(0, prec); break;
        case 'b': s = interpretEscapes(arg ?? '').text; break;
        case 'q': s = arg === undefined || arg === '' ? "''" : /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : arg.replace(/([^A-Za-z0-9_./:=@%+-])/g, '\\$1'); break;
        case 'c': s = (arg ?? '').slice(0, 1); break;
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': {
          const n = toNumber(arg, errors);
          const v = Math.trunc(n);
          s = conv === 'o' ? Math.abs(v).toString(8) : conv === 'x' ? Math.abs(v).toString(16) : conv === 'X' ? Math.abs(v).toString(16).toUpperCase() : String(Math.abs(v));
          if (prec !== undefined) s = s.padStart(prec, '0');
          const sign = v < 0 ? '-' : flagsRaw.includes('+') ? '+' : flagsRaw.includes(' ') ? ' ' : '';
          if (flagsRaw.includes('0') && !flagsRaw.includes('-') && prec === undefined) s = sign + s.padStart(width - sign.length, '0');
          else s = sign + s;
          break;
        }
        default: {
          const n = toNumber(arg, errors);
          const p = prec ?? 6;
          s = conv === 'f' ? n.toFixed(p) : conv === 'e' || conv === 'E' ? expo(n, p, conv === 'E') : String(Number(n.toPrecision(p || 1)));
          if (flagsRaw.includes('+') && n >= 0) s = '+' + s;
          if (flagsRaw.includes('0') && !flagsRaw.includes('-')) s = s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0');
        }
      }
      out += flagsRaw.includes('-') ? s.padEnd(width) : s.padStart(width);
    }
    if (!consumed || ai >= args.length) break;
  }
  return { text: out, errors };
}

function expo(n: number, p: number, upper: boolean): string {
  const s = n.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

function toNumber(arg: string | undefined, errors: string[]): number {
  if (arg === undefined || arg === '') return 0;
  if (/^['"]/.test(arg)) return arg.charCodeAt(1) || 0;
  const t = arg.trim();
  if (/^[-+]?0x[0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
  if (/^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/.test(t)) return Number(t);
  errors.push(`${arg}: invalid number`);
  const m = /^[-+]?[0-9]+/.exec(t);
  return m ? Number(m[0]) : 0;
}
