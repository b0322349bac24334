/**
 * dig, host and nslookup from bind9-dnsutils 9.18 (Ubuntu 24.04's 1:9.18.28-0ubuntu0.24.04.1) on the node, over the servers
 * of dns-server.ts. The texts were recorded from the real dig and host 9.18.49 (Debian 12's build: the same 9.18
 * branch) against a loopback server answering as CoreDNS does: dig's banner, header, OPT pseudosection, sections
 * in BIND's master-file columns (masterdump.c indent(): name, then TTL at column 24, class at 32, type at 40, data
 * at 48, tabs of 8, at least one space or tab), the .local and recursion warnings, the statistics, +short and the
 * section switches; host's "has address", "domain name pointer", "has SRV record", "has no A record", "Host … not
 * found: 3(NXDOMAIN)" and its "Using domain server:" block; the retries' "communications error" lines (dig: three
 * tries of 5 s, exit 9; host: two, exit 1).
 */
import type { CommandSpec, ProcessContext } from '../../shell/process.js';
import type { ClusterNetwork, Origin } from '../network.js';
import { askServer, messageSize, RCODE_NUMBERS, reverseName, TYPE_CODES, type DnsMessage, type DnsReply, type RR, type RRType } from './dns-server.js';
import { DIG_HELP } from './dig-help.js';
import { getentCore } from './getent.js';
import { MONTHS, WEEKDAYS } from '../../util/time.js';
import { NODE_NAMESERVER } from '../internet/hosts.js';

export const BIND_VERSION = '9.18.28-0ubuntu0.24.04.1-Ubuntu';
/** The node's /etc/resolv.conf: systemd-resolved's stub. */
const STUB = NODE_NAMESERVER;
const UDP_TIMEOUT_MS = 5_000;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

const DIG_USAGE = `Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}
            {global-d-opt} host [@local-server] {local-d-opt}
            [ host [@local-server] {local-d-opt} [...]]

Use "dig -h" (or "dig -h | more") for complete list of options
`;

const HOST_USAGE = `Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]
            [-R number] [-m flag] [-p port] hostname [server]
       -a is equivalent to -v -t ANY
       -A is like -a but omits RRSIG, NSEC, NSEC3
       -c specifies query class for non-IN data
       -C compares SOA records on authoritative nameservers
       -d is equivalent to -v
       -l lists all hosts in a domain, using AXFR
       -m set memory debugging flag (trace|record|usage)
       -N changes the number of dots allowed before root lookup is done
       -p specifies the port on the server to query
       -r disables recursive processing
       -R specifies number of retries for UDP packets
       -s a SERVFAIL response should stop query
       -t specifies the query type
       -T enables TCP/IP mode
       -U enables UDP mode
       -v enables verbose output
       -V print version number and exit
       -w specifies to wait forever for a reply
       -W specifies how long to wait for a reply
       -4 use IPv4 query transport only
       -6 use IPv6 query transport only
`;

// ---------- master-file text ----------

/** masterdump.c indent(): from column `from` to `to` (at least one further), tabs first, then spaces. */
function indent(from: number, to: number): { text: string; col: number } {
  if (to < from + 1) to = from + 1;
  const tabs = Math.max(0, Math.floor(to / 8) - Math.floor(from / 8));
  const start = tabs > 0 ? Math.floor(to / 8) * 8 : from;
  return { text: '\t'.repeat(tabs) + ' '.repeat(to - start), col: to };
}

/** Fields laid out at the given columns. */
function columns(fields: string[], at: number[]): string {
  let out = fields[0];
  let col = fields[0].length;
  for (let i = 1; i < fields.length; i++) {
    const step = indent(col, at[i - 1]);
    out += step.text + fields[i];
    col = step.col + fields[i].length;
  }
  return out;
}

export function rdataText(r: RR): string {
  if (r.type === 'TXT') return `"${r.data[0]}"`;
  return r.data.join(' ');
}

