/**
 * klog v2's text format, as the kubelet writes its lines to stderr (and the
 * journal keeps them): "E1127 10:30:00.123456    2345 run.go:72] "command failed" err="…"".
 * The header is severity, month and day, the time to the microsecond in the
 * node's zone (UTC), the thread ID right-aligned in 7 columns, and the source
 * file:line; structured calls (InfoS, ErrorS) quote the message and each value.
 */

import { goQuote } from '../../../kubectl/printers/gofmt.js';

export type KlogSeverity = 'I' | 'W' | 'E' | 'F';

export function klogHeader(severity: KlogSeverity, ms: number, pid: number, source: string): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const micros = String(d.getUTCMilliseconds()).padStart(3, '0') + '000';
  return `${severity}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${micros} ${String(pid).padStart(7)} ${source}] `;
}

/**
 * A structured line: the message and key/value pairs (ErrorS puts the error first, as err=); `raw` pairs carry
 * values already written as klog writes them (a string slice as JSON).
 */
export function klogLine(severity: KlogSeverity, ms: number, pid: number, source: string, msg: string, kv: [string, string][] = [], raw: [string, string][] = []): string {
  return klogHeader(severity, ms, pid, source) + goQuote(msg) + kv.map(([k, v]) => ` ${k}=${goQuote(v)}`).join('') + raw.map(([k, v]) => ` ${k}=${v}`).join('');
}
