/**
 * iptables and iptables-save (1.8.10, the nf_tables variant Ubuntu 24.04's
 * alternatives pick) on the node the shell is on, over the rules
 * engine/network/iptables.ts renders from kube-proxy's table: `-L [CHAIN]`
 * with -n, -v, -x and --line-numbers as xshared.c prints them, `-S [CHAIN]`,
 * `-t TABLE`, `-V`; iptables-save with -t and -c. Reading the rule set needs
 * root (nf_tables answers EPERM: "Could not fetch rule set generation id").
 * Commands that change the rules are refused here: the simulation's routing
 * follows kube-proxy's table, which these rules only show.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { USER } from '../misc.js';
import { currentNodeName } from './host.js';
import { EMPTY_TABLES, nodeTables, saveRule, type Chain, type Rule, type Table } from '../../../network/iptables.js';
import { plainDate } from '../date.js';

const VERSION = 'v1.8.10 (nf_tables)';
const NOT_ROOT = 'Could not fetch rule set generation id: Permission denied (you must be root)';
const NO_CHAIN = 'iptables: No chain/target/match by that name.\n';
/** xtables' exit statuses. */
const PARAMETER_PROBLEM = 2;
const VERSION_PROBLEM = 3;
const RESOURCE_PROBLEM = 4;
const PROTO_NUMBERS: Record<string, number> = { tcp: 6, udp: 17, sctp: 132 };
const TABLE_NAMES = ['filter', 'nat', 'mangle', 'raw', 'security'];

/** ctime(3) without the zone: `Sat Mar  7 09:25:55 2026` (the nodes run in UTC). */
const ctime = (ms: number) => plainDate(ms).replace(' UTC', '');

function isRoot(ctx: ProcessContext): boolean {
  return (ctx.fs.user ?? USER) === 'root';
}

/** The node's tables now: kube-proxy's table on this node, its pod block, the cluster's pod network. */
function tables(ctx: ProcessContext): Table[] {
  const node = currentNodeName(ctx);
  const c = ctx.cluster;
  const k = c.kubelets.get(node);
  return nodeTables(c.network.proxies.table(node), { node, podCIDR: k?.node.podCIDR ?? c.podNetwork.nodePodCIDR(0), clusterCIDR: c.podNetwork.clusterCIDR });
}

function tableNamed(ctx: ProcessContext, name: string): Table {
  const t = tables(ctx).find((x) => x.name === name);
  return t ?? { name, chains: (EMPTY_TABLES[name] ?? []).map((n) => ({ name: n, policy: 'ACCEPT', rules: [] })) };
}

const isBuiltin = (c: Chain) => c.policy !== undefined;

function chainLine(c: Chain): string {
  return isBuiltin(c) ? `-P ${c.name} ${c.policy}` : `-N ${c.name}`;
}

// ---------- iptables -L ----------

interface ListFormat { numeric: boolean; verbose: boolean; exact: boolean; lineNumbers: boolean }

/** xtables_print_num: `%5llu ` in kilo/mega/giga form, `%8llu ` with -x (the counters are zero here). */
const num = (f: ListFormat, n = 0) => (f.exact ? String(n).padStart(8) : String(n).padStart(5)) + ' ';

function listHeader(c: Chain, refs: number, f: ListFormat): string {
  let s = `Chain ${c.name}`;
  s += isBuiltin(c) ? ` (policy ${c.policy}${f.verbose ? ' 0 packets, 0 bytes' : ''})\n` : ` (${refs} references)\n`;
  if (f.lineNumbers) s += 'num  ';
  if (f.verbose) s += f.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : ' pkts bytes ';
  s += 'target    ' + ' prot ' + 'opt';
  if (f.verbose) s += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  return s + ` ${'source'.padEnd(19)} ` + ` ${'destination'.padEnd(19)} \n`;
}

/** An address column: anywhere (0.0.0.0/0 without -n), a host without its /32, a network with its prefix. */
function address(a: string | undefined, inv: boolean | undefined, numeric: boolean): string {
  const text = !a ? (numeric ? '0.0.0.0/0' : 'anywhere') : a.endsWith('/32') ? a.slice(0, -3) : a;
  return `${inv ? '!' : ' '}${text.padEnd(19)} `;
}

