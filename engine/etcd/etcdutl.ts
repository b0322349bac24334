/**
 * etcdutl v3.6.6 in the etcd image: `version`, `snapshot status` and `snapshot restore` (etcdutl/etcdutl and
 * etcdutl/snapshot), over the snapshot files etcdctl writes (keyspace.ts). Its logger is etcd's zap configuration
 * with the console encoding and RFC 3339 times (etcdutl.GetLogger), on stderr.
 */
import type { Cluster } from '../cluster.js';
import type { ExecOrigin } from '../kubelet/runtime.js';
import { API_VERSION, STORAGE_VERSION, VERSION, parse, table, type CommandDef, type EtcdToolContext, type EtcdToolResult, type FlagDef, type Program } from './cli.js';
import { etcdWALFiles, WAL_SEGMENT_BYTES } from '../shell/node-files.js';
import { sizedText } from '../shell/binary.js';
import { toolFiles } from './files.js';
import { renderHelp, type KubeadmCommand } from '../shell/commands/node/kubeadm-cli.js';
import type { FlagDef as KubeadmFlag } from '../kubectl/framework/flags.js';
import { clusterID, crc32c, databaseOf, hasChecksum, humanBytes, memberID, readSnapshot } from './keyspace.js';

/** backend.InitialMmapSize: 10 GiB. */
const INITIAL_MMAP_SIZE = '10737418240';

const str = (name: string, def: string, usage: string): FlagDef => ({ name, type: 'string', def, usage });

const COMMANDS: CommandDef[] = [
  { path: 'completion', use: 'completion [bash|zsh|fish|powershell]', short: 'Generate completion script', run: true },
  { path: 'defrag', use: 'defrag', short: 'Defragments the storage of the etcd', run: true },
  { path: 'hashkv', use: 'hashkv <filename>', short: 'Prints the KV history hash of a given file', run: true },
  { path: 'help', use: 'help [command]', short: 'Help about any command', run: true },
  { path: 'migrate', use: 'migrate', short: 'Migrates schema of etcd data dir files to make them compatible with different etcd version', run: true },
  { path: 'snapshot', use: 'snapshot <subcommand>', short: 'Manages etcd node snapshots' },
  {
    path: 'snapshot restore', use: 'restore <filename> --data-dir {output dir} [options]', short: 'Restores an etcd member snapshot to an etcd directory', run: true,
    flags: [
      str('data-dir', '', 'Path to the output data directory'), str('wal-dir', '', 'Path to the WAL directory (use --data-dir if none given)'),
      str('initial-cluster', 'default=http://localhost:2380', 'Initial cluster configuration for restore bootstrap'),
      str('initial-cluster-token', 'etcd-cluster', 'Initial cluster token for the etcd cluster during restore bootstrap'),
      str('initial-advertise-peer-urls', 'http://localhost:2380', "List of this member's peer URLs to advertise to the rest of the cluster"),
      str('name', 'default', 'Human-readable name for this member'),
      { name: 'skip-hash-check', type: 'bool', def: 'false', usage: 'Ignore snapshot integrity hash value (required if copied from data directory)' },
      { name: 'initial-memory-map-size', type: 'uint64', def: INITIAL_MMAP_SIZE, usage: 'Initial memory map size of the database in bytes. It uses the default value if not defined or defined to 0' },
      { name: 'bump-revision', type: 'uint64', def: '0', usage: 'How much to increase the latest revision after restore' },
      { name: 'mark-compacted', type: 'bool', def: 'false', usage: 'Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)' },
    ],
  },
  {
    path: 'snapshot status', use: 'status <filename>', short: 'Gets backend snapshot status of a given file', run: true,
    long: 'When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are hash, revision, total keys, total size.\n',
  },
  { path: 'version', use: 'version', short: 'Prints the version of etcdutl', run: true },
];

export const ETCDUTL: Program = {
  name: 'etcdutl', short: 'An administrative command line tool for etcd3.', version: VERSION, apiVersion: API_VERSION, usage: false, commands: COMMANDS,
  globals: [{ name: 'write-out', short: 'w', type: 'string', def: 'simple', usage: 'set the output format (fields, json, protobuf, simple, table)' }],
};

/**
 * etcdutl keeps cobra's default help and usage templates (kubeadm's command line renders them the same way): its
 * commands as that renderer's tree, the chain from the root to `cmd`.
 */
