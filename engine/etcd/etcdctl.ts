/**
 * etcdctl and etcdutl v3.6.6 as the etcd image (registry.k8s.io/etcd:3.6.6-0) carries them, run by `kubectl exec`
 * in the etcd static pod: loaded at their first run (the shell holds the clock meanwhile), never with the page.
 *
 * The client side follows etcdctl/ctlv3 and client/v3 of etcd v3.6.6: flags and ETCDCTL_* variables, the TLS files
 * read before anything is dialled (a missing one fails at once, exit 128), then a non-blocking gRPC dial whose
 * failure only shows when a call's context ends: the retry interceptor's warning on stderr and
 * `Error: context deadline exceeded` after --command-timeout (5 s). The server side is the static pod's etcd:
 * https with --client-cert-auth on 127.0.0.1:2379 and the node's address, its certificates the node's
 * /etc/kubernetes/pki/etcd files, its keys the API server's objects (keyspace.ts).
 */
import type { Cluster } from '../cluster.js';
import type { ExecOrigin } from '../kubelet/runtime.js';
import { base64Encode } from '../util/base64.js';
import { fnv32a } from '../util/random.js';
import { API_VERSION, STORAGE_VERSION, VERSION, parse, parseDuration, usage, normalize, table, type CommandDef, type EtcdToolContext, type EtcdToolResult, type FlagDef, type Program, type Segment } from './cli.js';
import { clusterID, dbSize, humanBytes, memberOf, registryKeys, snapshotOf, type KeyValue, type Member } from './keyspace.js';
import { etcdutl } from './etcdutl.js';
import { toolFiles, type ToolFiles } from './files.js';

export type { EtcdToolContext, EtcdToolResult } from './cli.js';

/** cobrautl's exit codes. */
const EXIT_ERROR = 1;
const EXIT_BAD_FEATURE = 4;
const EXIT_INTERRUPTED = 5;
const EXIT_BAD_ARGS = 128;
/** The backend quota etcd runs with when --quota-backend-bytes is not set (2 GiB). */
const DEFAULT_QUOTA = 2 * 1024 * 1024 * 1024;
/** Where kubeadm keeps etcd's certificates, mounted at the same path in the static pod. */
const PKI = '/etc/kubernetes/pki/etcd';

const str = (name: string, def: string, usage: string, short?: string): FlagDef => ({ name, type: 'string', def, usage, ...(short ? { short } : {}) });
const bool = (name: string, usage: string, def = 'false'): FlagDef => ({ name, type: 'bool', def, usage });
const dur = (name: string, def: string, usage: string): FlagDef => ({ name, type: 'duration', def, usage });
const int = (name: string, usage: string, type: FlagDef['type'] = 'int64'): FlagDef => ({ name, type, def: '0', usage });

/** etcdctl's persistent flags (ctlv3/ctl.go). */
const GLOBALS: FlagDef[] = [
  { name: 'endpoints', type: 'stringSlice', def: '[127.0.0.1:2379]', usage: 'gRPC endpoints' },
  bool('debug', 'enable client-side debug logging'),
  str('write-out', 'simple', 'set the output format (fields, json, protobuf, simple, table)', 'w'),
  bool('hex', 'print byte strings as hex encoded strings'),
  dur('dial-timeout', '2s', 'dial timeout for client connections'),
  dur('command-timeout', '5s', 'timeout for short running command (excluding dial timeout)'),
  dur('keepalive-time', '2s', 'keepalive time for client connections'),
  dur('keepalive-timeout', '6s', 'keepalive timeout for client connections'),
  int('max-request-bytes', 'client-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)', 'int'),
  int('max-recv-bytes', 'client-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")', 'int'),
  bool('insecure-transport', 'disable transport security for client connections', 'true'),
  bool('insecure-discovery', 'accept insecure SRV records describing cluster endpoints', 'true'),
  bool('insecure-skip-tls-verify', 'skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)'),
  str('cert', '', 'identify secure client using this TLS certificate file'),
  str('key', '', 'identify secure client using this TLS key file'),
  str('cacert', '', 'verify certificates of TLS-enabled secure servers using this CA bundle'),
  str('user', '', 'username[:password] for authentication (prompt if password is not supplied)'),
  str('password', '', 'password for authentication (if this option is used, --user option shouldn\'t include password)'),
  str('discovery-srv', '', 'domain name to query for SRV records describing cluster endpoints', 'd'),
  str('discovery-srv-name', '', 'service name to query when using DNS discovery'),
];

const SNAPSHOT_EXAMPLE = normalize(`
	# Save snapshot to a given file
	etcdctl snapshot save /backup/etcd-snapshot.db

	# Get snapshot from given address and save it to file
	etcdctl snapshot save --endpoints=127.0.0.1:3000 /backup/etcd-snapshot.db
	
	# Get snapshot from given address with certificates
	etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/etcd/ca.crt --cert=/etc/etcd/etcd.crt --key=/etc/etcd/etcd.key snapshot save /backup/etcd-snapshot.db

	# Get snapshot wih certain user and password
	etcdctl --user=root --password=password123 snapshot save /backup/etcd-snapshot.db

	# Get snapshot from given address with timeout
	etcdctl --endpoints=https://127.0.0.1:2379 --dial-timeout=20s snapshot save /backup/etcd-snapshot.db

	# Save snapshot with desirable time format
	etcdctl snapshot save /mnt/backup/etcd/backup_$(date +%Y%m%d_%H%M%S).db`);

