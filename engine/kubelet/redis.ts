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
  /** The directives its configuration file set (CONFIG GET's answers beside the defaults). */
  config?: Map<string, string>;
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
  if (argv[1] !== undefined && !argv[1].startsWith('-')) return configuredServer(image, argv[1], base, pid);
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
    setKey(s, cmd.key, cmd.value, now);
    return { ok: true, value: 'OK' };
  }
  return { ok: true, value: replicaView(s, now).get(cmd.key) ?? null };
}

/** SET on a master: a change to save, and a write its replicas apply from the replication stream. */
function setKey(s: RedisServer, key: string, value: string, now: number): void {
  s.data.set(key, value);
  changed(s, now);
  // The replicas apply the write from the replication stream: it counts among their changes too.
  for (const r of s.replicaList) if (r.replicaOf?.server === s && r.container.state === 'running') changed(r, now);
  if (s.backlogAt !== undefined && s.replicas) {
    if (!s.selectSent) s.writtenBytes += SELECT_BYTES;
    s.selectSent = true;
    const bulk = (x: string) => `$${utf8(x)}\r\n`.length + utf8(x) + 2;
    s.writtenBytes += '*3\r\n'.length + bulk('SET') + bulk(key) + bulk(value);
  }
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

/**
 * CONFIG GET's parameters where no configuration file sets them: redis.conf's defaults for those modelled (the
 * memory limit and its policy, as the Configuring Redis tutorial reads them), in 5.0's configGetCommand order
 * (numbers, then yes/no, then enumerations, `dir` last). `dir` is the image's WORKDIR, which the default `./`
 * resolves to.
 */
const CONFIG_DEFAULTS: ReadonlyMap<string, string> = new Map([
  ['maxmemory', '0'], ['maxmemory-samples', '5'], ['timeout', '0'], ['port', '6379'], ['databases', '16'],
  ['appendonly', 'no'], ['maxmemory-policy', 'noeviction'], ['loglevel', 'notice'], ['dir', '/data'],
]);
const MAXMEMORY_POLICIES = new Set(['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']);

/** memtoll: a number with an optional unit, k/m/g in powers of 1000 and kb/mb/gb in powers of 1024 (any case). */
function memoryValue(text: string): number | undefined {
  const m = /^(-?\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(text);
  if (!m) return undefined;
  const unit = { b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Number(m[1]) * unit;
}

/**
 * loadServerConfigFromString for the directives modelled: one per line, blank lines and `#` comments skipped; a
 * memory value stored in bytes. Anything else is kept as written, as CONFIG GET would echo it.
 */
function readConfig(text: string): Map<string, string> | { error: string; line: number; text: string } {
  const config = new Map<string, string>();
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n].trim();
    if (l === '' || l.startsWith('#')) continue;
    const [name, ...args] = l.split(/\s+/);
    const key = name.toLowerCase();
    const fail = (error: string) => ({ error, line: n + 1, text: l });
    if (key === 'maxmemory') {
      const v = args.length === 1 ? memoryValue(args[0]) : undefined;
      if (v === undefined) return fail(args.length === 1 ? 'argument must be a memory value' : 'Bad directive or wrong number of arguments');
      config.set(key, String(v));
    } else if (key === 'maxmemory-policy') {
      if (args.length !== 1) return fail('Bad directive or wrong number of arguments');
      if (!MAXMEMORY_POLICIES.has(args[0].toLowerCase())) return fail('Invalid maxmemory policy');
      config.set(key, args[0].toLowerCase());
    } else config.set(key, args.join(' '));
  }
  return config;
}

/**
 * `redis-server /path/redis.conf` (the entrypoint puts redis-server before an argument ending in .conf): the
 * server reads the file as it starts and says "Configuration loaded", or stops at a bad line or a missing file.
 * Lines of 5.0 and 6.0; later versions keep the catalogue's.
 */
function configuredServer(image: ImageInfo, path: string, base: Program, pid: number): Program {
  return {
    ...base,
    startLogs: image.version.startsWith('5.') || image.version.startsWith('6.0.') ? [] : base.startLogs,
    begin(host) {
      const now = host.now;
      const c = host.self as unknown as ServerContainer;
      const log = (role: string, level: '#' | '*', text: string) => ({ afterMs: 0, text: line(pid, role, level, now, text), stream: 'stdout' as const });
      // 6.2 added the errno's text to the missing file's line and the version to the fatal error's banner.
      const since62 = !/^(5\.|6\.[01]\.)/.test(image.version);
      const text = host.fs.files.get(path.startsWith('/') ? path : `/data/${path}`);
      if (text === undefined) return { logs: [log('C', '#', `Fatal error, can't open config file '${path}'${since62 ? ': No such file or directory' : ''}`)], exit: { afterMs: 1, code: 1 } };
      const config = readConfig(text);
      if (!(config instanceof Map)) {
        const banner = `*** FATAL CONFIG FILE ERROR${since62 ? ` (Redis ${image.version})` : ''} ***`;
        return { logs: ['', banner, `Reading the configuration file, at line ${config.line}`, `>>> '${config.text}'`, config.error].map((t) => ({ afterMs: 0, text: t, stream: 'stderr' as const })), exit: { afterMs: 1, code: 1 } };
      }
      const s = serverOf(c, now);
      s.pid = pid;
      s.config = config;
      if (!base.startLogs.length) return { logs: [] };
      return {
        logs: [
          log('C', '#', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo'),
          log('C', '#', `Redis version=${image.version}, bits=64, commit=00000000, modified=0, pid=${pid}, just started`),
          log('C', '#', 'Configuration loaded'),
          log('M', '*', `Running mode=standalone, port=${REDIS_PORT}.`),
          log('M', '#', 'Server initialized'),
          log('M', '*', 'Ready to accept connections'),
        ],
      };
    },
  };
}

/** A reply as the protocol carries it: status, error, integer, bulk string (null: nil) or array. */
type RespReply = { status: string } | { error: string } | { integer: number } | { bulk: string | null } | { array: RespReply[] };

/** Shell-style words of a command line, as redis-cli's sdssplitargs splits them (quotes and their escapes). */
function splitArgs(line: string): string[] | undefined {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+))/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < line.length && (m = re.exec(line))) {
    at = re.lastIndex;
    if (m[1] !== undefined) out.push(m[1].replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => (e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[e] ?? e)));
    else if (m[2] !== undefined) out.push(m[2].replace(/\\'/g, "'"));
    else if (/["']/.test(m[3])) return undefined;
    else out.push(m[3]);
  }
  return line.slice(at).trim() === '' ? out : undefined;
}

/** Glob matching as stringmatchlen does it for CONFIG GET's pattern: `*`, `?` and `[…]`. */
function globMatch(pattern: string, text: string): boolean {
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  try { return new RegExp(`^${re}$`, 'i').test(text); } catch { return false; }
}

/** One command on a server: the commands the tutorials use (PING, ECHO, SET, GET, CONFIG GET/SET, DBSIZE). */
function execute(s: RedisServer, args: string[], now: number): RespReply {
  const name = args[0].toLowerCase();
  const arity = (n: number) => (n > 0 ? args.length === n : args.length >= -n);
  const wrong = { error: `ERR wrong number of arguments for '${name}' command` };
  const major = Number(s.container.image.version.split('.')[0]);
  const minor = Number(s.container.image.version.split('.')[1]);
  const params = () => new Map([...CONFIG_DEFAULTS, ...(s.config ?? [])]);
  switch (name) {
    case 'ping': return args.length > 2 ? wrong : args.length === 2 ? { bulk: args[1] } : { status: 'PONG' };
    case 'echo': return arity(2) ? { bulk: args[1] } : wrong;
    case 'get': return arity(2) ? { bulk: replicaView(s, now).get(args[1]) ?? null } : wrong;
    case 'set': {
      if (!arity(-3)) return wrong;
      if (s.replicaOf) return { error: "READONLY You can't write against a read only replica." };
      setKey(s, args[1], args[2], now);
      return { status: 'OK' };
    }
    case 'dbsize': return arity(1) ? { integer: replicaView(s, now).size } : wrong;
    case 'config': {
      const sub = (args[1] ?? '').toLowerCase();
      if (sub === 'get' && args.length === 3) {
        const out: RespReply[] = [];
        for (const [k, v] of params()) if (globMatch(args[2], k)) out.push({ bulk: k }, { bulk: v });
        return { array: out };
      }
      if (sub === 'set' && args.length === 4) {
        const key = args[2].toLowerCase();
        const value = key === 'maxmemory' ? memoryValue(args[3]) : key === 'maxmemory-policy' && MAXMEMORY_POLICIES.has(args[3].toLowerCase()) ? args[3].toLowerCase() : undefined;
        if (value === undefined) return { error: `ERR Invalid argument '${args[3]}' for CONFIG SET '${args[2]}'` };
        (s.config ??= new Map()).set(key, String(value));
        return { status: 'OK' };
      }
      if (args.length < 2) return wrong;
      return { error: `ERR Unknown subcommand or wrong number of arguments for '${args[1]}'. Try CONFIG HELP.` };
    }
  }
  // 6.2 quotes the name in single quotes; 5.0 and 6.0 in backquotes (processCommand).
  const q = major > 6 || (major === 6 && minor >= 2) ? "'" : '`';
  return { error: `ERR unknown command ${q}${args[0]}${q}, with args beginning with: ${args.slice(1).map((a) => `${q}${a}${q}, `).join('')}` };
}

/** How redis-cli reached a server: it, or the error it prints (anetTcpConnect's text). */
function reach(from: ProgramHost & { listening?(port: number): boolean; image?: ImageInfo }, host: string, port: number): RedisServer | { error: string } {
  const now = from.now();
  if (host === '127.0.0.1' || host === 'localhost') {
    const self = from as unknown as ServerContainer & { listening(port: number): boolean };
    if (port !== REDIS_PORT || self.image.program !== 'redis' || !self.listening(port)) return { error: 'Connection refused' };
    return serverOf(self, now);
  }
  const r = from.connect?.(host, port) ?? { error: 'unknown-host' as const };
  if ('error' in r) return { error: ({ 'unknown-host': 'Name or service not known', 'dns-timeout': 'Temporary failure in name resolution', refused: 'Connection refused', timeout: 'Connection timed out', unreachable: 'No route to host' })[r.error] };
  const c = r.container as unknown as ServerContainer;
  if (c.image.program !== 'redis') return { error: 'Connection reset by peer' };
  return serverOf(c, now);
}

/** redis-cli's options before the command: -h host, -p port (the rest of its options are not modelled). */
function cliOptions(argv: readonly string[]): { host: string; port: number; command: string[] } {
  let host = '127.0.0.1';
  let port = REDIS_PORT;
  let i = 1;
  for (; i < argv.length; i++) {
    if (argv[i] === '-h' && i + 1 < argv.length) host = argv[++i];
    else if (argv[i] === '-p' && i + 1 < argv.length) port = Number(argv[++i]) || 0;
    else break;
  }
  return { host, port, command: argv.slice(i) };
}

/** cliFormatReplyTTY: what redis-cli prints of a reply on a terminal. */
function formatTTY(r: RespReply, version: string, indent = ''): string {
  if ('status' in r) return `${r.status}\n`;
  if ('error' in r) return `(error) ${r.error}\n`;
  if ('integer' in r) return `(integer) ${r.integer}\n`;
  if ('bulk' in r) return r.bulk === null ? '(nil)\n' : `${quoted(r.bulk)}\n`;
  if (r.array.length === 0) return /^(5\.|6\.0\.)/.test(version) ? '(empty list or set)\n' : '(empty array)\n';
  const w = String(r.array.length).length;
  return r.array.map((x, i) => {
    const prefix = `${String(i + 1).padStart(w)}) `;
    const body = formatTTY(x, version, indent + ' '.repeat(prefix.length));
    return (i === 0 ? '' : indent) + prefix + body;
  }).join('');
}

/** sdscatrepr: a bulk string in double quotes, its unprintable bytes escaped. */
function quoted(s: string): string {
  return `"${s.replace(/[\\"\n\r\t\x07\b]|[^\x20-\x7e]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x07': '\\a', '\b': '\\b' } as Record<string, string>)[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/** cliFormatReplyRaw: the reply without decoration, one element a line (stdout not a terminal). */
function formatRaw(r: RespReply): string {
  if ('status' in r) return r.status;
  if ('error' in r) return r.error;
  if ('integer' in r) return String(r.integer);
  if ('bulk' in r) return r.bulk ?? '';
  return r.array.map(formatRaw).join('\n');
}

/**
 * `redis-cli [-h host] [-p port] command…` run once: the reply formatted for a terminal or raw, as redis-cli picks
 * by whether stdout is a TTY. A server it cannot reach is its "Could not connect" line and status 1.
 */
export function redisCli(from: ProgramHost, argv: readonly string[], tty: boolean): { stdout: string; stderr: string; status: number } | undefined {
  const o = cliOptions(argv);
  if (o.command.length === 0) return undefined;
  const s = reach(from, o.host, o.port);
  if ('error' in s) return { stdout: '', stderr: `Could not connect to Redis at ${o.host}:${o.port}: ${s.error}\n`, status: 1 };
  const reply = execute(s, o.command, from.now());
  return { stdout: tty ? formatTTY(reply, s.container.image.version) : `${formatRaw(reply)}\n`, stderr: '', status: 0 };
}

/**
 * redis-cli's interactive mode on a TTY: the prompt names the server (`127.0.0.1:6379> `, `not connected> ` when it
 * could not reach it); each line one command; `exit` and `quit` leave without a word.
 */
export function redisCliMonitor(from: ProgramHost, argv: readonly string[]): { banner: string; prompt(): string; line(src: string): { out: string; exit: boolean } } {
  const o = cliOptions(argv);
  const first = reach(from, o.host, o.port);
  let connected = !('error' in first);
  return {
    banner: 'error' in first ? `Could not connect to Redis at ${o.host}:${o.port}: ${first.error}\n` : '',
    prompt: () => (connected ? `${o.host}:${o.port}> ` : 'not connected> '),
    line: (src) => {
      const args = splitArgs(src);
      if (args === undefined) return { out: 'Invalid argument(s)\n', exit: false };
      if (args.length === 0) return { out: '', exit: false };
      if (/^(exit|quit)$/i.test(args[0])) return { out: '', exit: true };
      const s = reach(from, o.host, o.port);
      connected = !('error' in s);
      if ('error' in s) return { out: `Could not connect to Redis at ${o.host}:${o.port}: ${s.error}\n`, exit: false };
      return { out: formatTTY(execute(s, args, from.now()), s.container.image.version), exit: false };
    },
  };
}