function cobraHelp(cmd: CommandDef | undefined): string {
  const flag = (f: FlagDef): KubeadmFlag => ({
    name: f.name, ...(f.short ? { shorthand: f.short } : {}), type: f.type as KubeadmFlag['type'], usage: f.usage,
    default: f.type === 'bool' ? f.def === 'true' : f.type === 'string' ? f.def : Number(f.def),
  });
  const node = (c: CommandDef): KubeadmCommand => {
    const [, ...args] = c.use.split(' ');
    const kids = COMMANDS.filter((k) => k.path.startsWith(`${c.path} `) && k.path.split(' ').length === c.path.split(' ').length + 1);
    return {
      name: c.path.split(' ').pop()!, short: c.short, ...(c.long ? { long: c.long } : {}), ...(args.length ? { useArgs: args.join(' ') } : {}),
      ...(c.flags ? { flags: c.flags.map(flag) } : {}), ...(kids.length ? { subcommands: kids.map(node) } : {}), ...(c.run ? { run: () => 0 } : {}),
    };
  };
  const root: KubeadmCommand = {
    name: 'etcdutl', short: ETCDUTL.short, persistent: ETCDUTL.globals.map(flag),
    subcommands: COMMANDS.filter((c) => !c.path.includes(' ') && c.path !== 'help').map(node),
  };
  const chain = [root];
  for (const name of cmd ? cmd.path.split(' ') : []) chain.push(chain[chain.length - 1].subcommands!.find((c) => c.name === name)!);
  return renderHelp(chain);
}

/** One line of etcdutl's console logger: time, level, caller, message, then the fields as spaced JSON. */
function consoleLine(ms: number, caller: string, msg: string, fields?: Record<string, unknown>): string {
  const ts = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const json = fields ? `\t{${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}` : '';
  return `${ts}\tinfo\t${caller}\t${msg}${json}\n`;
}