/** Every etcdctl command (its Use and Short from ctlv3/command), cobra's help among them; flags for those simulated. */
const COMMANDS: CommandDef[] = [
  ['alarm', 'alarm <subcommand>', 'Alarm related commands'], ['alarm disarm', 'disarm', 'Disarms all alarms', 1], ['alarm list', 'list', 'Lists all alarms', 1],
  ['auth', 'auth <enable or disable>', 'Enable or disable authentication'], ['auth disable', 'disable', 'Disables authentication', 1],
  ['auth enable', 'enable', 'Enables authentication', 1], ['auth status', 'status', 'Returns authentication status', 1],
  ['check', 'check <subcommand>', 'commands for checking properties of the etcd cluster'],
  ['check datascale', 'datascale [options]', 'Check the memory usage of holding data for different workloads on a given server endpoint.', 1],
  ['check perf', 'perf [options]', 'Check the performance of the etcd cluster', 1],
  ['compaction', 'compaction [options] <revision>', 'Compacts the event history in etcd', 1],
  ['completion', 'completion [bash|zsh|fish|powershell]', 'Generate completion script', 1],
  ['defrag', 'defrag', 'Defragments the storage of the etcd members with given endpoints', 1],
  ['del', 'del [options] <key> [range_end]', 'Removes the specified key or range of keys [key, range_end)', 1],
  ['downgrade', 'downgrade <TARGET_VERSION>', 'Downgrade related commands'], ['downgrade cancel', 'cancel', 'Cancel the ongoing downgrade action to cluster', 1],
  ['downgrade enable', 'enable <TARGET_VERSION>', 'Start a downgrade action to cluster', 1],
  ['downgrade validate', 'validate <TARGET_VERSION>', 'Validate downgrade capability before starting downgrade', 1],
  ['elect', 'elect <election-name> [proposal]', 'Observes and participates in leader election', 1],
  ['endpoint', 'endpoint <subcommand>', 'Endpoint related commands'],
  ['endpoint hashkv', 'hashkv', 'Prints the KV history hash for each endpoint in --endpoints', 1],
  ['endpoint health', 'health', 'Checks the healthiness of endpoints specified in `--endpoints` flag', 1],
  ['endpoint status', 'status', 'Prints out the status of endpoints specified in `--endpoints` flag', 1],
  ['get', 'get [options] <key> [range_end]', 'Gets the key or a range of keys', 1], ['help', 'help [command]', 'Help about any command', 1],
  ['lease', 'lease <subcommand>', 'Lease related commands'], ['lease grant', 'grant <ttl>', 'Creates leases', 1],
  ['lease keep-alive', 'keep-alive [options] <leaseID>', 'Keeps leases alive (renew)', 1], ['lease list', 'list', 'List all active leases', 1],
  ['lease revoke', 'revoke <leaseID>', 'Revokes leases', 1], ['lease timetolive', 'timetolive <leaseID> [options]', 'Get lease information', 1],
  ['lock', 'lock <lockname> [exec-command arg1 arg2 ...]', 'Acquires a named lock', 1],
  ['make-mirror', 'make-mirror [options] <destination>', 'Makes a mirror at the destination etcd cluster', 1],
  ['member', 'member <subcommand>', 'Membership related commands'], ['member add', 'add <memberName> [options]', 'Adds a member into the cluster', 1],
  ['member list', 'list', 'Lists all members in the cluster', 1], ['member promote', 'promote <memberID>', 'Promotes a non-voting member in the cluster', 1],
  ['member remove', 'remove <memberID>', 'Removes a member from the cluster', 1], ['member update', 'update <memberID> [options]', 'Updates a member in the cluster', 1],
  ['move-leader', 'move-leader <transferee-member-id>', 'Transfers leadership to another etcd cluster member.', 1],
  ['put', 'put [options] <key> <value> (<value> can also be given from stdin)', 'Puts the given key into the store', 1],
  ['role', 'role <subcommand>', 'Role related commands'], ['role add', 'add <role name>', 'Adds a new role', 1], ['role delete', 'delete <role name>', 'Deletes a role', 1],
  ['role get', 'get <role name>', 'Gets detailed information of a role', 1],
  ['role grant-permission', 'grant-permission [options] <role name> <permission type> <key> [endkey]', 'Grants a key to a role', 1],
  ['role list', 'list', 'Lists all roles', 1], ['role revoke-permission', 'revoke-permission <role name> <key> [endkey]', 'Revokes a key from a role', 1],
  ['snapshot', 'snapshot <subcommand>', 'Manages etcd node snapshots'], ['snapshot save', 'save <filename>', 'Stores an etcd node backend snapshot to a given file', 1],
  ['txn', 'txn [options]', 'Txn processes all the requests in one transaction', 1],
  ['user', 'user <subcommand>', 'User related commands'], ['user add', 'add <user name or user:password> [options]', 'Adds a new user', 1],
  ['user delete', 'delete <user name>', 'Deletes a user', 1], ['user get', 'get <user name> [options]', 'Gets detailed information of a user', 1],
  ['user grant-role', 'grant-role <user name> <role name>', 'Grants a role to a user', 1], ['user list', 'list', 'Lists all users', 1],
  ['user passwd', 'passwd <user name> [options]', 'Changes password of user', 1], ['user revoke-role', 'revoke-role <user name> <role name>', 'Revokes a role from a user', 1],
  ['version', 'version', 'Prints the version of etcdctl', 1],
  ['watch', 'watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]', 'Watches events stream on keys or prefixes', 1],
].map(([path, use, short, run]) => ({ path, use, short, ...(run ? { run: true } : {}) }) as CommandDef);

