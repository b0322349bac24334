/**
 * journalctl (systemd 255) over the node's journal (journal.ts), in the short
 * output format: "Jan 01 00:00:00 worker-1 systemd[1]: Started …". It reads
 * -u/--unit, -n/--lines, -f/--follow, -e/--pager-end (which implies -n1000),
 * -x/--catalog, -r/--reverse, -b for this boot, --no-hostname, --no-pager, -q,
 * and the no-op -l/--full and -a/--all; options are parsed as getopt_long
 * parses them ("-xeu kubelet"). The rest (--since, -p, -o other than short…)
 * is not simulated and says so.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { MONTHS } from '../../../util/time.js';
import { currentNodeName, kubeletUnit, nodeHost, type NodeHost } from './host.js';
import type { JournalEntry } from './journal.js';
import { journalWithKubelet, kubeletOutageEntries } from './kubelet-log.js';

const CATALOG_PREFIX = '░░ ';
const NO_ENTRIES = '-- No entries --';
const NOT_SIMULATED = (what: string) => `journalctl: ${what} is not simulated in this lab (it reads -u, -n, -f, -e, -x, -r, -b, --no-hostname, --no-pager)\n`;

/** Long options: whether each takes an argument ('required' | 'optional' | 'none'). */
const LONG: Record<string, 'required' | 'optional' | 'none'> = {
  unit: 'required', lines: 'optional', follow: 'none', 'pager-end': 'none', catalog: 'none', reverse: 'none',
  boot: 'optional', 'no-hostname': 'none', 'no-pager': 'none', quiet: 'none', full: 'none', all: 'none', output: 'required',
  since: 'required', until: 'required', priority: 'required', dmesg: 'none', help: 'none', identifier: 'required',
  grep: 'required', 'user-unit': 'required', merge: 'none', utc: 'none', 'no-tail': 'none', version: 'none',
};
const SHORT_TO_LONG: Record<string, string> = {
  u: 'unit', n: 'lines', f: 'follow', e: 'pager-end', x: 'catalog', r: 'reverse', b: 'boot', q: 'quiet', l: 'full', a: 'all',
  o: 'output', S: 'since', U: 'until', p: 'priority', k: 'dmesg', h: 'help', t: 'identifier', g: 'grep', m: 'merge',
};

interface Options {
  units: string[];
  lines?: number;
  /** `-n +N`: the N oldest entries instead of the newest. */
  oldest: boolean;
  follow: boolean;
  catalog: boolean;
  reverse: boolean;
  hostname: boolean;
  quiet: boolean;
}

type Parsed = { opts: Options } | { error: string; status: number };

/** getopt_long over the arguments; `-n` takes the next argument too when it is a number (journalctl peeks). */
export function parseJournalctlArgs(args: string[]): Parsed {
  const opts: Options = { units: [], oldest: false, follow: false, catalog: false, reverse: false, hostname: true, quiet: false };
  let pagerEnd = false;
  const apply = (name: string, value: string | undefined): Parsed | undefined => {
    switch (name) {
      case 'unit': opts.units.push(value!); break;
      case 'lines': {
        if (value === undefined) { opts.lines = 10; break; }
        const v = value.startsWith('+') ? value.slice(1) : value;
        if (!/^\d+$/.test(v)) return { error: `Failed to parse lines '${value}'\n`, status: 1 };
        opts.lines = Number(v);
        opts.oldest = value.startsWith('+');
        break;
      }
      case 'follow': opts.follow = true; break;
      case 'pager-end': pagerEnd = true; break;
      case 'catalog': opts.catalog = true; break;
      case 'reverse': opts.reverse = true; break;
      case 'no-hostname': opts.hostname = false; break;
      case 'quiet': opts.quiet = true; break;
      case 'boot':
        if (value !== undefined && value !== '0' && value !== '-0') return { error: NOT_SIMULATED(`-b ${value} (another boot)`), status: 1 };
        break;
      case 'output':
        if (value !== 'short') return { error: NOT_SIMULATED(`-o ${value}`), status: 1 };
        break;
      case 'no-pager': case 'full': case 'all': break;
      default: return { error: NOT_SIMULATED(`--${name}`), status: 1 };
    }
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { if (i + 1 < args.length) return { error: NOT_SIMULATED('a match (FIELD=VALUE or a path)'), status: 1 }; break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const kind = LONG[name];
      if (!kind) return { error: `journalctl: unrecognized option '${eq < 0 ? a : a.slice(0, eq)}'\n`, status: 1 };
      let value = eq < 0 ? undefined : a.slice(eq + 1);
      if (kind === 'none' && value !== undefined) return { error: `journalctl: option '--${name}' doesn't allow an argument\n`, status: 1 };
      if (kind === 'required' && value === undefined) {
        if (i + 1 >= args.length) return { error: `journalctl: option '--${name}' requires an argument\n`, status: 1 };
        value = args[++i];
      }
      if (kind === 'optional' && value === undefined && name === 'lines' && /^\+?\d+$/.test(args[i + 1] ?? '')) value = args[++i];
      const r = apply(name, value);
      if (r) return r;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const ch = a[k];
        const name = SHORT_TO_LONG[ch];
        if (!name) return { error: `journalctl: invalid option -- '${ch}'\n`, status: 1 };
        const kind = LONG[name];
        let value: string | undefined;
        if (kind !== 'none') {
          const rest = a.slice(k + 1);
          if (rest) value = rest;
          else if (kind === 'required') {
            if (i + 1 >= args.length) return { error: `journalctl: option requires an argument -- '${ch}'\n`, status: 1 };
            value = args[++i];
          } else if (name === 'lines' && /^\+?\d+$/.test(args[i + 1] ?? '')) value = args[++i];
          const r = apply(name, value);
          if (r) return r;
          break;
        }
        const r = apply(name, undefined);
        if (r) return r;
      }
      continue;
    }
    return { error: NOT_SIMULATED('a match (FIELD=VALUE or a path)'), status: 1 };
  }
  if (opts.follow && opts.reverse) return { error: 'Please specify either --reverse or --follow, not both.\n', status: 1 };
  // -e implies -n1000, -f -n10, unless -n was given.
  if (opts.lines === undefined && pagerEnd) opts.lines = 1000;
  if (opts.lines === undefined && opts.follow) opts.lines = 10;
  return { opts };
}

