/**
 * klog v2's text format as kubectl v1.35 writes it to stderr: the header
 * `Lmmdd hh:mm:ss.uuuuuu pid file:line] ` (pid right-aligned in 7), then either
 * a printf-style message or a structured one (InfoS): the quoted message and
 * `key=value` pairs, a string quoted unless it holds a line break, in which
 * case it is written as `key=<` with each line tab-indented and ` >` closing it
 * (textlogger's writeStringValue).
 */
import { goQuote } from '../printers/gofmt.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The header of an info line at `micros` (µs since the epoch, UTC). */
export function klogHeader(micros: number, pid: number, source: string): string {
  const d = new Date(Math.floor(micros / 1000));
  const frac = pad(((micros % 1_000_000) + 1_000_000) % 1_000_000, 6);
  return `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${frac} ${String(pid).padStart(7)} ${source}] `;
}

export type KlogValue = string | number | boolean | { multiline: string };

function stringValue(v: string): string {
  if (!v.includes('\n')) return `=${goQuote(v)}`;
  let out = '=<\n';
  const lines = v.split('\n');
  const last = lines.pop()!;
  for (const l of lines) out += `\t${l}\n`;
  // A value ending in a line break gets no other; one that does not gets its last line and one.
  return last === '' ? `${out} >` : `${out}\t${last}\n >`;
}

/** A structured message's text after the header: `"msg" k="v" n=3`, ending in a newline. */
export function klogStructured(msg: string, kvs: [string, KlogValue][]): string {
  let out = goQuote(msg);
  for (const [k, v] of kvs) {
    out += ` ${k}`;
    out += typeof v === 'number' || typeof v === 'boolean' ? `=${v}` : typeof v === 'string' ? stringValue(v) : stringValue(v.multiline);
  }
  return out + '\n';
}

/** encoding/hex Dump: 16 bytes a line, offset, two groups of eight, and the printable characters. */
export function hexDump(bytes: Uint8Array): string {
  let out = '';
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    let hex = '';
    for (let i = 0; i < 16; i++) {
      hex += i < row.length ? `${row[i].toString(16).padStart(2, '0')} ` : '   ';
      if (i === 7) hex += ' ';
    }
    const chars = [...row].map((b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join('');
    out += `${off.toString(16).padStart(8, '0')}  ${hex} |${chars}|\n`;
  }
  return out;
}

/**
 * rest's logBody: level 8 keeps the first 1,024 bytes, level 9 10,240, level 10 all, the rest counted in
 * ` [truncated N chars]`. Go slices bytes; the bodies here are the API server's JSON, whose text is ASCII but
 * for values learners type, so a cut inside a character is rare and would only shift the count.
 */
export function truncatedBody(body: string, level: number): string {
  if (level >= 10) return body;
  const max = level >= 9 ? 10240 : 1024;
  const bytes = new TextEncoder().encode(body);
  if (bytes.length <= max) return body;
  return `${new TextDecoder().decode(bytes.subarray(0, max))} [truncated ${bytes.length - max} chars]`;
}
