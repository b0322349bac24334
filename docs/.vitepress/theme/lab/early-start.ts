/**
 * Starting the engine before the page's scripts run. A lesson page's ready
 * prompt waits for two things: the page (VitePress, Vue, xterm) and the engine
 * worker (download, compile, boot). Started from onMounted, the worker only
 * begins after the page has hydrated; started from a small inline script in
 * the page's <head> (added at build time by docs/.vitepress/config.ts), it
 * downloads, compiles and boots its cluster while the page loads, and the two
 * costs overlap instead of adding up.
 *
 * The script leaves the Worker in `window[EARLY_WORKER_GLOBAL]`; the page's
 * first connection adopts it (host.ts, takeEarlyWorker) and its `boot` adopts
 * the prebooted cluster when seed and workers match (server.ts).
 *
 * The preboot request travels in the worker's name, not in a message: a
 * message posted before the worker runs is handed over by the page's main
 * thread, which is busy loading the page just then (a Chromium trace showed
 * the worker idle for 85 ms with its bundle evaluated, waiting for it). The
 * name is there when the worker's module starts (worker.ts).
 */

export const EARLY_WORKER_GLOBAL = '__kubelabEngine';
/** As in host.ts's `new Worker(…)`, whose options Vite needs written out literally. */
export const ENGINE_WORKER_NAME = 'kubelab-engine';

/** `?seed=N` (a positive integer), else 1: the same cluster every visit. */
export function seedFrom(search: string): number {
  const s = Number(new URLSearchParams(search).get('seed'));
  return Number.isInteger(s) && s > 0 ? s : 1;
}

/** `?workers=N` for a large demo, at most 200 worker nodes; undefined: the lessons' two. */
export function workersFrom(search: string): number | undefined {
  const w = Number(new URLSearchParams(search).get('workers'));
  return Number.isInteger(w) && w > 0 ? Math.min(w, 200) : undefined;
}

/** The name of a worker that boots this cluster as soon as it starts (`kubelab-engine preboot seed=1`). */
export function prebootName(seed: number, workers: number | undefined): string {
  return 'kubelab-engine preboot seed=' + seed + (workers ? ' workers=' + workers : '');
}

/** The preboot request in a worker's name (prebootName), if any. */
export function prebootFromName(name: string): { seed: number; workers?: number } | undefined {
  const m = /^kubelab-engine preboot seed=(\d+)(?: workers=(\d+))?$/.exec(name);
  if (!m) return undefined;
  return m[2] ? { seed: Number(m[1]), workers: Number(m[2]) } : { seed: Number(m[1]) };
}

/**
 * The inline script's source. `seedFrom`, `workersFrom` and `prebootName` are
 * embedded as they are (they reference nothing outside themselves), so the page and the
 * head script cannot disagree about the cluster they ask for. A worker that
 * fails to start is marked, and the page starts its own.
 */
export function earlyStartScript(workerUrl: string): string {
  return `(function(){try{var q=location.search;if(new URLSearchParams(q).get('engine')==='main')return;` +
    `var w=new Worker(${JSON.stringify(workerUrl)},{type:'module',name:(${prebootName.toString()})((${seedFrom.toString()})(q),(${workersFrom.toString()})(q))});` +
    `w.onerror=function(e){e.preventDefault();w.kubelabFailed=e.message||'the engine worker stopped'};` +
    `window[${JSON.stringify(EARLY_WORKER_GLOBAL)}]=w}catch(e){}})();`;
}

/** The built worker among the client build's assets (`/assets/worker-<hash>.js`), if any. */
export function findWorkerAsset(assets: readonly string[]): string | undefined {
  return assets.find((a) => /\/worker-[\w-]+\.js$/.test(a));
}
