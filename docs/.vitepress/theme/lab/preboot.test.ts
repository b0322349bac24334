/**
 * The cluster booted ahead of the page (the head script's `preboot`, see
 * early-start.ts): nothing is posted until the page's `boot`, which adopts it
 * when seed and demo size match; the adopted cluster is the one a plain boot
 * builds (same virtual time, same objects), so lessons behave the same.
 */
import { describe, expect, it } from 'vitest';
import type { EngineMessage } from './protocol';
import { LabServer } from './server';

function lab() {
  const msgs: EngineMessage[] = [];
  let real = 0;
  const server = new LabServer({ post: (m) => msgs.push(m), realNow: () => (real += 1), schedule: () => undefined });
  return { server, msgs };
}

async function run(server: LabServer, msgs: EngineMessage[], line: string): Promise<string> {
  const from = msgs.length;
  server.handle({ type: 'run', id: 99, line });
  for (let i = 0; i < 50 && !msgs.slice(from).some((m) => m.type === 'done'); i++) await new Promise((r) => setTimeout(r, 0));
  return msgs.slice(from).filter((m): m is Extract<EngineMessage, { type: 'output' }> => m.type === 'output').map((m) => m.text).join('');
}

describe('preboot', () => {
  it('posts nothing, and the page boot adopts the same cluster a plain boot builds', async () => {
    const early = lab();
    early.server.handle({ type: 'preboot', seed: 1 });
    expect(early.msgs).toEqual([]);
    const prebooted = early.server['prebooted']?.cluster;
    expect(prebooted).toBeDefined();
    early.server.handle({ type: 'boot', seed: 1, columns: 100, rows: 30, speed: 1, history: ['kubectl get nodes'] });
    expect(early.server.cluster).toBe(prebooted);
    expect(early.msgs[0]).toMatchObject({ type: 'ready', prompt: '\x1b]0;learner@control-plane: ~\x07\x1b[01;32mlearner@control-plane\x1b[00m:\x1b[01;34m~\x1b[00m$ ' });
    expect(early.server.session.shell.history).toEqual(['kubectl get nodes']);

    const plain = lab();
    plain.server.handle({ type: 'boot', seed: 1, columns: 100, rows: 30, speed: 1, history: [] });
    expect(early.server.cluster.clock.now()).toBe(plain.server.cluster.clock.now());
    expect(early.server.cluster.store.currentRevision()).toBe(plain.server.cluster.store.currentRevision());
    const cmd = 'kubectl get pods -A -o wide';
    expect(await run(early.server, early.msgs, cmd)).toBe(await run(plain.server, plain.msgs, cmd));
  });

  it('records no history of stored changes for a lesson (only an exercise’s own cluster has a checker to read it)', () => {
    const l = lab();
    l.server.handle({ type: 'boot', seed: 1, columns: 80, rows: 24, speed: 1, history: [] });
    const revision = l.server.cluster.store.currentRevision();
    l.server.cluster.clock.advance(600_000);
    expect(l.server.cluster.store.currentRevision()).toBeGreaterThan(revision);
    expect(l.server.cluster.history.filter((h) => h.kind === 'change')).toEqual([]);
  });

  it('is not adopted for another seed or demo size', () => {
    const l = lab();
    l.server.handle({ type: 'preboot', seed: 1 });
    const prebooted = l.server['prebooted']?.cluster;
    l.server.handle({ type: 'boot', seed: 2, columns: 80, rows: 24, speed: 1, history: [] });
    expect(l.server.cluster).not.toBe(prebooted);
    expect(l.server['prebooted']).toBeUndefined();

    const m = lab();
    m.server.handle({ type: 'preboot', seed: 1 });
    m.server.handle({ type: 'boot', seed: 1, columns: 80, rows: 24, speed: 1, history: [], workers: 3 });
    expect(m.server.cluster.nodeConfigs.length).toBe(4);
  });

  it('is ignored once the lab has booted (a late preboot never replaces the learner’s cluster)', () => {
    const l = lab();
    l.server.handle({ type: 'boot', seed: 1, columns: 80, rows: 24, speed: 1, history: [] });
    const booted = l.server.cluster;
    l.server.handle({ type: 'preboot', seed: 1 });
    expect(l.server['prebooted']).toBeUndefined();
    expect(l.server.cluster).toBe(booted);
  });
});
