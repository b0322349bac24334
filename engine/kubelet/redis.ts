/**
 * Redis 6.0 as the guestbook tutorial runs it (loaded with the pull of a redis image): the leader is the official
 * redis:6.0.5 image, the followers gb-redis-follower:v2 (FROM redis:6.0.5; its CMD `/run.sh` starts
 * `redis-server --replicaof redis-leader 6379`, or the leader Service's address from the environment with
 * GET_HOSTS_FROM=env). A server keeps its keys in memory, for the life of its container.
 *
 * Replication is modelled at the level its logs show: a replica connects to its master as it starts (redis does
 * so from its first replicationCron, within a second) and does a full resynchronisation, the master saving an
 * RDB for it (BGSAVE in a child process) and the replica loading it; from then on a synced replica answers with
 * its master's keys (the stream of writes is not delayed). A replica that cannot reach its master serves what it
 * has (replica-serve-stale-data) and tries again when next asked; one whose master's container ended resyncs with
 * whichever server the name reaches next. Every server saves in the background when a built-in save point is
 * reached (an hour and one change, five minutes and 100, a minute and 10000: no configuration file is given), a
 * replica counting the writes it applies. The lines are those of redis 6.0's replication.c, rdb.c and server.c.
 */
import type { ImageInfo } from '../images/catalogue.js';
import { fnv32a } from '../util/random.js';
import { MONTHS } from '../util/time.js';
import type { Program, ProgramHost, ProgramStartHost } from './programs.js';

/** What a client's connection reaches: the container listening there, or why there is none (network.ts connect). */
type Reached = ReturnType<ProgramStartHost['connect']>;
/** A redis server's container, as the network hands it to a client. */
interface ServerContainer {
  readonly podIP: string;
  readonly image: ImageInfo;
  readonly state: string;
  log(text: string, stream?: 'stdout' | 'stderr'): void;
  connect?(host: string, port: number): Reached;
  now?(): number;
  after?(ms: number, fn: () => void): void;
}

const REDIS_PORT = 6379;
/** A replica's empty RDB: the magic, the aux fields of a save for replication, EOF and checksum (rdbSaveRio). */
const EMPTY_RDB_BYTES = 175;
/** used_memory of an idle 6.0 server, as a replica logs it from the RDB's used-mem field. */
const IDLE_USED_MEMORY = 1_929_000;
/** replicationCron's PING to the replicas every repl-ping-replica-period (10 s): `*1\r\n$4\r\nPING\r\n`. */
const PING_BYTES = 14;
/** `*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n`, sent before the first write after a full resync. */
const SELECT_BYTES = 23;
/** The save points of a server started without a configuration file (initServerConfig): seconds, changes. */
const SAVE_POINTS: readonly (readonly [number, number])[] = [[3600, 1], [300, 100], [60, 10000]];

interface RedisServer {
  container: ServerContainer;
  /** The PID in its log lines: 1 for the official image's server (the entrypoint and gosu exec it); a child of /run.sh's bash in the follower. */
  pid: number;
  startedAt: number;
  data: Map<string, string>;
  /** The next BGSAVE child's PID: after the entrypoint's helpers and redis's three bio threads. */
  nextChild: number;
  replid: string;
  /** Set once a replica first asked for a sync (the backlog and a new replication ID are made then). */
  backlogAt?: number;
  writtenBytes: number;
  selectSent: boolean;
  replicas: number;
  /** The replicas that synced with it, which apply its writes. */
  replicaList: RedisServer[];
  /** Changes since the last save, and when that was (the server's start before any): serverCron's save points. */
  dirty: number;
  lastSave: number;
  saveScheduled?: boolean;
  /** A replica's master ("redis-leader", 6379), and the server it last synced with. */
  replicaOf?: { host: string; port: number; server?: RedisServer };
}

const servers = new WeakMap<object, RedisServer>();

