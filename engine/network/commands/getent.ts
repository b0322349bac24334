/**
 * glibc's getent (nss/getent.c, libc-bin: Debian 12's 2.36, Debian 13's 2.41, Ubuntu 24.04's 2.39) for the
 * databases learners use: hosts, ahosts, ahostsv4, ahostsv6, passwd, group, services, protocols; the others are
 * named but answer nothing. Each key is looked up as libc does, through nsswitch's `hosts: files dns` (what
 * Debian's and Ubuntu's images and the node configure; the lab's image trees lack the file, which libc-bin's
 * postinst writes): /etc/hosts with host.conf's `multi on` (files-hosts.c gethostbyname3_multi: every matching
 * line's addresses and aliases), then DNS through /etc/resolv.conf (its first server, search list and ndots, the
 * walk of res_search: a timeout or a refusal ends it, NXDOMAIN, NODATA and SERVFAIL go on), a CNAME's owner an
 * alias and its target the canonical name (dns-host.c getanswer_r). `hosts` asks for IPv6 first
 * (gethostbyname2(AF_INET6), then AF_INET), so ::1 answers localhost; enumeration reads /etc/hosts as AF_INET
 * (::1 printed as 127.0.0.1, other IPv6 lines skipped). Exit status: 1 for usage, 2 when a key is not found,
 * 3 for a database that cannot be enumerated.
 */
import { parseResolver, searchCandidates } from '../dns.js';
import { RESOLVER_TIMEOUT_MS, type ClusterNetwork, type Origin } from '../network.js';
import { askServer, reverseName, type RRType } from './dns-server.js';

export interface GetentContext {
  net?: ClusterNetwork;
  origin: Origin;
  readFile(path: string): string | undefined;
}

export interface GetentResult { stdout: string; stderr: string; status: number; ms: number }

interface HostEnt { name: string; aliases: string[]; addrs: string[] }

const DATABASES = ['ahosts', 'ahostsv4', 'ahostsv6', 'aliases', 'ethers', 'group', 'gshadow', 'hosts', 'initgroups', 'netgroup', 'networks', 'passwd', 'protocols', 'rpc', 'services', 'shadow'];
const TRY = "Try `getent --help' or `getent --usage' for more information.\n";
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The libc the image's os-release names: its getent --version line, copyright year and bug address. */
function libc(osRelease: string): { version: string; year: string; bugs: string } {
  if (/^ID=ubuntu/m.test(osRelease)) return { version: 'Ubuntu GLIBC 2.39-0ubuntu8.6) 2.39', year: '2024', bugs: '<https://bugs.launchpad.net/ubuntu/+source/glibc/+bugs>' };
  if (/VERSION_CODENAME=trixie/.test(osRelease)) return { version: 'Debian GLIBC 2.41-12+deb13u1) 2.41', year: '2025', bugs: '<http://www.debian.org/Bugs/>' };
  return { version: 'Debian GLIBC 2.36-9+deb12u14) 2.36', year: '2022', bugs: '<http://www.debian.org/Bugs/>' };
}

function help(bugs: string): string {
  return `Usage: getent [OPTION...] database [key ...]
Get entries from administrative database.

  -A, --no-addrconfig        do not filter out unsupported IPv4/IPv6 addresses
                             (with ahosts*)
  -i, --no-idn               disable IDN encoding
  -s, --service=CONFIG       Service configuration to be used
  -?, --help                 Give this help list
      --usage                Give a short usage message
  -V, --version              Print program version

Mandatory or optional arguments to long options are also mandatory or optional
for any corresponding short options.

Supported databases:
ahosts ahostsv4 ahostsv6 aliases ethers group gshadow hosts initgroups
netgroup networks passwd protocols rpc services shadow

For bug reporting instructions, please see:
${bugs}.
`;
}

const USAGE = `Usage: getent [-Ai?V] [-s CONFIG] [--no-addrconfig] [--no-idn]
            [--service=CONFIG] [--help] [--usage] [--version]
            database [key ...]
`;

/** A file's entries: its lines without comments, split on white space (files-parse.c). */
function entries(text: string | undefined, sep: RegExp = /\s+/): string[][] {
  const out: string[][] = [];
  for (const raw of (text ?? '').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line) out.push(line.split(sep));
  }
  return out;
}

