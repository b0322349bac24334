/**
 * redis.ts: the follower's run.sh, a 6.0 replica's start and its sync with a master, and the guestbook's SET and
 * GET through the network, with containers that are plain objects.
 */
import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../images/catalogue.js';
import type { Program, ProgramHost, ProgramStartHost } from './programs.js';
import { followerArgv, redisCommand, redisServer } from './redis.js';

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
