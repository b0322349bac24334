/**
 * redis.ts: the follower's run.sh, a 6.0 replica's start and its sync with a master, and the guestbook's SET and
 * GET through the network, with containers that are plain objects.
 */
import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../images/catalogue.js';
import type { Program, ProgramHost, ProgramStartHost } from './programs.js';
import { followerArgv, redisCli, redisCliMonitor, redisCommand, redisServer } from './redis.js';

const image = (version: string) => ({ program: 'redis', version } as ImageInfo);
const base = { ports: [6379], readyAfterMs: 100, extraMemoryBytes: 0, extraCpuMilli: 0, sigterm: {}, startLogs: [] } as Program;

interface Fake { podIP: string; image: ImageInfo; state: string; lines: string[]; log(t: string): void; connect?(h: string, p: number): ReturnType<ProgramStartHost['connect']> }
function container(podIP: string, version = '6.0.5'): Fake {
  const c: Fake = { podIP, image: image(version), state: 'running', lines: [], log: (t) => void c.lines.push(t.replace(/^(\d+:[CMS]) .{24} /, '$1 ')) };
  return c;
}

describe('gb-redis-follower run.sh', () => {
  it('replicates redis-leader, or the leader Service\'s address from the environment with GET_HOSTS_FROM=env', () => {
    expect(followerArgv({})).toEqual(['redis-server', '--replicaof', 'redis-leader', '6379']);
    expect(followerArgv({ GET_HOSTS_FROM: 'dns' })).toEqual(['redis-server', '--replicaof', 'redis-leader', '6379']);
    expect(followerArgv({ GET_HOSTS_FROM: 'env', REDIS_LEADER_SERVICE_HOST: '10.96.7.7' })).toEqual(['redis-server', '--replicaof', '10.96.7.7', '6379']);
  });
});

describe('redis-server --replicaof (6.0)', () => {
  const start = (replica: Fake, connect: ProgramStartHost['connect']) => {
    const p = redisServer(image('6.0.5'), ['redis-server', '--replicaof', 'redis-leader', '6379'], base, 4);
    replica.connect = connect;
    p.begin!({ now: Date.UTC(2026, 0, 1), stdin: false, podIP: replica.podIP, fs: undefined as never, self: replica as never, connect });
  };

  it('leaves a standalone server and other versions to the catalogue\'s lines', () => {
    expect(redisServer(image('6.0.5'), ['redis-server'], base, 1)).toBe(base);
    expect(redisServer(image('7.4.6'), ['redis-server', '--replicaof', 'x', '6379'], base, 1)).toBe(base);
  });

  it('says so when the master\'s name does not resolve, or the connection is refused', () => {
    const r = container('10.244.1.9');
    start(r, () => ({ error: 'unknown-host' }));
    expect(r.lines.slice(6)).toEqual(['4:S * Connecting to MASTER redis-leader:6379', '4:S # Unable to connect to MASTER: Name or service not known']);
    const r2 = container('10.244.1.10');
    start(r2, () => ({ error: 'refused' }));
    expect(r2.lines.slice(7)).toEqual(['4:S * MASTER <-> REPLICA sync started', '4:S # Error condition on socket for SYNC: Connection refused']);
  });

  it('syncs a written key: the RDB carries it, and the replica answers reads with the master\'s keys from then on', () => {
    const leader = container('10.244.2.2');
    const frontend = { now: () => Date.UTC(2026, 0, 1), connect: () => ({ container: leader }) } as unknown as ProgramHost;
    expect(redisCommand(frontend, 'redis-leader', 6379, { op: 'set', key: 'messages', value: 'hello' })).toEqual({ ok: true, value: 'OK' });
    const replica = container('10.244.1.5');
    start(replica, () => ({ container: leader as never }));
    // 175 bytes empty, 5 for SELECTDB and RESIZEDB, 1 + 1 + 8 + 1 + 5 for the string.
    expect(replica.lines).toContain('4:S * MASTER <-> REPLICA sync: receiving 196 bytes from master to disk');
    expect(leader.lines).toContain('1:M * Synchronization with replica 10.244.1.5:6379 succeeded');
    const reader = { now: () => Date.UTC(2026, 0, 1), connect: () => ({ container: replica }) } as unknown as ProgramHost;
    expect(redisCommand(reader, 'redis-follower', 6379, { op: 'get', key: 'messages' })).toEqual({ ok: true, value: 'hello' });
    redisCommand(frontend, 'redis-leader', 6379, { op: 'set', key: 'messages', value: 'hello,again' });
    expect(redisCommand(reader, 'redis-follower', 6379, { op: 'get', key: 'messages' })).toEqual({ ok: true, value: 'hello,again' });
    expect(redisCommand(reader, 'redis-follower', 6379, { op: 'get', key: 'nothing' })).toEqual({ ok: true, value: null });
  });

  it('a client that reaches no redis gets the connection\'s error', () => {
    const nginx = { ...container('10.244.1.7'), image: { program: 'nginx', version: '1.29' } as ImageInfo };
    const host = (r: unknown) => ({ now: () => 0, connect: () => r }) as unknown as ProgramHost;
    expect(redisCommand(host({ error: 'timeout' }), 'x', 6379, { op: 'get', key: 'k' })).toEqual({ ok: false, error: 'timeout' });
    expect(redisCommand(host({ container: nginx }), 'x', 6379, { op: 'get', key: 'k' })).toEqual({ ok: false, error: 'protocol' });
  });
});

