/**
 * What etcd v3.6.6 logs on stderr as it starts (zap's JSON encoder with etcd's logutil config: level, ts with
 * microseconds, the short caller, msg, then the fields in the order the code gives them), for the server the etcd
 * static pod runs: the lines of a start on the data dir it opened (engine/etcd/data-dir.ts). Callers are v3.6.6's:
 * etcdmain/etcd.go, embed/etcd.go, storage/backend.go, storage/mvcc/kvstore.go, etcdserver/bootstrap.go,
 * etcdserver/server.go, embed/serve.go. Not reproduced: the long "starting an etcd server" line (its build's git SHA
 * and Go version), raft's own lines (logger "raft"), the TLS and metrics listener lines.
 */
import type { Cluster } from '../cluster.js';
import { clusterID, memberOf } from './keyspace.js';
import { VERSION } from './cli.js';

/** How etcd found its data dir: a new member (empty dir) or one it restarts (its own, or a restored snapshot). */
export interface EtcdOpen { fresh: boolean; revision: number; compacted?: number }

const flagValues = (argv: string[], name: string): string[] => {
  const v = argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return v ? v.split(',') : [];
};

/** One line: time (2006-01-02T15:04:05.000000Z0700), then the fields as Go's JSON encoder writes them. */
function line(ms: number, caller: string, msg: string, fields: Record<string, unknown> = {}): string {
  const ts = new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  return JSON.stringify({ level: 'info', ts, caller, msg, ...fields });
}

/** The lines of etcd's start at `ms` from `argv` (the container's command). */
export function etcdStartLines(cluster: Cluster, argv: string[], ms: number, open: EtcdOpen): string[] {
  const name = flagValues(argv, 'name')[0] ?? 'default';
  const dataDir = flagValues(argv, 'data-dir')[0] ?? `${name}.etcd`;
  const ip = (flagValues(argv, 'advertise-client-urls')[0] ?? '').replace(/^https?:\/\//, '').replace(/:\d+$/, '');
  const member = memberOf(name, ip);
  const memberID = member.id.toString(16);
  const cid = clusterID([member.id]).toString(16);
  const listenPeer = flagValues(argv, 'listen-peer-urls');
  const listenClient = flagValues(argv, 'listen-client-urls');
  const advertiseClient = flagValues(argv, 'advertise-client-urls');
  // A few milliseconds between steps, as a small member takes them.
  let t = ms;
  const at = (step: number) => (t += step);
  const out = [
    line(at(0), 'etcdmain/etcd.go:64', 'Running: ', { args: argv }),
    line(at(1), 'embed/etcd.go:139', 'configuring peer listeners', { 'listen-peer-urls': listenPeer }),
    line(at(1), 'embed/etcd.go:147', 'configuring client listeners', { 'listen-client-urls': listenClient }),
    line(at(2), 'storage/backend.go:80', 'opened backend db', { path: `${dataDir}/member/snap/db`, took: '1.873421ms' }),
  ];
  if (!open.fresh) {
    // The backend, then the WAL and raft (bootstrap.go), then the MVCC store over the backend (NewServer).
    out.push(line(at(1), 'etcdserver/bootstrap.go:600', 'restarting local member', { 'cluster-id': cid, 'local-member-id': memberID, 'commit-index': open.revision }));
    if (open.compacted) out.push(line(at(1), 'mvcc/kvstore.go:335', 'restored last compact revision', { 'meta-bucket-name-key': 'finishedCompactRev', 'restored-compact-revision': open.compacted }));
    out.push(line(at(1), 'mvcc/kvstore.go:408', 'kvstore restored', { 'current-rev': open.revision }));
  } else {
    out.push(line(at(1), 'etcdserver/bootstrap.go:500', 'starting local member', { 'local-member-id': memberID, 'cluster-id': cid }));
  }
  out.push(open.fresh
    ? line(at(2), 'etcdserver/server.go:599', 'starting etcd server', { 'local-member-id': memberID, 'local-server-version': VERSION, 'cluster-version': 'to_be_decided' })
    : line(at(2), 'etcdserver/server.go:590', 'starting etcd server', { 'local-member-id': memberID, 'local-server-version': VERSION, 'cluster-id': cid, 'cluster-version': '3.6' }));
  out.push(line(at(1), 'embed/etcd.go:293', 'now serving peer/client/metrics', {
    'local-member-id': memberID, 'initial-advertise-peer-urls': flagValues(argv, 'initial-advertise-peer-urls'), 'listen-peer-urls': listenPeer,
    'advertise-client-urls': advertiseClient, 'listen-client-urls': listenClient, 'listen-metrics-urls': flagValues(argv, 'listen-metrics-urls'),
  }));
  // Elected (a single member: at once, after its election timeout), it publishes its attributes, then serves.
  out.push(line(at(1004), 'etcdserver/server.go:1821', 'published local member to cluster through raft', {
    'local-member-id': memberID, 'local-member-attributes': `{Name:${name} ClientURLs:[${advertiseClient.join(' ')}]}`, 'cluster-id': cid, 'publish-timeout': '7s',
  }));
  for (let i = 0; i < listenClient.length; i++) out.push(line(at(0), 'embed/serve.go:138', 'ready to serve client requests'));
  for (const u of listenClient) out.push(line(at(1), 'embed/serve.go:284', 'serving client traffic securely', { traffic: 'grpc+http', address: u.replace(/^https?:\/\//, '') }));
  return out;
}
