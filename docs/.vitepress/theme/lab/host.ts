/**
 * The page's handle on the lab engine: starts the Web Worker (or, where
 * workers fail, the same server in-process), numbers requests and turns
 * replies into promises. Browser-only: created from onMounted.
 */
import type { EngineMessage, Injection, PageRequest, RunDone, Speed } from './protocol';
import type { Exercise } from '../../../../checker/types';
import type { PodDetail } from './snapshot';
import { EARLY_WORKER_GLOBAL } from './early-start';

export type Listener = (m: EngineMessage) => void;

export interface Transport {
  send(m: PageRequest): void;
  close(): void;
}

export class LabHost {
  private nextId = 1;
  private waiting = new Map<number, (m: EngineMessage) => void>();
  private listeners = new Set<Listener>();
  private transport: Transport;

  constructor(makeTransport: (receive: (m: EngineMessage) => void) => Transport) {
    this.transport = makeTransport((m) => this.receive(m));
  }

  on(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private receive(m: EngineMessage): void {
    if ('id' in m && typeof m.id === 'number') {
      const w = this.waiting.get(m.id);
      if (w) {
        this.waiting.delete(m.id);
        w(m);
      }
    }
    for (const l of this.listeners) l(m);
  }

  send(m: PageRequest): void {
    this.transport.send(m);
  }

  private ask<T extends EngineMessage>(make: (id: number) => PageRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, (m) => resolve(m as T));
      this.transport.send(make(id));
    });
  }

  boot(seed: number, columns: number, rows: number, speed: Speed, history: string[], workers?: number): void {
    this.send({ type: 'boot', seed, columns, rows, speed, history, workers });
  }

  run(line: string): Promise<RunDone> {
    return this.ask<Extract<EngineMessage, { type: 'done' }>>((id) => ({ type: 'run', id, line }));
  }

  eof(): Promise<RunDone> {
    return this.ask<Extract<EngineMessage, { type: 'done' }>>((id) => ({ type: 'eof', id }));
  }

  complete(line: string, cursor: number): Promise<{ start: number; candidates: string[] }> {
    return this.ask<Extract<EngineMessage, { type: 'completion' }>>((id) => ({ type: 'complete', id, line, cursor }));
  }

  pod(namespace: string, name: string): Promise<PodDetail | undefined> {
    return this.ask<Extract<EngineMessage, { type: 'pod' }>>((id) => ({ type: 'pod', id, namespace, name })).then((m) => m.detail);
  }

  inject(injection: Injection): Promise<{ ok: boolean; message: string }> {
    return this.ask<Extract<EngineMessage, { type: 'injected' }>>((id) => ({ type: 'inject', id, injection })).then((m) => ({ ok: m.ok, message: m.message }));
  }

  /** Boots with an exercise set up (the reply is `ready`, then `checked` results). */
  bootExercise(exercise: Exercise, seed: number, columns: number, rows: number, speed: Speed, history: string[]): void {
    this.send({ type: 'exercise', exercise, seed, columns, rows, speed, history });
  }

  check(): void {
    this.send({ type: 'check' });
  }

  close(): void {
    this.transport.close();
    this.waiting.clear();
  }
}

/**
 * The worker the lesson page's head script started (early-start.ts), once:
 * a Reset gets a fresh worker. Undefined when there is none or it failed.
 */
export function takeEarlyWorker(scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): Worker | undefined {
  const w = scope[EARLY_WORKER_GLOBAL] as (Worker & { kubelabFailed?: string }) | undefined;
  if (!w) return undefined;
  delete scope[EARLY_WORKER_GLOBAL];
  if (w.kubelabFailed !== undefined) {
    w.terminate();
    return undefined;
  }
  return w;
}

/** The engine in a module Web Worker; worker errors arrive as `fatal` messages. */
export function workerTransport(receive: (m: EngineMessage) => void): Transport {
  const w = takeEarlyWorker() ?? new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'kubelab-engine' });
  w.onmessage = (e: MessageEvent<EngineMessage>) => receive(e.data);
  w.onerror = (e) => {
    e.preventDefault();
    receive({ type: 'fatal', message: e.message || 'the engine worker stopped' });
  };
  w.onmessageerror = () => receive({ type: 'fatal', message: 'a message from the engine could not be read' });
  return { send: (m) => w.postMessage(m), close: () => w.terminate() };
}

/**
 * The same server on the main thread (no Worker support, or tests): messages
 * are still delivered asynchronously so callers behave the same.
 */
export function inlineTransport(receive: (m: EngineMessage) => void): Transport {
  let closed = false;
  let server: import('./server').LabServer | undefined;
  const queue: PageRequest[] = [];
  void import('./server').then(({ LabServer }) => {
    server = new LabServer({
      post: (m) => { if (!closed) queueMicrotask(() => receive(m)); },
      realNow: () => performance.now(),
      schedule: (fn, ms) => { if (!closed) setTimeout(fn, ms); },
    });
    for (const m of queue.splice(0)) server.handle(m);
  }, (e) => receive({ type: 'fatal', message: String(e) }));
  return {
    send: (m) => (server ? server.handle(m) : queue.push(m)),
    close: () => { closed = true; },
  };
}
