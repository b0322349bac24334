/**
 * free (procps-ng 4.0.4, Ubuntu 24.04) on the node the shell is on: its
 * options, units, -h's scaling (scale_size in src/free.c), -w, -t, -L, -s/-c
 * repetition, and getopt's and free's own errors with its usage text.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { getoptLong, type LongOption } from './getopt.js';
import { currentNodeName, nodeHost } from './host.js';
import { memInfo, type MemInfo } from './machine.js';

export const FREE_USAGE = `
Usage:
 free [options]

Options:
 -b, --bytes         show output in bytes
     --kilo          show output in kilobytes
     --mega          show output in megabytes
     --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -k, --kibi          show output in kibibytes
 -m, --mebi          show output in mebibytes
 -g, --gibi          show output in gibibytes
     --tebi          show output in tebibytes
     --pebi          show output in pebibytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -L, --line          show output on a single line
 -t, --total         show total for RAM + swap
 -v, --committed     show committed memory and commit limit
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
`;

const LONGS: LongOption[] = [
  { name: 'bytes', key: 'b' }, { name: 'kilo', key: 'kilo' }, { name: 'mega', key: 'mega' }, { name: 'giga', key: 'giga' },
  { name: 'tera', key: 'tera' }, { name: 'peta', key: 'peta' }, { name: 'kibi', key: 'k' }, { name: 'mebi', key: 'm' },
  { name: 'gibi', key: 'g' }, { name: 'tebi', key: 'tebi' }, { name: 'pebi', key: 'pebi' }, { name: 'human', key: 'h' },
  { name: 'si', key: 'si' }, { name: 'lohi', key: 'l' }, { name: 'line', key: 'L' }, { name: 'total', key: 't' },
  { name: 'committed', key: 'v' }, { name: 'seconds', key: 's', arg: 'required' }, { name: 'count', key: 'c', arg: 'required' },
  { name: 'wide', key: 'w' }, { name: 'help', key: 'help' }, { name: 'version', key: 'V' },
];

/** Unit options: the exponent of the base (1 bytes, 2 kilo/kibi, …) and whether the base is 1000. */
const UNITS: Record<string, [number, boolean]> = {
  b: [1, false], k: [2, false], m: [3, false], g: [4, false], tebi: [5, false], pebi: [6, false],
  kilo: [2, true], mega: [3, true], giga: [4, true], tera: [5, true], peta: [6, true],
};

export interface FreeOptions { exponent: number; si: boolean; human: boolean; wide: boolean; total: boolean; lohi: boolean; line: boolean; committed: boolean; intervalMs?: number; count?: number }

/** printf's %.1f of a float: the nearest tenth, an exact tie to the even digit. */
function oneDecimal(x: number): string {
  const t = x * 10;
  let r = Math.round(t);
  if (t - Math.floor(t) === 0.5 && Math.floor(t) % 2 === 0) r = Math.floor(t);
  return (r / 10).toFixed(1);
}

/** scale_size: a KiB figure in the chosen unit, or -h's shortest form that fits 4 (SI) or 5 characters. */
export function scaleSize(kib: number, o: Pick<FreeOptions, 'exponent' | 'si' | 'human'>): string {
  const base = o.si ? 1000 : 1024;
  const bytes = kib * 1024;
  if (!o.human) {
    if (o.exponent === 0) return String(Math.trunc(bytes / base));
    if (o.exponent === 1) return String(bytes);
    return String(Math.trunc(bytes / base ** (o.exponent - 1)));
  }
  if (`${bytes}B`.length <= 4) return `${bytes}B`;
  const units = 'KMGTP';
  let text = '';
  for (let i = 1; i <= units.length; i++) {
    const scaled = Math.fround(bytes / base ** i);
    const suffix = o.si ? units[i - 1] : `${units[i - 1]}i`;
    const limit = o.si ? 4 : 5;
    text = oneDecimal(scaled) + suffix;
    if (text.length <= limit) return text;
    text = String(Math.trunc(bytes / base ** i)) + suffix;
    if (text.length <= limit) return text;
  }
  return text;
}

const col = (s: string) => s.padStart(11);
const head = (s: string) => s.padEnd(9);