function recordLine(r: RR): string {
  return columns([r.name, String(r.ttl), 'IN', r.type, rdataText(r)], [24, 32, 40, 48]);
}

function questionLine(name: string, type: RRType): string {
  // The ';' stands before the columns: the name starts at column 0.
  return `;${columns([name, 'IN', type], [32, 40])}`;
}

/** strftime's "%a %b %d %H:%M:%S %Z %Y" in UTC, as dig stamps its WHEN line. */
function whenText(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

// ---------- querying ----------

interface Tries { timeoutMs: number; tries: number }

/** One question with the client's retries: the reply, how long it took, and the error lines on the way. */
async function query(ctx: ProcessContext, net: ClusterNetwork | undefined, origin: Origin, server: string, port: number, name: string, type: RRType, tries: Tries, cookie: boolean, write: (s: string) => void): Promise<{ reply?: DnsMessage; ms: number } | undefined> {
  const reply: DnsReply = askServer(net, origin, server, port, name, type, cookie);
  if (typeof reply !== 'string') {
    const ms = replyMs(ctx, reply, server);
    await ctx.sleep(ms);
    return { reply, ms };
  }
  for (let i = 0; i < tries.tries; i++) {
    if (reply === 'timeout') await ctx.sleep(tries.timeoutMs);
    if (ctx.signal.aborted) return undefined;
    write(`;; communications error to ${server}#${port}: ${reply === 'timeout' ? 'timed out' : 'connection refused'}\n`);
  }
  return { ms: 0 };
}

/** A round trip: CoreDNS on the cluster network answers in a millisecond or so, the internet's in tens. */
function replyMs(ctx: ProcessContext, reply: DnsMessage, server: string): number {
  if (!reply.aa && reply.ra && reply.rcode !== 'SERVFAIL' && server !== STUB) return 12 + randomInt(ctx, 20);
  return randomInt(ctx, 2);
}

/** The cluster's seeded randomness (a shell with no cluster behind it draws zeros). */
const randomInt = (ctx: ProcessContext, n: number) => ctx.cluster?.random.int(n) ?? 0;

function parseType(s: string): RRType | undefined {
  const t = s.toUpperCase();
  return Object.hasOwn(TYPE_CODES, t) ? (t as RRType) : undefined;
}

const networkOf = (ctx: ProcessContext) => ctx.cluster?.network as ClusterNetwork | undefined;
const originOf = (ctx: ProcessContext): Origin => ({ node: ctx.host?.node ?? ctx.cluster?.nodeConfigs.find((n) => n.role === 'control-plane')?.name ?? ctx.cluster?.nodeConfigs[0]?.name });

// ---------- dig ----------

interface DigOptions {
  short: boolean; cmd: boolean; comments: boolean; question: boolean; answer: boolean; authority: boolean; additional: boolean; stats: boolean;
  recurse: boolean; tcp: boolean; cookie: boolean; edns: boolean; timeoutMs: number; tries: number;
}

const DISPLAY = ['cmd', 'comments', 'question', 'answer', 'authority', 'additional', 'stats'] as const;
/** +options dig takes that change nothing here (the lab's servers answer the same). */
const ACCEPTED = new Set(['aaflag', 'aaonly', 'adflag', 'badcookie', 'besteffort', 'cdflag', 'class', 'crypto', 'dnssec', 'expire', 'fail', 'header-only', 'identify', 'idnin', 'idnout', 'ignore', 'keepalive', 'keepopen', 'multiline', 'nsid', 'onesoa', 'opcode', 'padding', 'qr', 'rrcomments', 'search', 'showsearch', 'split', 'subnet', 'ttlid', 'ttlunits', 'unknownformat', 'zflag', 'defname', 'bufsize', 'ndots', 'domain']);

function plusOption(o: DigOptions, arg: string): boolean {
  let word = arg.slice(1);
  const eq = word.indexOf('=');
  const value = eq >= 0 ? word.slice(eq + 1) : undefined;
  if (eq >= 0) word = word.slice(0, eq);
  const on = !word.startsWith('no');
  if (!on) word = word.slice(2);
  if (word === 'short') { o.short = on; if (on) for (const k of DISPLAY) o[k] = false; return true; }
  if (word === 'all') { for (const k of DISPLAY) o[k] = on; return true; }
  if ((DISPLAY as readonly string[]).includes(word)) { o[word as (typeof DISPLAY)[number]] = on; return true; }
  if (word === 'recurse') { o.recurse = on; return true; }
  if (word === 'tcp' || word === 'vc') { o.tcp = on; return true; }
  if (word === 'cookie') { o.cookie = on; return true; }
  if (word === 'edns') { o.edns = on; return true; }
  if (word === 'time' && value !== undefined && /^\d+$/.test(value)) { o.timeoutMs = Math.max(1, Number(value)) * 1000; return true; }
  if (word === 'tries' && value !== undefined && /^\d+$/.test(value)) { o.tries = Math.max(1, Number(value)); return true; }
  if (word === 'retry' && value !== undefined && /^\d+$/.test(value)) { o.tries = Number(value) + 1; return true; }
  return ACCEPTED.has(word);
}

export const dig: CommandSpec = {
  name: 'dig',
  summary: 'DNS lookup utility',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const o: DigOptions = { short: false, cmd: true, comments: true, question: true, answer: true, authority: true, additional: true, stats: true, recurse: true, tcp: false, cookie: true, edns: true, timeoutMs: UDP_TIMEOUT_MS, tries: 3 };
    let server: string | undefined;
    let port = 53;
    let name: string | undefined;
    let type: RRType | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith('@')) server = a.slice(1);
      else if (a.startsWith('+')) {
        if (!plusOption(o, a)) { ctx.stderr.write(`Invalid option: ${a}\n${DIG_USAGE}`); return 1; }
      } else if (a === '-h') { ctx.stdout.write(DIG_HELP); return 0; }
      else if (a === '-v') { ctx.stderr.write(`DiG ${BIND_VERSION}\n`); return 0; }
      else if (['-x', '-t', '-p', '-c', '-q', '-b', '-f', '-k', '-y'].includes(a) || /^-[xtpcqbfky]./.test(a)) {
        const flag = a.slice(0, 2);
        const value = a.length > 2 ? a.slice(2) : args[++i];
        if (value === undefined) { ctx.stderr.write(`Invalid option: ${flag}\n${DIG_USAGE}`); return 1; }
        if (flag === '-x') { name = IPV4.test(value) ? reverseName(value) : value; type ??= 'PTR'; }
        else if (flag === '-t') {
          const t = parseType(value);
          if (!t) { ctx.stderr.write(`;; Warning, ignoring invalid type ${value}\n`); continue; }
          type = t;
        } else if (flag === '-p') {
          // isc_parse_uint16: the complaint on standard output, dig's own on standard error.
          const why = !/^\d+$/.test(value) ? 'not a valid number' : Number(value) > 65535 ? 'out of range' : undefined;
          if (why) { ctx.stdout.write(`invalid port number '${value}': ${why}\n`); ctx.stderr.write("dig: Couldn't parse port number\n"); return 1; }
          port = Number(value);
        }
        else if (flag === '-q') name = value;
      } else if (/^-[46mru]+$/.test(a)) continue;
      else if (a.startsWith('-')) { ctx.stderr.write(`Invalid option: ${a}\n${DIG_USAGE}`); return 1; }
      // A type's or class's word is one wherever it stands (`dig SRV name`, `dig name SRV`).
      else if (!type && parseType(a)) type = parseType(a);
      else if (/^in$/i.test(a)) continue;
      else name = a;
    }
    if (server !== undefined && !IPV4.test(server)) {
      ctx.stderr.write(`dig: couldn't get address for '${server}': not found\n`);
      return 10;
    }
    // No name: the root's name servers, as dig's man page says.
    const qname = name === undefined ? '.' : name.endsWith('.') ? name : `${name}.`;
    const qtype: RRType = type ?? (name === undefined ? 'NS' : 'A');
    const target = server ?? STUB;
    const out: string[] = [];
    const head = o.cmd ? `\n; <<>> DiG ${BIND_VERSION} <<>> ${args.join(' ')}\n${server !== undefined ? '; (1 server found)\n' : ''};; global options: +cmd\n` : '';
    const r = await query(ctx, networkOf(ctx), originOf(ctx), target, port, qname, qtype, { timeoutMs: o.timeoutMs, tries: o.tries }, o.cookie && o.edns, (s) => ctx.stdout.write(s));
    if (!r) return 130;
    if (!r.reply) {
      ctx.stdout.write(`${head};; no servers could be reached\n`);
      return 9;
    }
    const m = o.edns ? r.reply : { ...r.reply, edns: undefined };
    if (!o.recurse) m.ra = m.ra && target === STUB;
    if (o.short) {
      for (const rr of m.answer) out.push(`${rdataText(rr)}\n`);
      ctx.stdout.write(out.join(''));
      return 0;
    }
    out.push(head);
    if (o.comments) {
      out.push(';; Got answer:\n');
      if (qname === 'local.' || qname.toLowerCase().endsWith('.local.')) out.push(';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n');
      const flags = ['qr', m.aa && 'aa', o.recurse && 'rd', m.ra && 'ra'].filter(Boolean).join(' ');
      const id = randomInt(ctx, 65536);
      out.push(`;; ->>HEADER<<- opcode: QUERY, status: ${m.rcode}, id: ${id}\n`);
      out.push(`;; flags: ${flags}; QUERY: 1, ANSWER: ${m.answer.length}, AUTHORITY: ${m.authority.length}, ADDITIONAL: ${m.additional.length + (m.edns ? 1 : 0)}\n`);
      if (o.recurse && !m.ra) out.push(';; WARNING: recursion requested but not available\n');
      out.push('\n');
      if (m.edns) {
        out.push(`;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: ${m.edns.udp}\n`);
        if (m.edns.cookie) out.push(`; COOKIE: ${ctx.cluster?.random.hex(16) ?? '0'.repeat(16)} (echoed)\n`);
      }
    }
    if (o.question) out.push(`${o.comments ? ';; QUESTION SECTION:\n' : ''}${questionLine(qname, qtype)}\n${o.comments ? '\n' : ''}`);
    const section = (on: boolean, title: string, rrs: RR[]) => {
      if (!on || rrs.length === 0) return;
      out.push(`${o.comments ? `;; ${title} SECTION:\n` : ''}${rrs.map((x) => `${recordLine(x)}\n`).join('')}${o.comments ? '\n' : ''}`);
    };
    section(o.answer, 'ANSWER', m.answer);
    section(o.authority, 'AUTHORITY', m.authority);
    section(o.additional, 'ADDITIONAL', m.additional);
    if (o.stats) {
      out.push(`;; Query time: ${r.ms} msec\n;; SERVER: ${target}#${port}(${target}) (${o.tcp ? 'TCP' : 'UDP'})\n;; WHEN: ${whenText(ctx.cluster?.clock.now() ?? 0)}\n;; MSG SIZE  rcvd: ${messageSize(m, qname)}\n\n`);
    }
    ctx.stdout.write(out.join(''));
    return 0;
  },
};