function define(path: string, extra: Partial<CommandDef>): void {
  Object.assign(COMMANDS.find((c) => c.path === path)!, extra);
}
define('get', {
  flags: [
    str('consistency', 'l', 'Linearizable(l) or Serializable(s)'), str('order', '', 'Order of results; ASCEND or DESCEND (ASCEND by default)'),
    str('sort-by', '', 'Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION'), int('limit', 'Maximum number of results'),
    bool('prefix', 'Get keys with matching prefix'), bool('from-key', 'Get keys that are greater than or equal to the given key using byte compare'),
    int('rev', 'Specify the kv revision'), bool('keys-only', 'Get only the keys'), bool('count-only', 'Get only the count'),
    bool('print-value-only', 'Only write values when using the "simple" output format'), int('min-create-rev', 'Minimum create revision'),
    int('max-create-rev', 'Maximum create revision'), int('min-mod-rev', 'Minimum modification revision'), int('max-mod-rev', 'Maximum modification revision'),
  ],
});
define('del', {
  flags: [bool('prefix', 'delete keys with matching prefix'), bool('prev-kv', 'return deleted key-value pairs'),
    bool('from-key', 'delete keys that are greater than or equal to the given key using byte compare'), bool('range', 'delete range of keys')],
});
define('member list', {
  long: 'When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.\nThe items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.\n',
  flags: [str('consistency', 'l', 'Linearizable(l) or Serializable(s)')],
});
define('endpoint', { persistent: [bool('cluster', 'use all endpoints from the cluster member list')] });
define('endpoint status', {
  long: 'When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.\n',
});
define('snapshot', { example: SNAPSHOT_EXAMPLE });
define('snapshot save', { example: SNAPSHOT_EXAMPLE });

export const ETCDCTL: Program = { name: 'etcdctl', short: 'A simple command line client for etcd3.', version: VERSION, apiVersion: API_VERSION, globals: GLOBALS, commands: COMMANDS, usage: true };

/** The commands simulated here; the others say so. */
const SIMULATED = new Set(['version', 'help', 'member list', 'endpoint health', 'endpoint status', 'get', 'del', 'snapshot save']);

/** The output of one run, segment by segment. */
class Output {
  readonly segments: Segment[] = [];
  out(s: string): this { this.segments.push({ stdout: s }); return this; }
  err(s: string): this { this.segments.push({ stderr: s }); return this; }
  wait(ms: number): this { if (ms > 0) this.segments.push({ delayMs: ms }); return this; }
  done(status: number, hang?: boolean): EtcdToolResult { return { segments: this.segments, status, ...(hang ? { hang } : {}) }; }
}

/** A number that looks random but is the same for the same lab, instant and purpose. */
function jitter(cluster: Cluster, now: number, what: string, range: number): number {
  return fnv32a(`${cluster.options.seed ?? 1}:${now}:${what}`) % range;
}

/** zap's timestamp as etcd's logger writes it (logutil: microseconds, UTC). */
function zapTime(ms: number, micro: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, m: string) => `.${m}${String(micro % 1000).padStart(3, '0')}Z`);
}

/** One JSON log line of etcd's zap logger. */
export function zapLine(ts: string, level: string, logger: string | undefined, caller: string, msg: string, fields: Record<string, unknown> = {}): string {
  const head: Record<string, unknown> = { level, ts };
  if (logger) head.logger = logger;
  Object.assign(head, { caller, msg }, fields);
  return `${JSON.stringify(head)}\n`;
}

/** Go's Duration.String for a duration under a second, from nanoseconds ("9.043211ms"). */
export function goDuration(ns: number): string {
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1e6) return `${(ns / 1000).toFixed(3).replace(/\.?0+$/, '')}µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(6).replace(/\.?0+$/, '')}ms`;
  return `${(ns / 1e9).toFixed(9).replace(/\.?0+$/, '')}s`;
}

/** The etcd member behind an exec: the etcd static pod's node. */
function memberOfExec(cluster: Cluster, from: ExecOrigin): Member {
  const node = cluster.nodeConfigs.find((n) => n.name === from.node);
  return memberOf(from.node, node?.internalIP ?? from.podIP);
}

/** Reads a file in the container as Go's os.ReadFile would report it. */
function readIn(files: ToolFiles, path: string): { text: string } | { error: string } {
  const text = files.read(path);
  if (text !== undefined) return { text };
  return { error: `open ${path}: ${files.isDir(path) ? 'is a directory' : 'no such file or directory'}` };
}

interface Client {
  /** The gRPC connection's error as grpc reports it when a call waits for it in vain; undefined: it works. */
  failure?: string;
}

