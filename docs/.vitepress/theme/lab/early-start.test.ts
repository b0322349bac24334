import { describe, expect, it } from 'vitest';
import { earlyStartScript, EARLY_WORKER_GLOBAL, ENGINE_WORKER_NAME, findWorkerAsset, prebootFromName, seedFrom, workersFrom } from './early-start';
import { takeEarlyWorker } from './host';
import { DEFAULT_SEED, MAX_DEMO_WORKERS } from '../composables/useLab';

/** Runs the inline script against a fake window: what it starts and what it posts. */
function runScript(search: string, failing = false) {
  const started: { url: string; opts: unknown; posted: unknown[]; onerror?: (e: unknown) => void; kubelabFailed?: string }[] = [];
  class FakeWorker {
    posted: unknown[] = [];
    onerror?: (e: unknown) => void;
    constructor(public url: string, public opts: unknown) {
      if (failing) throw new Error('no module workers');
      started.push(this as never);
    }
    postMessage(m: unknown) { this.posted.push(m); }
  }
  const win: Record<string, unknown> = {};
  new Function('window', 'Worker', 'location', 'URLSearchParams', earlyStartScript('/assets/worker-abc.js'))(win, FakeWorker, { search }, URLSearchParams);
  return { started, win };
}

describe('the lesson page head script', () => {
  it('starts the built worker as a module worker and asks for the default cluster', () => {
    const { started, win } = runScript('');
    expect(started).toHaveLength(1);
    expect(started[0].url).toBe('/assets/worker-abc.js');
    expect(started[0].opts).toEqual({ type: 'module', name: 'kubelab-engine preboot seed=1' });
    expect(prebootFromName((started[0].opts as { name: string }).name)).toEqual({ seed: DEFAULT_SEED });
    // Nothing is posted: a message would wait for the page's main thread (the name is read at once, worker.ts).
    expect(started[0].posted).toEqual([]);
    expect(win[EARLY_WORKER_GLOBAL]).toBe(started[0]);
  });

  it('asks for the seed and demo size the page will ask for', () => {
    const { started } = runScript('?seed=7&workers=5000');
    expect(prebootFromName((started[0].opts as { name: string }).name)).toEqual({ seed: 7, workers: MAX_DEMO_WORKERS });
    expect(seedFrom('?seed=-3')).toBe(DEFAULT_SEED);
    expect(seedFrom('?seed=2.5')).toBe(DEFAULT_SEED);
    expect(workersFrom('?workers=20')).toBe(20);
    expect(workersFrom('?workers=0')).toBeUndefined();
  });

  it('starts nothing for ?engine=main and leaves the page to itself when Worker throws', () => {
    expect(runScript('?engine=main').started).toHaveLength(0);
    expect(runScript('', true).win[EARLY_WORKER_GLOBAL]).toBeUndefined();
  });

  it('marks a worker that failed to load, so the page starts its own', () => {
    const { started, win } = runScript('');
    let prevented = false;
    started[0].onerror!({ message: 'SyntaxError', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    let terminated = false;
    (started[0] as unknown as { terminate(): void }).terminate = () => (terminated = true);
    expect(takeEarlyWorker(win)).toBeUndefined();
    expect(terminated).toBe(true);
    expect(EARLY_WORKER_GLOBAL in win).toBe(false);
  });

  it('reads no preboot request from other worker names', () => {
    expect(prebootFromName(ENGINE_WORKER_NAME)).toBeUndefined();
    expect(prebootFromName('kubelab-engine preboot seed=x')).toBeUndefined();
    expect(prebootFromName('kubelab-engine preboot seed=3 workers=20')).toEqual({ seed: 3, workers: 20 });
  });

  it('is adopted once', () => {
    const { started, win } = runScript('');
    expect(takeEarlyWorker(win)).toBe(started[0]);
    expect(takeEarlyWorker(win)).toBeUndefined();
  });

  it('finds the worker among the build assets', () => {
    expect(findWorkerAsset(['/assets/inter-roman-latin.Di8DUHzh.woff2', '/assets/descriptions-kJljQBOd.js', '/assets/worker-B7_Py7Jr.js'])).toBe('/assets/worker-B7_Py7Jr.js');
    expect(findWorkerAsset(['/assets/descriptions-kJljQBOd.js'])).toBeUndefined();
  });
});