/** unit_name_mangle: a name without a suffix is a service; globs stay globs. */
function unitMatcher(names: string[]): ((unit: string) => boolean) | undefined {
  if (names.length === 0) return undefined;
  const patterns = names.map((n) => {
    const full = /[*?[]/.test(n) || n.includes('.') ? n : `${n}.service`;
    if (!/[*?[]/.test(full)) return (u: string) => u === full;
    const re = new RegExp('^' + full.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
    return (u: string) => re.test(u);
  });
  return (unit) => patterns.some((p) => p(unit));
}

/** The short format's timestamp: "%b %d %H:%M:%S" in the node's zone (UTC). */
function shortTime(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)}`;
}

export function formatEntry(e: JournalEntry, host: string | undefined, catalog: boolean): string {
  let out = `${shortTime(e.time)} ${host === undefined ? '' : host + ' '}${e.ident ?? 'systemd[1]'}: ${e.message}\n`;
  if (catalog && e.catalog) for (const l of e.catalog) out += CATALOG_PREFIX + l + '\n';
  return out;
}

function selected(h: NodeHost, match: ((unit: string) => boolean) | undefined, now: number): JournalEntry[] {
  const all = journalWithKubelet(h, now);
  return match ? all.filter((e) => match(`${e.unit}.service`)) : all;
}

export const journalctl: CommandSpec = {
  name: 'journalctl',
  summary: 'Print log entries from the systemd journal',
  async run(ctx: ProcessContext) {
    const parsed = parseJournalctlArgs(ctx.argv.slice(1));
    if ('error' in parsed) {
      ctx.stderr.write(parsed.error);
      return parsed.status;
    }
    const { opts } = parsed;
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    if (!h) {
      if (!opts.quiet) ctx.stdout.write(NO_ENTRIES + '\n');
      return 0;
    }
    // A kubelet stopped or started by other means than systemctl is logged when seen.
    kubeletUnit(ctx.cluster, h);
    const match = unitMatcher(opts.units);
    const host = opts.hostname ? h.config.name : undefined;
    let list = selected(h, match, ctx.cluster.clock.now());
    if (opts.lines !== undefined) list = opts.lines === 0 ? [] : opts.oldest ? list.slice(0, opts.lines) : list.slice(-opts.lines);
    if (opts.reverse) list = [...list].reverse();
    for (const e of list) ctx.stdout.write(formatEntry(e, host, opts.catalog));
    if (!opts.follow) {
      if (list.length === 0 && !opts.quiet) ctx.stdout.write(NO_ENTRIES + '\n');
      return 0;
    }
    // Following: new entries as they are written (and the kubelet's lines of the last second), until Ctrl-C.
    let seen = h.journalWrites;
    let until = ctx.cluster.clock.now();
    while (!ctx.signal.aborted) {
      await ctx.sleep(1_000);
      kubeletUnit(ctx.cluster, h);
      const now = ctx.cluster.clock.now();
      const fresh = h.journalWrites - seen;
      seen = h.journalWrites;
      const recent = fresh > 0 ? h.journal.slice(-Math.min(fresh, h.journal.length)) : [];
      const kubelet = kubeletOutageEntries(h, now).filter((e) => e.time > until);
      until = now;
      if (!recent.length && !kubelet.length) continue;
      const merged = [...recent, ...kubelet].sort((a, b) => a.time - b.time);
      for (const e of merged) if (!match || match(`${e.unit}.service`)) ctx.stdout.write(formatEntry(e, host, opts.catalog));
    }
    return 0;
  },
};