/** The node's files kubeadm wrote, for what the server trusts and which key goes with which certificate. */
function nodeFile(cluster: Cluster, node: string, path: string): string | undefined {
  const fs = cluster.kubelets.get(node)?.hostFiles;
  return fs?.stat(path)?.type === 'file' ? fs.readFile(path) : undefined;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * newTLSConfig (client/v3/config.go) and TLSInfo.ClientConfig: a certificate and key are both needed once either
 * is given, read and matched before anything is dialled; the CA bundle is read next. Undefined: no TLS files.
 */
function tlsFiles(cluster: Cluster, from: ExecOrigin, files: ToolFiles, flags: Map<string, string>): { error: string } | { trusted: boolean; clientCert: 'none' | 'etcd' | 'other' } | undefined {
  const cert = flags.get('cert')!;
  const key = flags.get('key')!;
  const cacert = flags.get('cacert')!;
  if (!cert && !key && !cacert) return undefined;
  let clientCert: 'none' | 'etcd' | 'other' = 'none';
  if (cert || key) {
    if (!cert || !key) return { error: `KeyFile and CertFile must both be present[key: ${key}, cert: ${cert}]` };
    const c = readIn(files, cert);
    if ('error' in c) return c;
    const k = readIn(files, key);
    if ('error' in k) return k;
    if (!/-----BEGIN CERTIFICATE-----/.test(c.text)) return { error: 'tls: failed to find any PEM data in certificate input' };
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(k.text)) return { error: 'tls: failed to find any PEM data in key input' };
    // Which of kubeadm's pairs this is: the key must be the one written beside the certificate.
    const pairs: [string, string, boolean][] = [
      ...['ca', 'server', 'peer', 'healthcheck-client'].map((n): [string, string, boolean] => [`${PKI}/${n}.crt`, `${PKI}/${n}.key`, true]),
      ['/etc/kubernetes/pki/apiserver-etcd-client.crt', '/etc/kubernetes/pki/apiserver-etcd-client.key', true],
      ['/etc/kubernetes/pki/ca.crt', '/etc/kubernetes/pki/ca.key', false], ['/etc/kubernetes/pki/apiserver.crt', '/etc/kubernetes/pki/apiserver.key', false],
    ];
    const pair = pairs.find(([crt]) => nodeFile(cluster, from.node, crt) === c.text);
    if (pair && nodeFile(cluster, from.node, pair[1]) !== k.text) return { error: 'tls: private key does not match public key' };
    clientCert = pair?.[2] ? 'etcd' : 'other';
  }
  let trusted = false;
  if (cacert) {
    const ca = readIn(files, cacert);
    if ('error' in ca) return ca;
    const etcdCA = nodeFile(cluster, from.node, `${PKI}/ca.crt`)?.match(PEM_CERT)?.[0];
    trusted = !!etcdCA && [...ca.text.matchAll(PEM_CERT)].some((m) => m[0] === etcdCA);
  }
  return { trusted, clientCert };
}

/** host:port of an endpoint and whether it names a scheme (https, http or none). */
function endpointOf(ep: string): { scheme: string; host: string; port: string; authority: string } {
  const m = /^([a-z]+):\/\/(.*)$/.exec(ep);
  const authority = m ? m[2] : ep;
  const hp = /^\[?([^\]]*?)\]?:(\d+)$/.exec(authority);
  return { scheme: m?.[1] ?? '', host: hp?.[1] ?? authority, port: hp?.[2] ?? '', authority };
}

/**
 * How a call to `ep` goes from inside the etcd pod (host network): etcd's client port takes TLS only and asks for a
 * client certificate signed by its CA; the client's transport is TLS for https:// and, with TLS files given, for an
 * endpoint without a scheme (client/v3 credentialsForEndpoint).
 */
function dial(ep: string, member: Member, tls: ReturnType<typeof tlsFiles>, flags: Map<string, string>): Client {
  const { scheme, host, port } = endpointOf(ep);
  const local = host === '127.0.0.1' || host === 'localhost' || host === member.clientURL.slice(8, -5) || host === '::1';
  const insecureTransport = flags.get('insecure-transport') !== 'false';
  const skipVerify = /^(1|t|T|TRUE|true|True)$/.test(flags.get('insecure-skip-tls-verify')!);
  const useTLS = scheme === 'https' || (scheme === '' && (tls !== undefined || !insecureTransport || skipVerify));
  const conn = (desc: string) => ({ failure: `connection error: desc = ${JSON.stringify(desc)}` });
  if (!local) return conn(`transport: Error while dialing: dial tcp ${host}:${port}: i/o timeout`);
  if (port !== '2379') {
    // The peer port and the metrics port are etcd's too, but speak no gRPC client API.
    if (port === '2380' || port === '2381') return conn('error reading server preface: EOF');
    return conn(`transport: Error while dialing: dial tcp ${host === 'localhost' ? '127.0.0.1' : host}:${port}: connect: connection refused`);
  }
  // Plain HTTP/2 to the TLS listener: etcd drops the connection ("first record does not look like a TLS handshake").
  if (!useTLS) return conn('error reading server preface: EOF');
  const files = tls && !('error' in tls) ? tls : undefined;
  if (!skipVerify && !files?.trusted) return conn('transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority');
  if (!files || files.clientCert === 'none') return conn('error reading server preface: remote error: tls: certificate required');
  if (files.clientCert === 'other') return conn('error reading server preface: remote error: tls: unknown certificate authority');
  return {};
}

/** Runs etcdctl or etcdutl (`argv[0]`) in the etcd container. */
export function etcdTool(cluster: Cluster, argv: string[], from: ExecOrigin, ctx: EtcdToolContext): EtcdToolResult {
  if (argv[0].split('/').pop() === 'etcdutl') return etcdutl(cluster, argv.slice(1), from, ctx);
  return etcdctl(cluster, argv.slice(1), from, ctx);
}