/** One report, as free prints it once. */
export function freeReport(m: MemInfo, o: FreeOptions): string {
  const f = (kib: number) => scaleSize(kib, o);
  if (o.line) return `SwapUse ${f(0).padStart(11)} CachUse ${f(m.buffersKiB + m.cacheKiB).padStart(11)}  MemUse ${f(m.usedKiB).padStart(11)} MemFree ${f(m.freeKiB).padStart(11)} `;
  let out = o.wide
    ? '               total        used        free      shared     buffers       cache   available\n'
    : '               total        used        free      shared  buff/cache   available\n';
  out += head('Mem:') + col(f(m.totalKiB)) + ' ' + col(f(m.usedKiB)) + ' ' + col(f(m.freeKiB)) + ' ' + col(f(m.sharedKiB));
  out += o.wide ? ' ' + col(f(m.buffersKiB)) + ' ' + col(f(m.cacheKiB)) : ' ' + col(f(m.buffersKiB + m.cacheKiB));
  out += ' ' + col(f(m.availableKiB)) + '\n';
  if (o.lohi) {
    out += head('Low:') + col(f(m.totalKiB)) + ' ' + col(f(m.totalKiB - m.freeKiB)) + ' ' + col(f(m.freeKiB)) + '\n';
    out += head('High:') + col(f(0)) + ' ' + col(f(0)) + ' ' + col(f(0)) + '\n';
  }
  out += head('Swap:') + col(f(0)) + ' ' + col(f(0)) + ' ' + col(f(0)) + '\n';
  if (o.total) out += head('Total:') + col(f(m.totalKiB)) + ' ' + col(f(m.usedKiB)) + ' ' + col(f(m.freeKiB)) + '\n';
  if (o.committed) {
    // No swap: the commit limit is half of RAM (vm.overcommit_ratio 50); committed is what the processes mapped.
    const limit = Math.floor(m.totalKiB / 2);
    const committed = m.usedKiB * 2;
    out += head('Comm:') + col(f(limit)) + ' ' + col(f(committed)) + ' ' + col(f(limit - committed)) + '\n';
  }
  return out;
}

export function parseFree(args: string[]): FreeOptions | { error?: string; usage?: 'stdout' | 'stderr'; version?: boolean } {
  const r = getoptLong(args, 'bkmghlLtvc:ws:V', LONGS);
  if ('error' in r) return { error: `free: ${r.error}`, usage: 'stderr' };
  const o: FreeOptions = { exponent: 0, si: false, human: false, wide: false, total: false, lohi: false, line: false, committed: false };
  let unitSet = false;
  for (const { key, value } of r.options) {
    const unit = UNITS[key];
    if (unit) {
      if (unitSet) return { error: "free: Multiple unit options don't make sense." };
      unitSet = true;
      o.exponent = unit[0];
      if (unit[1]) o.si = true;
      continue;
    }
    switch (key) {
      case 'h': o.human = true; break;
      case 'si': o.si = true; break;
      case 'l': o.lohi = true; break;
      case 'L': o.line = true; break;
      case 't': o.total = true; break;
      case 'v': o.committed = true; break;
      case 'w': o.wide = true; break;
      case 's': {
        const n = Number(value);
        if (value === undefined || value.trim() === '' || !Number.isFinite(n)) return { error: `free: seconds argument failed: '${value}': Invalid argument` };
        if (n * 1_000_000 < 1) return { error: `free: seconds argument \`${value}' is not positive number` };
        o.intervalMs = Math.round(n * 1000);
        break;
      }
      case 'c': {
        if (!/^\s*[+-]?\d+$/.test(value ?? '')) return { error: `free: failed to parse count argument: '${value}'` };
        const n = Number(value);
        if (n < 1) return { error: `free: failed to parse count argument: '${value}': Numerical result out of range` };
        o.count = n;
        o.intervalMs ??= 1000;
        break;
      }
      case 'help': return { usage: 'stdout' };
      case 'V': return { version: true };
    }
  }
  if (r.operands.length) return { usage: 'stderr' };
  return o;
}

export const free: CommandSpec = {
  name: 'free',
  summary: 'Display amount of free and used memory in the system',
  async run(ctx: ProcessContext) {
    const o = parseFree(ctx.argv.slice(1));
    if (!('exponent' in o)) {
      if (o.version) { ctx.stdout.write('free from procps-ng 4.0.4\n'); return 0; }
      if (o.usage === 'stdout') { ctx.stdout.write(FREE_USAGE); return 0; }
      ctx.stderr.write(`${o.error ? `${o.error}\n` : ''}${o.usage ? FREE_USAGE : ''}`);
      return 1;
    }
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    if (!h) return 1;
    let remaining = o.count;
    for (;;) {
      ctx.stdout.write(freeReport(memInfo(ctx.cluster, h), o));
      if (o.line && (o.intervalMs === undefined || remaining === 1)) ctx.stdout.write('\n');
      if (remaining !== undefined && --remaining < 1) return 0;
      if (o.intervalMs === undefined) return 0;
      ctx.stdout.write('\n');
      await ctx.sleep(o.intervalMs);
      if (ctx.signal.aborted) return 130;
    }
  },
};
