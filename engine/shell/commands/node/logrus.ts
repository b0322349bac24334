/**
 * How crictl reports a failure: main() hands the error to logrus.Fatal, whose
 * TextFormatter colours the level on a terminal (`FATA[0000] msg` padded to 44
 * columns) and writes key=value pairs otherwise (text_formatter.go).
 */
import { goQuote } from '../../../kubectl/printers/gofmt.js';
import { rfc3339 } from '../../../util/time.js';

const RED = 31;
const YELLOW = 33;

function needsQuoting(text: string): boolean {
  for (const ch of text) {
    if (!(/[a-zA-Z0-9]/.test(ch) || ch === '-' || ch === '.' || ch === '_' || ch === '/' || ch === '@' || ch === '^' || ch === '+')) return true;
  }
  return false;
}

/**
 * One logrus line. `sinceStartSec` is the [0000] counter: seconds since the
 * program started. `tty`: the formatter's colours (stderr is a terminal).
 */
export function logrusLine(level: 'fatal' | 'warning' | 'error' | 'info', msg: string, opts: { tty: boolean; now: number; sinceStartSec?: number }): string {
  if (opts.tty) {
    const color = level === 'warning' ? YELLOW : level === 'info' ? 36 : RED;
    const text = level === 'warning' ? 'WARN' : level.toUpperCase().slice(0, 4);
    const secs = String(opts.sinceStartSec ?? 0).padStart(4, '0');
    return `\x1b[${color}m${text}\x1b[0m[${secs}] ${msg.padEnd(44)} \n`;
  }
  const v = needsQuoting(msg) ? goQuote(msg) : msg;
  return `time="${rfc3339(opts.now)}" level=${level} msg=${v}\n`;
}