describe('redis-server /path/redis.conf and redis-cli', () => {
  /** A server container with its configuration file, started; its client is the container itself (redis-cli without -h). */
  const configured = (version: string, conf: string | undefined) => {
    const c = { ...container('10.244.1.4', version), listening: (p: number) => p === 6379, now: () => Date.UTC(2026, 0, 1) };
    const files = new Map(conf === undefined ? [] : [['/usr/local/etc/redis/redis.conf', conf]]);
    const p = redisServer(image(version), ['redis-server', '/usr/local/etc/redis/redis.conf'], { ...base, startLogs: ['catalogue line'] }, 1);
    const start = p.begin!({ now: Date.UTC(2026, 0, 1), stdin: false, podIP: c.podIP, fs: { files } as never, self: c as never, connect: () => ({ error: 'refused' }) });
    return { c, p, start, cli: (...argv: string[]) => redisCli(c as unknown as ProgramHost, ['redis-cli', ...argv], false) };
  };

  it('reads maxmemory in bytes (k/m/g powers of 1000, kb/mb/gb of 1024) and the policy; the rest keep their defaults', () => {
    const { start, p, cli } = configured('5.0.14', '# comment\n\nmaxmemory 2mb\nMAXMEMORY-POLICY allkeys-lru\n');
    expect(start.logs.map((l) => l.text.replace(/^(\d+:[CMS]) .{24} /, '$1 '))).toEqual([
      '1:C # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo', '1:C # Redis version=5.0.14, bits=64, commit=00000000, modified=0, pid=1, just started',
      '1:C # Configuration loaded', '1:M * Running mode=standalone, port=6379.', '1:M # Server initialized', '1:M * Ready to accept connections',
    ]);
    expect(p.startLogs).toEqual([]);
    expect(cli('CONFIG', 'GET', 'maxmemory')?.stdout).toBe('maxmemory\n2097152\n');
    expect(cli('config', 'get', 'maxmemory-policy')?.stdout).toBe('maxmemory-policy\nallkeys-lru\n');
    expect(cli('CONFIG', 'GET', 'maxmemory*')?.stdout).toBe('maxmemory\n2097152\nmaxmemory-samples\n5\nmaxmemory-policy\nallkeys-lru\n');
    for (const [v, bytes] of [['100', '100'], ['1k', '1000'], ['1KB', '1024'], ['3m', '3000000'], ['1gb', '1073741824']]) {
      expect(configured('5.0.14', `maxmemory ${v}`).cli('CONFIG', 'GET', 'maxmemory')?.stdout).toBe(`maxmemory\n${bytes}\n`);
    }
  });

  it('a bad line is a fatal error on stderr and exit 1; a missing file, a logged one (6.2 on: with its errno and version)', () => {
    const bad = configured('5.0.14', 'maxmemory 2mb\nmaxmemory two');
    expect(bad.start.logs.map((l) => [l.stream, l.text])).toEqual([['stderr', ''], ['stderr', '*** FATAL CONFIG FILE ERROR ***'], ['stderr', 'Reading the configuration file, at line 2'], ['stderr', ">>> 'maxmemory two'"], ['stderr', 'argument must be a memory value']]);
    expect(bad.start.exit).toEqual({ afterMs: 1, code: 1 });
    expect(configured('7.4.6', 'maxmemory-policy x').start.logs[1].text).toBe('*** FATAL CONFIG FILE ERROR (Redis 7.4.6) ***');
    expect(configured('5.0.14', undefined).start.logs[0].text).toMatch(/^1:C .{24} # Fatal error, can't open config file '\/usr\/local\/etc\/redis\/redis.conf'$/);
    expect(configured('7.4.6', undefined).start.logs[0].text).toMatch(/ # Fatal error, can't open config file '\/usr\/local\/etc\/redis\/redis.conf': No such file or directory$/);
  });

  it("the TTY's formatting: quoted bulk strings, (nil), (integer), (error), numbered arrays and the empty one by version", () => {
    const { c } = configured('5.0.14', '');
    const m = redisCliMonitor(c as unknown as ProgramHost, ['redis-cli']);
    expect(m.banner).toBe('');
    expect(m.prompt()).toBe('127.0.0.1:6379> ');
    expect(m.line('SET k "a \\"b\\"\\n"').out).toBe('OK\n');
    expect(m.line('GET k').out).toBe('"a \\"b\\"\\n"\n');
    expect(m.line('get none').out).toBe('(nil)\n');
    expect(m.line('DBSIZE').out).toBe('(integer) 1\n');
    expect(m.line('CONFIG GET nothing').out).toBe('(empty list or set)\n');
    expect(m.line('CONFIG GET').out).toBe("(error) ERR Unknown subcommand or wrong number of arguments for 'GET'. Try CONFIG HELP.\n");
    expect(m.line('HELLO there you').out).toBe('(error) ERR unknown command `HELLO`, with args beginning with: `there`, `you`, \n');
    expect(m.line('GET').out).toBe("(error) ERR wrong number of arguments for 'get' command\n");
    expect(m.line('   ').out).toBe('');
    expect(m.line('quit')).toEqual({ out: '', exit: true });
    const seven = configured('7.4.6', '');
    const m7 = redisCliMonitor(seven.c as unknown as ProgramHost, ['redis-cli']);
    expect(m7.line('CONFIG GET nothing').out).toBe('(empty array)\n');
    expect(m7.line('HELLO there').out).toBe("(error) ERR unknown command 'HELLO', with args beginning with: 'there', \n");
    const none = redisCliMonitor({ now: () => 0, connect: () => ({ error: 'unknown-host' }) } as unknown as ProgramHost, ['redis-cli', '-h', 'nowhere']);
    expect(none.banner).toBe('Could not connect to Redis at nowhere:6379: Name or service not known\n');
    expect(none.prompt()).toBe('not connected> ');
  });
});