class Lookup {
  ms = 0;
  private readonly resolver;
  private readonly multi: boolean;
  constructor(private readonly ctx: GetentContext) {
    this.resolver = parseResolver(ctx.readFile('/etc/resolv.conf') ?? '');
    this.multi = /^\s*multi\s+on\b/m.test(ctx.readFile('/etc/host.conf') ?? '');
  }

  /** /etc/hosts lines as one family sees them (files-hosts.c LINE_PARSER): AF_INET maps ::1 to 127.0.0.1. */
  private hostsLines(v6: boolean): HostEnt[] {
    const out: HostEnt[] = [];
    for (const [addr, name, ...aliases] of entries(this.ctx.readFile('/etc/hosts'))) {
      if (!name) continue;
      const isV4 = IPV4.test(addr);
      if (v6 ? isV4 || !addr.includes(':') : !isV4 && addr !== '::1') continue;
      out.push({ name, aliases, addrs: [v6 || isV4 ? addr : '127.0.0.1'] });
    }
    return out;
  }

  /** gethostent: every line, as AF_INET. */
  enumerate(): HostEnt[] {
    return this.hostsLines(false);
  }

  private filesByName(key: string, v6: boolean): HostEnt | undefined {
    const k = key.toLowerCase();
    let found: HostEnt | undefined;
    for (const e of this.hostsLines(v6)) {
      if (![e.name, ...e.aliases].some((n) => n.toLowerCase() === k)) continue;
      if (!found) { found = { name: e.name, aliases: [...e.aliases], addrs: [...e.addrs] }; if (!this.multi) break; continue; }
      found.addrs.push(...e.addrs);
      found.aliases.push(...e.aliases);
      if (e.name !== found.name) found.aliases.push(e.name);
    }
    return found;
  }

  /** One DNS question to resolv.conf's first server: the reply, or why there is none. */
  private ask(name: string, type: RRType) {
    const server = this.resolver.servers[0] ?? '127.0.0.1';
    const r = askServer(this.ctx.net, this.ctx.origin, server, 53, name, type, false);
    this.ms += typeof r === 'string' ? (r === 'timeout' ? RESOLVER_TIMEOUT_MS : 0) : 1;
    return r;
  }

  /** res_search for `type`: the first candidate whose answer has records of it, its CNAMEs as aliases. */
  private dnsByName(key: string, type: 'A' | 'AAAA'): HostEnt | undefined {
    for (const c of searchCandidates(key, this.resolver.search, this.resolver.ndots)) {
      const r = this.ask(c, type);
      if (typeof r === 'string') return undefined;
      const addrs = r.rcode === 'NOERROR' ? r.answer.filter((x) => x.type === type).map((x) => String(x.data[0])) : [];
      if (addrs.length === 0) continue;
      const names = [c.replace(/\.$/, ''), ...r.answer.filter((x) => x.type === 'CNAME').map((x) => String(x.data[0]).replace(/\.$/, ''))];
      return { name: names[names.length - 1], aliases: names.slice(0, -1), addrs };
    }
    return undefined;
  }

  byName(key: string, v6: boolean): HostEnt | undefined {
    return this.filesByName(key, v6) ?? this.dnsByName(key, v6 ? 'AAAA' : 'A');
  }

  byAddr(addr: string): HostEnt | undefined {
    const v6 = !IPV4.test(addr);
    const file = this.hostsLines(v6).find((e) => e.addrs[0] === addr);
    if (file || v6) return file;
    const r = this.ask(reverseName(addr), 'PTR');
    const ptr = typeof r === 'string' || r.rcode !== 'NOERROR' ? undefined : r.answer.find((x) => x.type === 'PTR');
    return ptr ? { name: String(ptr.data[0]).replace(/\.$/, ''), aliases: [], addrs: [addr] } : undefined;
  }