/** redis's log time: 28 Nov 2026 06:50:00.123 */
function logTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, '0')} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 23)}`;
}

/** serverLog's line: pid, role (C before the configuration is read, M master, S replica), level mark (# warning, * notice). */
function line(pid: number, role: string, level: '#' | '*', now: number, text: string): string {
  return `${pid}:${role} ${logTime(now)} ${level} ${text}`;
}

/** A 40-hex replication ID; redis draws it at random, here from the server's address and the time. */
function replicationId(seed: string): string {
  let x = fnv32a(seed) || 1;
  let out = '';
  while (out.length < 40) {
    // xorshift32, so that neighbouring seeds give unrelated IDs.
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out += (x >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

function serverOf(container: ServerContainer, now: number): RedisServer {
  let s = servers.get(container);
  if (!s) {
    s = { container, pid: 1, startedAt: now, data: new Map(), nextChild: 8, replid: replicationId(`${container.podIP}@${now}`), writtenBytes: 0, selectSent: false, replicas: 0, replicaList: [], dirty: 0, lastSave: now };
    servers.set(container, s);
  }
  return s;
}

/** A redis 6.0 server that answers the guestbook's commands, or undefined for anything else listening there. */
function redisAt(r: Reached, now: number): RedisServer | { error: string } {
  if ('error' in r) return { error: r.error };
  const c = r.container as unknown as ServerContainer;
  if (c.image.program !== 'redis') return { error: 'protocol' };
  return serverOf(c, now);
}

/** The master's replication offset: its writes and the PINGs sent since the backlog was made. */
function masterOffset(m: RedisServer, now: number): number {
  if (m.backlogAt === undefined) return 0;
  const ticks = (t: number) => Math.floor((t - m.startedAt) / 10_000);
  return m.writtenBytes + PING_BYTES * (ticks(now) - ticks(m.backlogAt));
}

/** A length as the RDB format encodes it: 6, 14 or 32 bits. */
const lengthBytes = (n: number) => (n < 64 ? 1 : n < 16384 ? 2 : 5);
/** An integer aux field's value: int8, int16 or int32 encoded string. */
const intBytes = (n: number) => (n < 128 ? 2 : n < 32768 ? 3 : 5);
const utf8 = (s: string) => new TextEncoder().encode(s).length;

function rdbBytes(m: RedisServer, offset: number): number {
  let n = EMPTY_RDB_BYTES - 2 + intBytes(offset);
  if (m.data.size) n += 5;
  for (const [k, v] of m.data) n += 1 + lengthBytes(utf8(k)) + utf8(k) + lengthBytes(utf8(v)) + utf8(v);
  return n;
}

const usedMemory = (m: RedisServer) => IDLE_USED_MEMORY + [...m.data].reduce((sum, [k, v]) => sum + 64 + utf8(k) + utf8(v), 0);

/** A full resynchronisation of `replica` from `master`, both servers' lines stamped `now`. */
function fullSync(replica: RedisServer, replicaIP: string, master: RedisServer, now: number): void {
  const r = (text: string) => replica.container.log(line(replica.pid, 'S', '*', now, text));
  const m = (text: string, pid = master.pid, role = 'M') => master.container.log(line(pid, role, '*', now, text));
  const name = `${replicaIP}:${REDIS_PORT}`;
  r('Master replied to PING, replication can continue...');
  r('Partial resynchronization not possible (no cached master)');
  m(`Replica ${name} asks for synchronization`);
  m(`Full resync requested by replica ${name}`);
  if (master.backlogAt === undefined) {
    master.backlogAt = now;
    master.replid = replicationId(`${master.container.podIP}@${now}/backlog`);
    m(`Replication backlog created, my new replication IDs are '${master.replid}' and '${'0'.repeat(40)}'`);
  }
  const offset = masterOffset(master, now);
  m('Starting BGSAVE for SYNC with target: disk');
  backgroundSave(master, now, m);
  r(`Full resync from master: ${master.replid}:${offset}`);
  r(`MASTER <-> REPLICA sync: receiving ${rdbBytes(master, offset)} bytes from master to disk`);
  m(`Synchronization with replica ${name} succeeded`);
  r('MASTER <-> REPLICA sync: Flushing old data');
  r('MASTER <-> REPLICA sync: Loading DB in memory');
  r(`Loading RDB produced by version ${master.container.image.version}`);
  r('RDB age 0 seconds');
  r(`RDB memory usage when created ${(usedMemory(master) / (1024 * 1024)).toFixed(2)} Mb`);
  r('MASTER <-> REPLICA sync: Finished with success');
  master.replicas++;
  master.replicaList.push(replica);
  master.selectSent = false;
  replica.data = new Map(master.data);
  replica.replicaOf!.server = master;
}

/** A replica's attempt to reach its master (connectWithMaster, then the handshake); false when it did not get through. */
function syncWithMaster(replica: RedisServer, podIP: string, connect: (host: string, port: number) => Reached, now: number): boolean {
  const to = replica.replicaOf!;
  const r = (level: '#' | '*', text: string) => replica.container.log(line(replica.pid, 'S', level, now, text));
  r('*', `Connecting to MASTER ${to.host}:${to.port}`);
  const reached = connect(to.host, to.port);
  if ('error' in reached && (reached.error === 'unknown-host' || reached.error === 'dns-timeout')) {
    // anetTcpGenericConnect's getaddrinfo failure, before any socket.
    r('#', `Unable to connect to MASTER: ${reached.error === 'unknown-host' ? 'Name or service not known' : 'Temporary failure in name resolution'}`);
    return false;
  }
  r('*', 'MASTER <-> REPLICA sync started');
  const master = redisAt(reached, now);
  if ('error' in master) {
    // The non-blocking connect's socket error, as the read handler reports it.
    r('#', `Error condition on socket for SYNC: ${master.error === 'refused' ? 'Connection refused' : master.error === 'protocol' ? 'Connection reset by peer' : 'Connection timed out'}`);
    return false;
  }
  r('*', 'Non blocking connect for SYNC fired the event.');
  fullSync(replica, podIP, master, now);
  return true;
}

/**
 * `redis-server [--replicaof HOST PORT]` of a 6.0 image; other versions keep the catalogue's lines and no
 * replication (their formats differ).
 */
export function redisServer(image: ImageInfo, argv: string[], base: Program, pid: number): Program {
  const i = argv.findIndex((a) => a === '--replicaof' || a === '--slaveof');
  if (i < 0 || !image.version.startsWith('6.0.')) return base;
  const replicaOf = { host: argv[i + 1] ?? '', port: Number(argv[i + 2]) || REDIS_PORT };
  return {
    ...base,
    begin(host) {
      const now = host.now;
      const c = host.self as unknown as ServerContainer;
      const s = serverOf(c, now);
      s.pid = pid;
      s.replicaOf = replicaOf;
      const start = (role: string, level: '#' | '*', text: string) => c.log(line(pid, role, level, now, text));
      start('C', '#', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
      start('C', '#', `Redis version=${image.version}, bits=64, commit=00000000, modified=0, pid=${pid}, just started`);
      start('C', '#', 'Configuration loaded');
      start('S', '*', `Running mode=standalone, port=${REDIS_PORT}.`);
      start('S', '#', 'Server initialized');
      start('S', '*', 'Ready to accept connections');
      syncWithMaster(s, host.podIP, host.connect, now);
      return { logs: [] };
    },
  };
}

/**
 * What gb-redis-follower's `/bin/sh -c /run.sh` comes to: bash runs redis-server (not exec'd, under sh and bash:
 * PID 4 after the entrypoint's `id -u`).
 */
export function followerArgv(env: Record<string, string>): string[] {
  const leader = (env.GET_HOSTS_FROM || 'dns') === 'env' ? env.REDIS_LEADER_SERVICE_HOST ?? '' : 'redis-leader';
  return ['redis-server', '--replicaof', leader, '6379'];
}
export const FOLLOWER_PID = 4;

/** A client's command's outcome: the reply, or why the connection failed (the client's error names it). */
export type RedisReply = { ok: true; value: string | null } | { ok: false; error: 'unknown-host' | 'dns-timeout' | 'refused' | 'timeout' | 'unreachable' | 'protocol' };

/** SET or GET from a client in `from`'s container to host:port. */
export function redisCommand(from: ProgramHost, host: string, port: number, cmd: { op: 'set'; key: string; value: string } | { op: 'get'; key: string }): RedisReply {
  const now = from.now();
  const reached = from.connect?.(host, port) ?? { error: 'unknown-host' as const };
  const s = redisAt(reached, now);
  if ('error' in s) return { ok: false, error: s.error as Exclude<RedisReply, { ok: true }>['error'] };
  if (cmd.op === 'set') {
    s.data.set(cmd.key, cmd.value);
    changed(s, now);
    // The replicas apply the write from the replication stream: it counts among their changes too.
    for (const r of s.replicaList) if (r.replicaOf?.server === s && r.container.state === 'running') changed(r, now);
    if (s.backlogAt !== undefined && s.replicas) {
      if (!s.selectSent) s.writtenBytes += SELECT_BYTES;
      s.selectSent = true;
      const bulk = (x: string) => `$${utf8(x)}\r\n`.length + utf8(x) + 2;
      s.writtenBytes += '*3\r\n'.length + bulk('SET') + bulk(cmd.key) + bulk(cmd.value);
    }
    return { ok: true, value: 'OK' };
  }
  return { ok: true, value: replicaView(s, now).get(cmd.key) ?? null };
}

/** What a server answers reads from: its own keys, or for a synced replica its live master's. */
function replicaView(s: RedisServer, now: number): Map<string, string> {
  const to = s.replicaOf;
  if (!to) return s.data;
  const m = to.server;
  if (m && m.container.state === 'running') return m.data;
  // The master's container ended, or the replica never got through: it connects again (every second in
  // replicationCron; here as it is next asked), and serves what it has meanwhile.
  if (m) s.container.log(line(s.pid, 'S', '#', now, 'Connection with master lost.'));
  to.server = undefined;
  const c = s.container;
  if (c.connect && c.state === 'running') syncWithMaster(s, c.podIP, (h, p) => c.connect!(h, p), now);
  return (to.server as RedisServer | undefined)?.data ?? s.data;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** A write: serverCron will save when a save point's changes and seconds are both reached. */
function changed(s: RedisServer, now: number): void {
  s.dirty++;
  scheduleSave(s, now);
}

/** BGSAVE: the forked child's lines (role C), then the parent's; the save resets the change count and LASTSAVE. */
function backgroundSave(s: RedisServer, now: number, log: (text: string, pid?: number, role?: string) => void): void {
  const child = s.nextChild++;
  log(`Background saving started by pid ${child}`);
  log('DB saved on disk', child, 'C');
  log('RDB: 0 MB of memory used by copy-on-write', child, 'C');
  log('Background saving terminated with success');
  s.lastSave = now;
  s.dirty = 0;
}

function scheduleSave(s: RedisServer, now: number): void {
  const c = s.container;
  if (s.saveScheduled || !c.after || !c.now) return;
  // `unixtime - lastsave > seconds`: the first whole second after the period.
  const due = Math.min(...SAVE_POINTS.filter(([, changes]) => s.dirty >= changes).map(([secs]) => (seconds(s.lastSave) + secs + 1) * 1000));
  if (!Number.isFinite(due)) return;
  s.saveScheduled = true;
  c.after(Math.max(0, due - now), () => {
    s.saveScheduled = false;
    if (c.state !== 'running') return;
    const at = c.now!();
    const point = SAVE_POINTS.find(([secs, changes]) => s.dirty >= changes && seconds(at) - seconds(s.lastSave) > secs);
    if (!point) return scheduleSave(s, at);
    const role = s.replicaOf ? 'S' : 'M';
    const log = (text: string, pid = s.pid, r = role) => c.log(line(pid, r, '*', at, text));
    log(`${point[1]} changes in ${point[0]} seconds. Saving...`);
    backgroundSave(s, at, log);
  });
}