function etcdctl(cluster: Cluster, args: string[], from: ExecOrigin, ctx: EtcdToolContext): EtcdToolResult {
  const o = new Output();
  const parsed = parse(ETCDCTL, args);
  if (parsed.kind === 'help') return o.out(usage(ETCDCTL, parsed.cmd)).done(0);
  if (parsed.kind === 'error') {
    // cobra prints the error, then UsageString (etcdctl's usage function writes to stdout itself) and its newline.
    o.err(parsed.stderr);
    if (parsed.usage) o.out(usage(ETCDCTL, parsed.cmd)).err('\n');
    return o.done(EXIT_ERROR);
  }
  const { cmd, args: rest, flags, set } = parsed;
  const path = cmd!.path;
  if (path === 'version') return o.out(`etcdctl version: ${VERSION}\nAPI version: ${API_VERSION}\n`).done(0);
  if (path === 'help') {
    const target = rest.length ? parse(ETCDCTL, rest) : undefined;
    return o.out(usage(ETCDCTL, target && target.kind !== 'error' ? target.cmd : undefined)).done(0);
  }
  if (!SIMULATED.has(path)) return o.err(`kubelab: etcdctl ${path} is not simulated\n`).done(EXIT_ERROR);

  // clientConfigFromCmd: ETCDCTL_* variables fill the global flags not given on the command line.
  const now = cluster.clock.now();
  // Each log line's microseconds: from the seeded hash, increasing within a millisecond.
  let last = { ms: -1, us: 0 };
  const stamp = (ms: number) => {
    last = ms === last.ms ? { ms, us: Math.min(999, last.us + 1 + jitter(cluster, ms, `us${last.us}`, 90)) } : { ms, us: jitter(cluster, ms, 'us', 500) };
    return zapTime(ms, last.us);
  };
  for (const f of GLOBALS) {
    const v = ctx.env[`ETCDCTL_${f.name.toUpperCase().replace(/-/g, '_')}`];
    if (v && !set.has(f.name)) { flags.set(f.name, v); set.add(f.name); }
  }
  for (const [k, v] of Object.entries(ctx.env)) {
    if (k.startsWith('ETCDCTL_') && !GLOBALS.some((f) => `ETCDCTL_${f.name.toUpperCase().replace(/-/g, '_')}` === k)) {
      o.err(zapLine(stamp(now), 'warn', undefined, 'flags/flag.go:94', 'unrecognized environment variable', { 'environment-variable': `${k}=${v}` }));
    }
  }
  const format = flags.get('write-out')!;
  if (!['simple', 'json', 'table', 'fields', 'protobuf'].includes(format)) return o.err('Error: unsupported output format\n').done(EXIT_BAD_FEATURE);
  const endpoints = flags.get('endpoints')!.split(',').filter(Boolean);
  const member = memberOfExec(cluster, from);
  for (const name of ['cert', 'key', 'cacert']) if (set.has(name) && flags.get(name) === '') return o.err(`Error: empty string is passed to --${name} option\n`).done(EXIT_BAD_ARGS);
  const files = toolFiles(cluster, from, ctx.fs, ctx.cwd);
  const tls = tlsFiles(cluster, from, files, flags);
  if (tls && 'error' in tls) return o.err(`Error: ${tls.error}\n`).done(EXIT_BAD_ARGS);
  const timeout = parseDuration(flags.get('command-timeout')!) ?? 5000;
  const client = (ep: string) => dial(ep, member, tls, flags);
  /** A unary call that never gets a connection: WaitForReady until the context ends, then the interceptor's warning. */
  const failed = (c: Client, method: string, logger: string, ep: string) => {
    o.wait(timeout);
    const target = `etcd-endpoints://0xc000${(fnv32a(`${now}:${ep}`) & 0xfff).toString(16).padStart(3, '0')}000/${endpointOf(ep).authority}`;
    o.err(zapLine(stamp(now + timeout), 'warn', logger, 'v3/retry_interceptor.go:65', 'retrying of unary invoker failed', {
      target, method, attempt: 0, error: `rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: ${c.failure}`,
    }));
  };
  const quick = (what: string) => 1 + jitter(cluster, now, what, 9);
  const header = { cluster_id: clusterID([member.id]), member_id: member.id, revision: cluster.store.currentRevision(), raft_term: RAFT_TERM };

  switch (path) {
    case 'member list': {
      const c = client(endpoints[0]);
      if (c.failure) { failed(c, '/etcdserverpb.Cluster/MemberList', 'etcd-client', endpoints[0]); return o.err('Error: context deadline exceeded\n').done(EXIT_ERROR); }
      o.wait(quick('member'));
      const hexID = member.id.toString(16);
      const row = [hexID, 'started', member.name, member.peerURL, member.clientURL, 'false'];
      if (format === 'table') return o.out(table(['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'], [row])).done(0);
      if (format === 'json') {
        const { revision: _, ...h } = header;
        return o.out(`${goJSON({ header: h, members: [{ ID: member.id, name: member.name, peerURLs: [member.peerURL], clientURLs: [member.clientURL] }] })}\n`).done(0);
      }
      if (format === 'fields') {
        return o.out(`${fieldsHeader({ ...header, revision: 0 })}"ID" : ${member.id}\n"Name" : ${goQuote(member.name)}\n"PeerURL" : ${goQuote(member.peerURL)}\n"ClientURL" : ${goQuote(member.clientURL)}\n"IsLearner" : false\n\n`).done(0);
      }
      if (format === 'protobuf') return protobufNotice(o);
      return o.out(`${row.join(', ')}\n`).done(0);
    }
    case 'endpoint health': {
      if (format === 'protobuf') return o.err('Error: protobuf not supported as output format\n').done(EXIT_BAD_FEATURE);
      const list = (flags.get('cluster') === 'true' ? [member.clientURL] : endpoints).map((ep) => {
        const c = client(ep);
        if (c.failure) { failed(c, '/etcdserverpb.KV/Range', 'client', ep); return { endpoint: ep, health: false, took: goDuration(timeout * 1e6 + jitter(cluster, now, ep, 1e6)), error: 'context deadline exceeded' }; }
        const ns = (4 + jitter(cluster, now, `took:${ep}`, 8)) * 1e6 + jitter(cluster, now, `ns:${ep}`, 1e6);
        o.wait(Math.round(ns / 1e6));
        return { endpoint: ep, health: true, took: goDuration(ns), error: '' };
      });
      if (format === 'json') o.out(`${JSON.stringify(list.map(({ error, ...h }) => (error ? { ...h, error } : h)))}\n`);
      else if (format === 'table') o.out(table(['endpoint', 'health', 'took', 'error'], list.map((h) => [h.endpoint, String(h.health), h.took, h.error])));
      else if (format === 'fields') o.out(list.map((h) => `"Endpoint" : ${goQuote(h.endpoint)}\n"Health" : ${h.health}\n"Took" : ${h.took}\n"Error" : ${h.error}\n\n`).join(''));
      else for (const h of list) h.error ? o.err(`${h.endpoint} is unhealthy: failed to commit proposal: ${h.error}\n`) : o.out(`${h.endpoint} is healthy: successfully committed proposal: took = ${h.took}\n`);
      return list.some((h) => h.error) ? o.err('Error: unhealthy cluster\n').done(EXIT_ERROR) : o.done(0);
    }
    case 'endpoint status': {
      if (format === 'protobuf') return o.err('Error: protobuf not supported as output format\n').done(EXIT_BAD_FEATURE);
      const rows: string[][] = [];
      let fields = '';
      const statuses: unknown[] = [];
      let bad = false;
      for (const ep of flags.get('cluster') === 'true' ? [member.clientURL] : endpoints) {
        const c = client(ep);
        if (c.failure) {
          failed(c, '/etcdserverpb.Maintenance/Status', 'etcd-client', ep);
          o.err(`Failed to get the status of endpoint ${ep} (context deadline exceeded)\n`);
          bad = true;
          continue;
        }
        o.wait(quick(ep));
        const size = dbSize(cluster);
        const index = raftIndex(cluster);
        rows.push([ep, member.id.toString(16), VERSION, STORAGE_VERSION, humanBytes(size), humanBytes(size), '0%', humanBytes(DEFAULT_QUOTA), 'true', 'false', String(RAFT_TERM), String(index), String(index), '', '', 'false']);
        fields += `${fieldsHeader(header)}"Version" : "${VERSION}"\n"StorageVersion" : "${STORAGE_VERSION}"\n"DBSize" : ${size}\n"DBSizeInUse" : ${size}\n"DBSizeQuota" : ${DEFAULT_QUOTA}\n"Leader" : ${member.id}\n"IsLearner" : false\n`
          + `"RaftIndex" : ${index}\n"RaftTerm" : ${RAFT_TERM}\n"RaftAppliedIndex" : ${index}\n"Errors" : []\n"Endpoint" : ${goQuote(ep)}\n"DowngradeTargetVersion" : ""\n"DowngradeEnabled" : false\n\n`;
        statuses.push({ Endpoint: ep, Status: { header, version: VERSION, dbSize: size, leader: member.id, raftIndex: index, raftTerm: RAFT_TERM, raftAppliedIndex: index, dbSizeInUse: size, storageVersion: STORAGE_VERSION, dbSizeQuota: DEFAULT_QUOTA } });
      }
      if (format === 'json') o.out(`${goJSON(statuses)}\n`);
      else if (format === 'table') o.out(table(STATUS_HEADER, rows));
      else if (format === 'fields') o.out(fields);
      else for (const r of rows) o.out(`${r.join(', ')}\n`);
      return o.done(bad ? EXIT_ERROR : 0);
    }
    case 'get': return get(cluster, o, rest, flags, format, client(endpoints[0]), failed, endpoints[0], header, quick('get'));
    case 'del': return del(cluster, o, rest, flags, format, client(endpoints[0]), failed, endpoints[0], header, quick('del'));
    case 'snapshot save': {
      if (rest.length !== 1) return o.err('Error: snapshot save expects one argument <filename>\n').done(EXIT_BAD_ARGS);
      if (endpoints.length !== 1) return o.err(`Error: snapshot must be requested to one selected node, not multiple [${endpoints.join(' ')}]\n`).done(EXIT_INTERRUPTED);
      const file = rest[0];
      const full = files.abs(file);
      if (!files.isDir(full.slice(0, full.lastIndexOf('/')) || '/')) return o.err(`Error: could not open ${file}.part (open ${file}.part: no such file or directory)\n`).done(EXIT_INTERRUPTED);
      const line = (at: number, logger: string | undefined, caller: string, msg: string, fields?: Record<string, unknown>) => o.err(zapLine(stamp(at), 'info', logger, caller, msg, fields));
      line(now, undefined, 'snapshot/v3_snapshot.go:83', 'created temporary db file', { path: `${file}.part` });
      const c = client(endpoints[0]);
      if (c.failure) {
        // Without --command-timeout the snapshot's context has no deadline: the stream waits for a connection forever.
        if (!set.has('command-timeout')) return o.done(0, true);
        o.wait(timeout);
        return o.err('Error: context deadline exceeded\n').done(EXIT_INTERRUPTED);
      }
      const content = snapshotOf(cluster);
      // Reading the database at some tens of MB/s.
      const took = 5e6 + content.length * 20 + jitter(cluster, now, 'snap', 1e6);
      const done = now + Math.round(took / 1e6);
      line(now + 1, 'client', 'v3/maintenance.go:279', 'opened snapshot stream; downloading');
      line(now + 1, undefined, 'snapshot/v3_snapshot.go:96', 'fetching snapshot', { endpoint: endpoints[0] });
      o.wait(Math.round(took / 1e6));
      line(done, 'client', 'v3/maintenance.go:302', 'completed snapshot read; closing');
      line(done, undefined, 'snapshot/v3_snapshot.go:111', 'fetched snapshot', { endpoint: endpoints[0], size: humanBytes(content.length), took: goDuration(took), 'etcd-version': STORAGE_VERSION });
      // fileutil.PrivateFileMode: the file is root's alone (on the node too, under the /var/lib/etcd hostPath).
      files.write(full, content, 0o600);
      line(done, undefined, 'snapshot/v3_snapshot.go:121', 'saved', { path: file });
      return o.out(`Snapshot saved at ${file}\nServer version ${STORAGE_VERSION}\n`).done(0);
    }
  }
  return o.done(0);
}