  /** getaddrinfo's addresses and canonical name for one family (AF_UNSPEC: IPv6 and IPv4 together, files' order). */
  addrinfo(key: string, family: 'any' | '4' | '6'): { canon: string; addrs: string[] } | undefined {
    if (IPV4.test(key)) return family === '6' ? { canon: key, addrs: [`::ffff:${key}`] } : { canon: key, addrs: [key] };
    if (family === 'any') {
      const both = this.filesAny(key);
      if (both) return both;
      const e = this.dnsByName(key, 'AAAA') ?? this.dnsByName(key, 'A');
      return e && { canon: e.name, addrs: e.addrs };
    }
    if (family === '4') {
      const e = this.byName(key, false);
      return e && { canon: e.name, addrs: e.addrs };
    }
    // AF_INET6 with AI_V4MAPPED: IPv6 addresses, else the IPv4 ones mapped.
    const e6 = this.byName(key, true);
    if (e6) return { canon: e6.name, addrs: e6.addrs };
    const e4 = this.byName(key, false);
    return e4 && { canon: e4.name, addrs: e4.addrs.map((a) => `::ffff:${a}`) };
  }

  /** _nss_files_gethostbyname4_r: every line naming the key, of either family, the first line's name canonical. */
  private filesAny(key: string): { canon: string; addrs: string[] } | undefined {
    const k = key.toLowerCase();
    let canon: string | undefined;
    const addrs: string[] = [];
    for (const [addr, name, ...aliases] of entries(this.ctx.readFile('/etc/hosts'))) {
      if (!name || ![name, ...aliases].some((n) => n.toLowerCase() === k) || (!IPV4.test(addr) && !addr.includes(':'))) continue;
      canon ??= name;
      addrs.push(addr);
      if (!this.multi) break;
    }
    return canon === undefined ? undefined : { canon, addrs };
  }
}

/**
 * RFC 3484 destination order as glibc's rfc3484_sort applies it here: ::1 (precedence 50) before IPv4 (35, as
 * ::ffff:0:0/96), and among IPv4 addresses the longest prefix shared with the source (rule 9, up to its /24).
 */
function sortDestinations(addrs: string[], source: string | undefined): string[] {
  const common = (a: string) => {
    if (!IPV4.test(a) || !source) return 0;
    const x = a.split('.').map(Number), y = source.split('.').map(Number);
    let bits = 0;
    for (let i = 0; i < 4 && bits < 24; i++) {
      const d = x[i] ^ y[i];
      if (d === 0) { bits += 8; continue; }
      bits += Math.clz32(d) - 24;
      break;
    }
    return Math.min(bits, 24);
  };
  const rank = (a: string) => (a === '::1' ? 1000 : IPV4.test(a) ? 100 + common(a) : a.includes(':') ? 500 : 0);
  return addrs.map((a, i) => ({ a, i })).sort((p, q) => rank(q.a) - rank(p.a) || p.i - q.i).map((p) => p.a);
}

function printHost(e: HostEnt): string {
  return e.addrs.map((a) => `${a.padEnd(15)} ${[e.name, ...e.aliases].join(' ')}\n`).join('');
}

/** putpwent / putgrent: the entry's fields as the file has them, one line each. */
function accounts(text: string | undefined, fields: number): string[][] {
  return entries(text, /:/).filter((f) => f.length >= fields && f[0] && !/^[+-]/.test(f[0])).map((f) => f.slice(0, fields));
}