function listRule(r: Rule, n: number, f: ListFormat): string {
  let s = f.lineNumbers ? `${String(n).padEnd(4)} ` : '';
  if (f.verbose) s += num(f) + num(f);
  s += `${(r.target ?? '').padEnd(9)} `;
  const proto = r.proto ? (f.numeric ? String(PROTO_NUMBERS[r.proto]) : r.proto) : (f.numeric ? '0' : 'all');
  s += ` ${proto.padEnd(4)} ` + '-- ';
  if (f.verbose) s += ` ${(f.numeric ? '*' : 'any').padEnd(6)} ${(f.numeric ? '*' : 'any').padEnd(6)} `;
  s += address(r.src, r.srcInv, f.numeric) + address(r.dst, r.dstInv, f.numeric);
  for (const m of r.matches) s += m.list(f.numeric);
  return s + (r.targetList ?? '') + '\n';
}

const references = (t: Table, name: string) => t.chains.reduce((n, c) => n + c.rules.filter((r) => r.target === name).length, 0);

function list(t: Table, chain: string | undefined, f: ListFormat): string | undefined {
  const chains = chain === undefined ? t.chains : t.chains.filter((c) => c.name === chain);
  if (chains.length === 0) return undefined;
  return chains.map((c) => listHeader(c, references(t, c.name), f) + c.rules.map((r, i) => listRule(r, i + 1, f)).join('')).join('\n');
}

function listRules(t: Table, chain: string | undefined): string | undefined {
  if (chain !== undefined) {
    const c = t.chains.find((x) => x.name === chain);
    return c && [chainLine(c), ...c.rules.map((r) => saveRule(c.name, r))].map((l) => l + '\n').join('');
  }
  return [...t.chains.map(chainLine), ...t.chains.flatMap((c) => c.rules.map((r) => saveRule(c.name, r)))].map((l) => l + '\n').join('');
}

/** `-L CHAIN N` / `-S CHAIN N`: that rule alone, without the chain's header. */
function oneRule(t: Table, cmd: 'L' | 'S', chain: string, n: number, f: ListFormat): string | undefined {
  const c = t.chains.find((x) => x.name === chain);
  const r = c?.rules[n - 1];
  if (!c || !r) return undefined;
  return cmd === 'L' ? listRule(r, n, f) : `${saveRule(c.name, r)}\n`;
}

/** xtables_printhelp for iptables (IPv4, with --goto and --fragment) and no extension. */
const HELP = `iptables ${VERSION}

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain\t\tAppend to chain
  --check   -C chain\t\tCheck for the existence of a rule
  --delete  -D chain\t\tDelete matching rule from chain
  --delete  -D chain rulenum
\t\t\t\tDelete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
\t\t\t\tInsert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
\t\t\t\tReplace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
\t\t\t\tList the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
\t\t\t\tPrint the rules in a chain or all chains
  --flush   -F [chain]\t\tDelete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
\t\t\t\tZero counters in chain or all chains
  --new     -N chain\t\tCreate a new user-defined chain
  --delete-chain
            -X [chain]\t\tDelete a user-defined chain
  --policy  -P chain target
\t\t\t\tChange policy on chain to target
  --rename-chain
            -E old-chain new-chain
\t\t\t\tChange chain name, (moving any references)

Options:
    --ipv4\t-4\t\tNothing (line is ignored by ip6tables-restore)
    --ipv6\t-6\t\tError (line is ignored by iptables-restore)
[!] --protocol\t-p proto\tprotocol: by number or name, eg. \`tcp'
[!] --source\t-s address[/mask][...]
\t\t\t\tsource specification
[!] --destination -d address[/mask][...]
\t\t\t\tdestination specification
[!] --in-interface -i input name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
 --jump\t-j target
\t\t\t\ttarget for rule (may load target extension)
  --goto      -g chain
\t\t\t       jump to chain with no return
  --match\t-m match
\t\t\t\textended match (may load extension)
  --numeric\t-n\t\tnumeric output of addresses and ports
[!] --out-interface -o output name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
  --table\t-t table\ttable to manipulate (default: \`filter')
  --verbose\t-v\t\tverbose mode
  --wait\t-w [seconds]\tmaximum wait to acquire xtables lock before give up
  --line-numbers\t\tprint line numbers when listing
  --exact\t-x\t\texpand numbers (display exact values)
[!] --fragment\t-f\t\tmatch second or further fragments only
  --modprobe=<command>\t\ttry to insert modules using this command
  --set-counters -c PKTS BYTES\tset the counter during insert/append
[!] --version\t-V\t\tprint package version.
`;