/** A single-member kubeadm etcd elected itself once: term 2 (1 as the follower it started as, 2 as the leader). */
const RAFT_TERM = 2;

/**
 * The raft log's index: one entry per write the API server made (the store's revision), plus the member's own
 * entries at bootstrap (its configuration change, the leader's empty entry, its attributes, the cluster version).
 */
function raftIndex(cluster: Cluster): number {
  return cluster.store.currentRevision() + 4;
}

const STATUS_HEADER = ['endpoint', 'ID', 'version', 'storage version', 'db size', 'in use', 'percentage not in use', 'quota', 'is leader', 'is learner', 'raft term',
  'raft index', 'raft applied index', 'errors', 'downgrade target version', 'downgrade enabled'];

/** encoding/json of etcd's messages: uint64 fields as plain numbers (BigInt here), the rest as JSON. */
function goJSON(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `#big#${x}` : x)).replace(/"#big#(\d+)"/g, '$1');
}

/** Go's %q (strconv.Quote) of bytes held one a character: control and non-UTF-8 bytes as \\xNN. */
function goQuote(s: string): string {
  const named: Record<string, string> = { '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  return `"${s.replace(/[\u0000-\u001f"\\\u007f-\u00ff]/g, (c) => named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/** The fields printer's header (hdr): the revision only when the response has one. */
function fieldsHeader(h: Header): string {
  return `"ClusterID" : ${h.cluster_id}\n"MemberID" : ${h.member_id}\n${h.revision > 0 ? `"Revision" : ${h.revision}\n` : ''}"RaftTerm" : ${h.raft_term}\n`;
}

/** The fields printer's key-value (kv): the value always, empty with --keys-only. */
function fieldsKV(pfx: string, kv: KeyValue, keysOnly: boolean): string {
  return `"${pfx}Key" : ${goQuote(kv.key)}\n"${pfx}CreateRevision" : ${kv.createRevision}\n"${pfx}ModRevision" : ${kv.modRevision}\n"${pfx}Version" : ${kv.version}\n`
    + `"${pfx}Value" : ${goQuote(keysOnly ? '' : kv.value)}\n"${pfx}Lease" : 0\n`;
}

/** The protobuf printer writes the response's wire bytes, which are not reproduced. */
function protobufNotice(o: Output): EtcdToolResult {
  return o.err('kubelab: etcdctl -w protobuf is not simulated\n').done(EXIT_ERROR);
}

type Failed = (c: Client, method: string, logger: string, ep: string) => void;
type Header = { cluster_id: bigint; member_id: bigint; revision: number; raft_term: number };

/** The keys of a range, in byte order. */
function range(cluster: Cluster, key: string, end: string | undefined, prefix: boolean, fromKey: boolean): KeyValue[] {
  const all = registryKeys(cluster);
  if (prefix) return all.filter((kv) => kv.key.startsWith(key));
  if (fromKey) return all.filter((kv) => kv.key >= key);
  if (end !== undefined) return all.filter((kv) => kv.key >= key && kv.key < end);
  return all.filter((kv) => kv.key === key);
}

/** A KeyValue as etcd's JSON printer writes it: bytes in base64, zero fields left out. */
function kvJSON(kv: KeyValue, keysOnly: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { key: base64Encode(kv.key), create_revision: kv.createRevision, mod_revision: kv.modRevision, version: kv.version };
  if (!keysOnly) out.value = base64Encode(kv.value);
  return out;
}

function get(cluster: Cluster, o: Output, args: string[], flags: Map<string, string>, format: string, c: Client, failed: Failed, ep: string, header: Header, ms: number): EtcdToolResult {
  const on = (f: string) => /^(1|t|T|TRUE|true|True)$/.test(flags.get(f)!);
  if (!args.length) return o.err('Error: get command needs one argument as key and an optional argument as range_end\n').done(EXIT_BAD_ARGS);
  if (on('prefix') && on('from-key')) return o.err('Error: `--prefix` and `--from-key` cannot be set at the same time, choose one\n').done(EXIT_BAD_ARGS);
  if (on('keys-only') && on('count-only')) return o.err('Error: `--keys-only` and `--count-only` cannot be set at the same time, choose one\n').done(EXIT_BAD_ARGS);
  if (args.length > 1 && (on('prefix') || on('from-key'))) return o.err('Error: too many arguments, only accept one argument when `--prefix` or `--from-key` is set\n').done(EXIT_BAD_ARGS);
  if (c.failure) { failed(c, '/etcdserverpb.KV/Range', 'etcd-client', ep); return o.err('Error: context deadline exceeded\n').done(EXIT_ERROR); }
  o.wait(ms);
  if (on('count-only') && format !== 'fields') return o.err('Error: --count-only is only for `--write-out=fields`\n').done(EXIT_BAD_ARGS);
  if (on('print-value-only') && format !== 'simple') return o.err('Error: print-value-only is only for `--write-out=simple`\n').done(EXIT_BAD_ARGS);
  const key = args[0] === '' && (on('prefix') || on('from-key')) ? '\u0000' : args[0];
  const all = range(cluster, key, args[1], on('prefix') && args[0] !== '', on('from-key') || (on('prefix') && args[0] === ''));
  const limit = Number(flags.get('limit')) || 0;
  const kvs = limit > 0 ? all.slice(0, limit) : all;
  if (format === 'json') {
    const resp: Record<string, unknown> = { header };
    if (!on('count-only') && kvs.length) resp.kvs = kvs.map((kv) => kvJSON(kv, on('keys-only')));
    if (limit > 0 && all.length > limit) resp.more = true;
    if (all.length) resp.count = all.length;
    return o.out(`${goJSON(resp)}\n`).done(0);
  }
  if (format === 'fields') {
    const body = (on('count-only') ? [] : kvs).map((kv) => fieldsKV('', kv, on('keys-only'))).join('');
    return o.out(`${fieldsHeader(header)}${body}"More" : ${limit > 0 && all.length > limit}\n"Count" : ${all.length}\n`).done(0);
  }
  if (format === 'protobuf') return protobufNotice(o);
  if (format !== 'simple') return o.err(`Error: ${format} not supported as output format\n`).done(EXIT_BAD_FEATURE);
  let s = '';
  for (const kv of kvs) {
    if (!on('print-value-only')) s += `${kv.key}\n`;
    s += `${on('keys-only') ? '' : kv.value}\n`;
  }
  return o.out(s).done(0);
}

/**
 * `del` removes the keys as etcd does, behind the API server's back: no admission, no finalizers, no graceful
 * deletion. Its watchers see the objects go (a pod's kubelet stops its containers). Deleted: the count, then with
 * --prev-kv each key and value.
 */
function del(cluster: Cluster, o: Output, args: string[], flags: Map<string, string>, format: string, c: Client, failed: Failed, ep: string, header: Header, ms: number): EtcdToolResult {
  const on = (f: string) => /^(1|t|T|TRUE|true|True)$/.test(flags.get(f)!);
  if (!args.length || args.length > 2) return o.err('Error: del command needs one argument as key and an optional argument as range_end\n').done(EXIT_BAD_ARGS);
  if (on('prefix') && on('from-key')) return o.err('Error: `--prefix` and `--from-key` cannot be set at the same time, choose one\n').done(EXIT_BAD_ARGS);
  if (args.length > 1 && (on('prefix') || on('from-key'))) return o.err('Error: too many arguments, only accept one argument when `--prefix` or `--from-key` is set\n').done(EXIT_BAD_ARGS);
  if (c.failure) { failed(c, '/etcdserverpb.KV/DeleteRange', 'etcd-client', ep); return o.err('Error: context deadline exceeded\n').done(EXIT_ERROR); }
  o.wait(ms);
  const gone = range(cluster, args[0], args[1], on('prefix'), on('from-key'));
  for (const kv of gone) cluster.store.remove(kv.resource, kv.storeKey);
  if (format === 'json') {
    const resp: Record<string, unknown> = { header: { ...header, revision: cluster.store.currentRevision() } };
    if (gone.length) resp.deleted = gone.length;
    if (on('prev-kv') && gone.length) resp.prev_kvs = gone.map((kv) => kvJSON(kv, false));
    return o.out(`${goJSON(resp)}\n`).done(0);
  }
  if (format === 'fields') {
    const after = { ...header, revision: cluster.store.currentRevision() };
    return o.out(`${fieldsHeader(after)}"Deleted" : ${gone.length}\n${on('prev-kv') ? gone.map((kv) => fieldsKV('Prev', kv, false)).join('') : ''}`).done(0);
  }
  if (format === 'protobuf') return protobufNotice(o);
  if (format !== 'simple') return o.err(`Error: ${format} not supported as output format\n`).done(EXIT_BAD_FEATURE);
  let s = `${gone.length}\n`;
  if (on('prev-kv')) for (const kv of gone) s += `${kv.key}\n${kv.value}\n`;
  return o.out(s).done(0);
}