export function getentCore(argv: string[], ctx: GetentContext): GetentResult {
  const out: string[] = [];
  let stderr = '';
  const done = (status: number): GetentResult => ({ stdout: out.join(''), stderr, status, ms: lookup?.ms ?? 0 });
  let lookup: Lookup | undefined;
  const os = libc(ctx.readFile('/etc/os-release') ?? ctx.readFile('/usr/lib/os-release') ?? '');
  const args: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { args.push(...argv.slice(i + 1)); break; }
    if (a === '-?' || a === '--help') { out.push(help(os.bugs)); return done(0); }
    if (a === '--usage') { out.push(USAGE); return done(0); }
    if (a === '-V' || a === '--version') {
      out.push(`getent (${os.version}\nCopyright (C) ${os.year} Free Software Foundation, Inc.\nThis is free software; see the source for copying conditions.  There is NO\nwarranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\nWritten by Thorsten Kukuk.\n`);
      return done(0);
    }
    if (a === '-A' || a === '--no-addrconfig' || a === '-i' || a === '--no-idn') continue;
    if (a === '-s' || a === '--service') {
      if (argv[i + 1] === undefined) { stderr = `getent: option ${a === '-s' ? "requires an argument -- 's'" : "'--service' requires an argument"}\n${TRY}`; return done(64); }
      i++;
      continue;
    }
    if (a.startsWith('--service=') || (a.startsWith('-s') && a.length > 2)) continue;
    if (a.startsWith('--') && a.length > 2) { stderr = `getent: unrecognized option '${a}'\n${TRY}`; return done(64); }
    if (a.startsWith('-') && a.length > 1) { stderr = `getent: invalid option -- '${a[1]}'\n${TRY}`; return done(64); }
    args.push(a);
  }
  if (args.length === 0) { stderr = 'getent: wrong number of arguments\n'; out.push(TRY); return done(1); }
  const [db, ...keys] = args;
  if (!DATABASES.includes(db)) { stderr = `Unknown database: ${db}\n`; out.push(TRY); return done(1); }
  let status = 0;
  const each = (find: (key: string) => string | undefined) => {
    for (const k of keys) {
      const line = find(k);
      if (line === undefined) status = 2;
      else out.push(line);
    }
    return done(status);
  };
  switch (db) {
    case 'hosts': {
      const l = (lookup = new Lookup(ctx));
      if (keys.length === 0) { out.push(...l.enumerate().map(printHost)); return done(0); }
      return each((k) => {
        const e = IPV4.test(k) || k.includes(':') ? l.byAddr(k) : l.byName(k, true) ?? l.byName(k, false);
        return e && printHost(e);
      });
    }
    case 'ahosts': case 'ahostsv4': case 'ahostsv6': {
      const l = (lookup = new Lookup(ctx));
      if (keys.length === 0) { out.push(...l.enumerate().map(printHost)); return done(0); }
      return each((k) => {
        const r = l.addrinfo(k, db === 'ahosts' ? 'any' : db === 'ahostsv4' ? '4' : '6');
        if (!r) return undefined;
        return sortDestinations(r.addrs, ctx.origin.pod?.ip).map((a, i) => ['STREAM', 'DGRAM ', 'RAW   '].map((s, j) => `${a.padEnd(15)} ${s} ${i === 0 && j === 0 ? r.canon : ''}\n`).join('')).join('');
      });
    }
    case 'passwd': case 'group': {
      const rows = accounts(ctx.readFile(`/etc/${db}`), db === 'passwd' ? 7 : 4);
      if (keys.length === 0) { out.push(...rows.map((f) => `${f.join(':')}\n`)); return done(0); }
      // A key of digits is an id (strtoul), anything else a name.
      return each((k) => {
        const f = rows.find((r) => (/^\d+$/.test(k) ? Number(r[2]) === Number(k) : r[0] === k));
        return f && `${f.join(':')}\n`;
      });
    }
    case 'services': {
      const rows = entries(ctx.readFile('/etc/services')).filter((f) => /^\d+\/\w+$/.test(f[1] ?? ''));
      const line = (f: string[]) => `${f[0].padEnd(21)} ${f[1]}${f.slice(2).map((x) => ` ${x}`).join('')}\n`;
      if (keys.length === 0) { out.push(...rows.map(line)); return done(0); }
      return each((k) => {
        const [key, proto] = k.split('/', 2);
        const byPort = /^\d/.test(key) && /^\d+$/.test(key) && Number(key) <= 65535;
        const f = rows.find((r) => {
          const [port, p] = r[1].split('/');
          if (proto !== undefined && p !== proto) return false;
          return byPort ? Number(port) === Number(key) : r[0] === key || r.slice(2).includes(key);
        });
        return f && line(f);
      });
    }
    case 'protocols': {
      const rows = entries(ctx.readFile('/etc/protocols')).filter((f) => /^\d+$/.test(f[1] ?? ''));
      const line = (f: string[]) => `${f[0].padEnd(21)} ${f[1]}${f.slice(2).map((x) => ` ${x}`).join('')}\n`;
      if (keys.length === 0) { out.push(...rows.map(line)); return done(0); }
      return each((k) => {
        const f = rows.find((r) => (/^\d/.test(k) ? Number(r[1]) === Number.parseInt(k, 10) : r[0] === k || r.slice(2).includes(k)));
        return f && line(f);
      });
    }
    case 'ethers': case 'netgroup': case 'initgroups':
      if (keys.length === 0) { stderr = `Enumeration not supported on ${db}\n`; return done(3); }
      return each(() => undefined);
    default:
      // aliases, gshadow, networks, rpc, shadow: no file of theirs is read here; every key is not found.
      return each(() => undefined);
  }
}