// ---------- host ----------

const RR_SENTENCE: Partial<Record<RRType, string>> = { A: 'has address', AAAA: 'has IPv6 address', MX: 'mail is handled by', CNAME: 'is an alias for', PTR: 'domain name pointer', NS: 'name server' };

function hostLine(r: RR): string {
  const owner = r.name.replace(/\.$/, '');
  const sentence = RR_SENTENCE[r.type];
  return sentence ? `${owner} ${sentence} ${rdataText(r)}\n` : `${owner} has ${r.type} record ${rdataText(r)}\n`;
}

/** The name a CNAME chain in the answer leads to from `name` (BIND's chase_cnamechain). */
function chaseCnames(m: DnsMessage, name: string): string {
  for (let i = 0; i < m.answer.length; i++) {
    const c = m.answer.find((r) => r.type === 'CNAME' && r.name.toLowerCase() === name.toLowerCase());
    if (!c) break;
    name = String(c.data[0]);
  }
  return name;
}

export const host: CommandSpec = {
  name: 'host',
  summary: 'DNS lookup utility',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let type: RRType | undefined;
    let port = 53;
    let tries = 2;
    let timeoutMs = UDP_TIMEOUT_MS;
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-V') { ctx.stdout.write(`host ${BIND_VERSION}\n`); return 0; }
      if (/^-[tpcRWNm]$/.test(a) || /^-[tpcRWNm]./.test(a)) {
        const value = a.length > 2 ? a.slice(2) : args[++i];
        if (value === undefined) { ctx.stderr.write(HOST_USAGE); return 1; }
        if (a[1] === 't') {
          const t = parseType(value);
          if (!t) { ctx.stderr.write(`host: invalid type: ${value}\n`); return 1; }
          type = t;
        } else if (a[1] === 'p') port = Number.parseInt(value, 10) & 0xffff || 0;
        else if (a[1] === 'R') tries = Math.max(1, Number(value) + 1);
        else if (a[1] === 'W') timeoutMs = Math.max(1, Number(value)) * 1000;
        continue;
      }
      if (/^-[aAdrsTUvw46lC]+$/.test(a)) continue;
      if (a.startsWith('-')) { ctx.stderr.write(HOST_USAGE); return 1; }
      operands.push(a);
    }
    const [target, serverArg] = operands;
    if (target === undefined) { ctx.stderr.write(HOST_USAGE); return 1; }
    const server = serverArg ?? STUB;
    const reverse = IPV4.test(target);
    const qname = reverse ? reverseName(target) : target.endsWith('.') ? target : `${target}.`;
    const queries: RRType[] = type ? [type] : reverse ? ['PTR'] : ['A', 'AAAA', 'MX'];
    let said = false;
    const sayServer = () => {
      if (said || serverArg === undefined) return;
      said = true;
      ctx.stdout.write(`Using domain server:\nName: ${serverArg}\nAddress: ${server}#${port}\nAliases: \n\n`);
    };
    // The default lookups' AAAA and MX ask for the name at the end of the A answer's CNAMEs (chase_cnamechain); a
    // failure of one of them is said and the others go on, the exit status 1 at the end.
    let asked = qname;
    let failed = false;
    for (const t of queries) {
      const r = await query(ctx, networkOf(ctx), originOf(ctx), server, port, asked, t, { timeoutMs, tries }, true, (s) => ctx.stdout.write(s));
      if (!r) return 130;
      if (!r.reply) { ctx.stdout.write(';; no servers could be reached\n'); return 1; }
      const m = r.reply;
      sayServer();
      if (m.rcode !== 'NOERROR') {
        const shown = asked !== qname ? asked.replace(/\.$/, '') : reverse ? qname : target;
        ctx.stdout.write(`Host ${shown} not found: ${RCODE_NUMBERS[m.rcode]}(${m.rcode})\n`);
        if (asked === qname) return 1;
        failed = true;
        continue;
      }
      for (const rr of m.answer) ctx.stdout.write(hostLine(rr));
      if (type && m.answer.length === 0) ctx.stdout.write(`${qname.replace(/\.$/, '')} has no ${t} record\n`);
      if (!type && t === 'A') asked = chaseCnames(m, qname);
    }
    return failed ? 1 : 0;
  },
};