export function etcdutl(cluster: Cluster, args: string[], from: ExecOrigin, ctx: EtcdToolContext): EtcdToolResult {
  const files = toolFiles(cluster, from, ctx.fs, ctx.cwd);
  const segments: EtcdToolResult['segments'] = [];
  const out = (s: string) => segments.push({ stdout: s });
  const err = (s: string) => segments.push({ stderr: s });
  const parsed = parse(ETCDUTL, args);
  if (parsed.kind === 'error') {
    // cobra: the error, then UsageString (its default template, without the description) and Println's newline, on stderr.
    err(parsed.usage ? `${parsed.stderr}${cobraHelp(parsed.cmd).replace(/^[\s\S]*?\n\nUsage:/, 'Usage:')}\n` : parsed.stderr);
    return { segments, status: 1 };
  }
  if (parsed.kind === 'help') {
    out(cobraHelp(parsed.cmd));
    return { segments, status: 0 };
  }
  if (parsed.cmd?.path === 'help') {
    const target = parse(ETCDUTL, parsed.args);
    out(cobraHelp(target.kind === 'error' ? undefined : target.cmd));
    return { segments, status: 0 };
  }
  const { cmd, args: rest, flags } = parsed;
  const fail = (msg: string, status: number): EtcdToolResult => { err(`Error: ${msg}\n`); return { segments, status }; };
  const format = flags.get('write-out')!;
  switch (cmd!.path) {
    case 'version':
      out(`etcdutl version: ${VERSION}\nAPI version: ${API_VERSION}\n`);
      return { segments, status: 0 };
    case 'snapshot status': {
      if (rest.length !== 1) return fail('snapshot status requires exactly one argument', 128);
      if (!['simple', 'json', 'table', 'fields', 'protobuf'].includes(format)) return fail('unsupported output format', 4);
      const text = files.read(rest[0]);
      if (text === undefined && !files.isDir(rest[0])) return fail(`stat ${rest[0]}: no such file or directory`, 1);
      const snap = text === undefined ? undefined : readSnapshot(text);
      if (!snap) return fail('invalid database', 1);
      const hash = crc32c(text!);
      const status = { hash, revision: snap.revision, totalKey: snap.kvs.length, totalSize: text!.length, version: STORAGE_VERSION };
      if (format === 'json') out(`${JSON.stringify(status)}\n`);
      else if (format === 'table') out(table(['hash', 'revision', 'total keys', 'total size', 'version'], [[hash.toString(16), String(snap.revision), String(snap.kvs.length), humanBytes(text!.length), STORAGE_VERSION]]));
      else if (format === 'simple') out(`${hash.toString(16)}, ${snap.revision}, ${snap.kvs.length}, ${humanBytes(text!.length)}, ${STORAGE_VERSION}\n`);
      else return fail(`${format} not supported as output format`, 4);
      return { segments, status: 0 };
    }
    case 'snapshot restore': {
      if (rest.length !== 1) return fail('snapshot restore requires exactly one argument', 128);
      const bump = Number(flags.get('bump-revision'));
      const marked = flags.get('mark-compacted') === 'true';
      if ((bump === 0 && marked) || (bump > 0 && !marked)) return fail('--mark-compacted required if --revision-bump > 0', 128);
      const name = flags.get('name')!;
      const dataDir = flags.get('data-dir') || `${name}.etcd`;
      const walDir = flags.get('wal-dir') || `${dataDir}/member/wal`;
      const snapDir = `${dataDir}/member/snap`;
      const peers = flags.get('initial-advertise-peer-urls')!.split(',');
      const initial = new Map<string, string[]>();
      for (const entry of flags.get('initial-cluster')!.split(',')) {
        const eq = entry.indexOf('=');
        if (eq < 0) return fail(`parse ${entry}: missing name`, 1);
        initial.set(entry.slice(0, eq), [...(initial.get(entry.slice(0, eq)) ?? []), entry.slice(eq + 1)]);
      }
      const mine = initial.get(name);
      if (!mine) return fail(`couldn't find local name "${name}" in the initial cluster configuration`, 1);
      // ServerConfig.advertiseMatchesCluster, for the URLs as given (netutil's resolving of names is not redone).
      const goQ = (l: string[]) => `[${l.map((u) => JSON.stringify(u)).join(' ')}]`;
      const [a, b] = [[...peers].sort(), [...mine].sort()];
      if (a.join(',') !== b.join(',')) {
        const why = a.length !== b.length ? `len(${goQ(a)}) != len(${goQ(b)})` : `${goQ(a)}(resolved from ${goQ(a)}) != ${goQ(b)}(resolved from ${goQ(b)})`;
        const missing = b.filter((u) => !a.includes(u));
        if (missing.length) return fail(`--initial-cluster has ${missing.map((u) => `${name}=${u}`).join(',')} but missing from --initial-advertise-peer-urls=${a.join(',')} (${why})`, 1);
        return fail(`--initial-advertise-peer-urls has ${a.filter((u) => !b.includes(u)).join(',')} but missing from --initial-cluster=${name}=${peers.join(',')}`, 1);
      }
      if (files.isDir(dataDir) && files.under(dataDir).length) return fail(`data-dir "${dataDir}" not empty or could not be read`, 1);
      if (flags.get('wal-dir') && (files.isDir(walDir) || files.read(walDir) !== undefined)) return fail(`wal-dir "${walDir}" exists`, 1);
      const now = cluster.clock.now();
      const fields = { path: rest[0], 'wal-dir': walDir, 'data-dir': dataDir, 'snap-dir': snapDir, 'initial-memory-map-size': Number(flags.get('initial-memory-map-size')) };
      const src = files.read(rest[0]);
      if (src === undefined) return fail(`open ${rest[0]}: no such file or directory`, 1);
      err(consoleLine(now, 'snapshot/v3_snapshot.go:305', 'restoring snapshot', fields));
      const skip = flags.get('skip-hash-check') === 'true';
      if (!hasChecksum(src.length) && !skip) return fail('snapshot missing hash but --skip-hash-check=false', 1);
      const snap = readSnapshot(src);
      if (!snap) return fail('invalid database', 1);
      // fileutil.CreateDirAll: 0700 directories; the database 0600.
      for (const d of [dataDir, `${dataDir}/member`, snapDir, walDir]) files.mkdirp(d, 0o700);
      // --bump-revision moves the latest revision on (and --mark-compacted, required with it, compacts up to it).
      files.write(`${snapDir}/db`, bump > 0 ? databaseOf({ ...snap, revision: snap.revision + bump }) : hasChecksum(src.length) ? src.slice(0, -32) : src, 0o600);
      err(consoleLine(now, 'schema/membership.go:138', 'Trimming membership information from the backend...'));
      if (bump > 0) {
        err(consoleLine(now, 'snapshot/v3_snapshot.go:396', 'bumping latest revision', { 'latest-revision': snap.revision, 'bump-amount': bump, 'new-latest-revision': snap.revision + bump }));
        err(consoleLine(now, 'snapshot/v3_snapshot.go:413', 'marking revision compacted', { revision: snap.revision + bump }));
      }
      const token = flags.get('initial-cluster-token')!;
      const ids = [...initial.values()].map((urls) => memberID(urls, token));
      const cid = clusterID(ids).toString(16);
      for (const urls of [...initial.values()].sort((x, y) => (memberID(x, token) < memberID(y, token) ? -1 : 1))) {
        err(consoleLine(now, 'membership/cluster.go:424', 'added member', { 'cluster-id': cid, 'local-member-id': '0', 'added-peer-id': memberID(urls, token).toString(16), 'added-peer-peer-urls': urls, 'added-peer-is-learner': false }));
      }
      const term = 1;
      const index = initial.size;
      const snapName = `${term.toString(16).padStart(16, '0')}-${index.toString(16).padStart(16, '0')}.snap`;
      files.write(`${snapDir}/${snapName}`, `raft snapshot: term ${term}, index ${index}, cluster ${cid}\n`, 0o600);
      // wal.Create: the first segment, preallocated (its file pipeline's 0.tmp goes when etcdutl closes the WAL).
      files.write(`${walDir}/${etcdWALFiles(false)[0]}`, sizedText(WAL_SEGMENT_BYTES), 0o600);
      err(consoleLine(now, 'snapshot/v3_snapshot.go:333', 'restored snapshot', fields));
      return { segments, status: 0 };
    }
  }
  err(`kubelab: etcdutl ${cmd!.path} is not simulated\n`);
  return { segments, status: 1 };
}