// ---------- argument parsing ----------

/** Options that change the rules (refused), and those that take an argument. */
const CHANGES = new Set(['A', 'C', 'D', 'R', 'I', 'F', 'Z', 'N', 'X', 'E', 'P']);
const LONG: Record<string, string> = {
  '--list': 'L', '--list-rules': 'S', '--numeric': 'n', '--verbose': 'v', '--exact': 'x', '--table': 't', '--version': 'V', '--help': 'h', '--wait': 'w',
  '--append': 'A', '--check': 'C', '--delete': 'D', '--replace': 'R', '--insert': 'I', '--flush': 'F', '--zero': 'Z', '--new-chain': 'N',
  '--delete-chain': 'X', '--rename-chain': 'E', '--policy': 'P',
};

interface Parsed { cmd?: 'L' | 'S' | 'V' | 'h' | 'change'; chain?: string; table: string; f: ListFormat; error?: string; badArgument?: string; rulenum?: number }

function parse(args: string[]): Parsed {
  const p: Parsed = { table: 'filter', f: { numeric: false, verbose: false, exact: false, lineNumbers: false } };
  const setCmd = (c: 'L' | 'S' | 'V' | 'h' | 'change', letter: string): string | undefined => {
    if (p.cmd && p.cmd !== c) return `Cannot use -${letter} with -${p.cmd === 'change' ? 'A' : p.cmd}\n`;
    p.cmd = c;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let letters: string[];
    let attached: string | undefined;
    if (a.startsWith('--')) {
      const [typed, value] = a.split('=', 2);
      // getopt_long: an exact name, or a prefix of exactly one.
      const names = [...Object.keys(LONG), '--line-numbers'];
      const found = names.includes(typed) ? [typed] : names.filter((n) => n.startsWith(typed));
      if (found.length !== 1) return { ...p, error: `unknown option "${a}"` };
      const name = found[0];
      if (name === '--line-numbers') { p.f.lineNumbers = true; continue; }
      const l = LONG[name];
      letters = [l];
      attached = value;
    } else if (a.startsWith('-') && a.length > 1) {
      letters = [];
      for (let j = 1; j < a.length; j++) {
        const l = a[j];
        letters.push(l);
        if ('tLSw'.includes(l) || CHANGES.has(l)) {
          if (j + 1 < a.length) attached = a.slice(j + 1);
          break;
        }
      }
    } else {
      return { ...p, badArgument: a };
    }
    for (const l of letters) {
      let err: string | undefined;
      switch (l) {
        case 'n': p.f.numeric = true; break;
        case 'v': p.f.verbose = true; break;
        case 'x': p.f.exact = true; break;
        case 'w': if (attached === undefined && /^\d+$/.test(args[i + 1] ?? '')) i++; break;
        case 't': {
          const v = attached ?? args[++i];
          if (v === undefined) return { ...p, error: 'option "-t" requires an argument' };
          p.table = v;
          break;
        }
        case 'L': case 'S': {
          err = setCmd(l, l);
          // xs_has_arg: a following word that is not an option is the chain, and one more its rule number.
          const hasArg = () => args[i + 1] !== undefined && !args[i + 1].startsWith('-') && args[i + 1] !== '!';
          const v = attached ?? (hasArg() ? args[++i] : undefined);
          if (v !== undefined) p.chain = v;
          if (hasArg()) {
            const n = args[++i];
            if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > 2147483647) return { ...p, error: `Invalid rule number \`${n}'` };
            p.rulenum = Number(n);
          }
          break;
        }
        case 'V': case 'h': err = setCmd(l, l); break;
        default:
          // A change's chain, rule and target follow; it is refused whatever they are.
          if (CHANGES.has(l)) {
            err = setCmd('change', l);
            return err ? { ...p, error: err } : p;
          }
          return { ...p, error: `unknown option "${a}"` };
      }
      if (err) return { ...p, error: err };
    }
  }
  return p;
}