// ---------- getent ----------

/** glibc's getent on the node (Ubuntu 24.04's libc-bin 2.39): its files, and DNS through systemd-resolved's stub. */
export const getent: CommandSpec = {
  name: 'getent',
  summary: 'get entries from Name Service Switch libraries',
  async run(ctx) {
    const r = getentCore(ctx.argv, { net: networkOf(ctx), origin: originOf(ctx), readFile: (p) => ctx.fs.readFile(p) });
    if (r.ms) await ctx.sleep(r.ms);
    if (ctx.signal.aborted) return 130;
    ctx.stderr.write(r.stderr);
    ctx.stdout.write(r.stdout);
    return r.status;
  },
};

// ---------- nslookup ----------

/**
 * nslookup (bind9-dnsutils 9.18) on the node: the server and its address, then per name the A and AAAA answers
 * ("Non-authoritative answer:" before an answer without aa, as the stub's and forwarded answers are),
 * "*** Can't find NAME: No answer" when neither has any, "** server can't find NAME: RCODE" for a failure, a
 * reverse lookup's "R\tname = T"; three timed-out tries end in ";; no servers could be reached". Recorded from 9.18.49.
 */
export const nslookup: CommandSpec = {
  name: 'nslookup',
  summary: 'query Internet name servers interactively',
  async run(ctx) {
    const operands = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const [target, serverArg] = operands;
    if (target === undefined) { ctx.stderr.write('Usage: nslookup [-opt ...] host [server]\n'); return 1; }
    const server = serverArg ?? STUB;
    const net = networkOf(ctx);
    const origin = originOf(ctx);
    const write = (s: string) => ctx.stdout.write(s);
    const reverse = IPV4.test(target);
    const qname = reverse ? reverseName(target) : target.endsWith('.') ? target : `${target}.`;
    const tries = { timeoutMs: UDP_TIMEOUT_MS, tries: 3 };
    const failed = async () => { write(';; no servers could be reached\n\n'); return 1; };
    const first = await query(ctx, net, origin, server, 53, qname, reverse ? 'PTR' : 'A', tries, true, write);
    if (!first) return 130;
    if (!first.reply) return failed();
    const shown = qname.replace(/\.$/, '');
    const cannot = (m: DnsMessage) => { write(`** server can't find ${shown}: ${m.rcode}\n\n`); return 1; };
    if (reverse) {
      if (first.reply.rcode !== 'NOERROR') return cannot(first.reply);
      write(first.reply.answer.map((r) => `${shown}\tname = ${rdataText(r)}\n`).join('') + '\n');
      return 0;
    }
    write(`Server:\t\t${server}\nAddress:\t${server}#53\n\n`);
    if (first.reply.rcode !== 'NOERROR') return cannot(first.reply);
    // The AAAA query asks for the name at the end of the A answer's CNAMEs (chase_cnamechain).
    const chased = chaseCnames(first.reply, qname);
    const second = await query(ctx, net, origin, server, 53, chased, 'AAAA', tries, true, write);
    if (!second) return 130;
    const records = (rs: RR[]) => rs.map((r) => (r.type === 'CNAME' ? `${r.name.replace(/\.$/, '')}\tcanonical name = ${rdataText(r)}\n` : `Name:\t${r.name.replace(/\.$/, '')}\nAddress: ${rdataText(r)}\n`)).join('');
    if (!first.reply.aa) write('Non-authoritative answer:\n');
    write(records(first.reply.answer));
    if (second.reply && second.reply.rcode !== 'NOERROR') {
      write(`** server can't find ${chased.replace(/\.$/, '')}: ${second.reply.rcode}\n\n`);
      return 1;
    }
    write(records(second.reply?.answer ?? []));
    if (first.reply.answer.length === 0 && !second.reply?.answer.length) write(`*** Can't find ${shown}: No answer\n`);
    write('\n');
    return 0;
  },
};