function usageError(ctx: ProcessContext, prog: string, msg: string): number {
  ctx.stderr.write(`${prog} ${VERSION}: ${msg}\nTry \`${prog} -h' or '${prog} --help' for more information.\n`);
  return PARAMETER_PROBLEM;
}

export const iptables: CommandSpec = {
  name: 'iptables',
  summary: 'administration tool for IPv4/IPv6 packet filtering and NAT',
  run(ctx: ProcessContext) {
    const p = parse(ctx.argv.slice(1));
    if (p.badArgument !== undefined) {
      // do_parse prints this one itself, without the program's prefix, before exit_tryhelp.
      ctx.stderr.write(`Bad argument \`${p.badArgument}'\nTry \`iptables -h' or 'iptables --help' for more information.\n`);
      return PARAMETER_PROBLEM;
    }
    if (p.error) return usageError(ctx, 'iptables', p.error);
    if (p.cmd === 'V') { ctx.stdout.write(`iptables ${VERSION}\n`); return 0; }
    if (p.cmd === 'h') { ctx.stdout.write(HELP); return 0; }
    if (!p.cmd) return usageError(ctx, 'iptables', 'no command specified');
    if (!TABLE_NAMES.includes(p.table)) {
      ctx.stderr.write(`iptables ${VERSION}: table '${p.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`);
      return VERSION_PROBLEM;
    }
    if (!isRoot(ctx)) { ctx.stderr.write(`iptables ${VERSION}: ${NOT_ROOT}\n`); return RESOURCE_PROBLEM; }
    if (p.cmd === 'change') {
      // Not modelled: kube-proxy's table decides where packets go, and these rules are its picture.
      ctx.stderr.write(`iptables ${VERSION}: changing rules is not simulated in this lab; kube-proxy owns them (read them with -L or -S)\n`);
      return RESOURCE_PROBLEM;
    }
    const t = tableNamed(ctx, p.table);
    const out = p.rulenum !== undefined ? oneRule(t, p.cmd, p.chain!, p.rulenum, p.f) : p.cmd === 'L' ? list(t, p.chain, p.f) : listRules(t, p.chain);
    if (out === undefined) { ctx.stderr.write(NO_CHAIN); return 1; }
    ctx.stdout.write(out);
    return 0;
  },
};

export const iptablesSave: CommandSpec = {
  name: 'iptables-save',
  summary: 'dump iptables rules',
  run(ctx: ProcessContext) {
    const args = ctx.argv.slice(1);
    let table: string | undefined;
    let counters = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-c' || a === '--counters') counters = true;
      else if (a === '-t' || a === '--table') {
        table = args[++i];
        if (table === undefined) return usageError(ctx, 'iptables-save', 'option "-t" requires an argument');
      } else if (a.startsWith('-t') && a.length > 2) table = a.slice(2);
      else if (a.startsWith('--table=')) table = a.slice(8);
      else if (a === '-V' || a === '--version') { ctx.stdout.write(`iptables-save ${VERSION}\n`); return 0; }
      else return usageError(ctx, 'iptables-save', `unknown option "${a}"`);
    }
    if (table !== undefined && !TABLE_NAMES.includes(table)) {
      ctx.stderr.write(`iptables-save ${VERSION}: table '${table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`);
      return VERSION_PROBLEM;
    }
    if (!isRoot(ctx)) { ctx.stderr.write(`iptables-save ${VERSION}: ${NOT_ROOT}\n`); return RESOURCE_PROBLEM; }
    const when = ctime(ctx.cluster.clock.now());
    const chosen = table === undefined ? tables(ctx) : [tableNamed(ctx, table)];
    let out = '';
    for (const t of chosen) {
      out += `# Generated by iptables-save ${VERSION} on ${when}\n*${t.name}\n`;
      for (const c of t.chains) out += `:${c.name} ${c.policy ?? '-'} [0:0]\n`;
      for (const c of t.chains) for (const r of c.rules) out += `${counters ? '[0:0] ' : ''}${saveRule(c.name, r)}\n`;
      out += `COMMIT\n# Completed on ${when}\n`;
    }
    ctx.stdout.write(out);
    return 0;
  },
};
