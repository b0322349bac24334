/**
 * Code that loads on first use (the page's eager bundle keeps to what a fresh
 * lab runs): `load()` imports the module once, however often it is asked;
 * `loaded()` is the module once it is there, for synchronous callers that
 * act only when it is (and hold the clock while they wait for it otherwise).
 */
export interface LazyModule<M> {
  load(): Promise<M>;
  loaded(): M | undefined;
}

/** Loads under way: a load started and not awaited (a write's validation while its rules load) can be waited out. */
const inFlight = new Set<Promise<unknown>>();

/** `importer` is called once, at the first `load()`; it must hold the literal `import('./x.js')` the bundler splits on. */
export function lazyModule<M>(importer: () => Promise<M>): LazyModule<M> {
  let mod: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    load: () => {
      if (loading) return loading;
      loading = importer().then((m) => (mod = m));
      const settle = loading.then(() => undefined, () => undefined);
      inFlight.add(settle);
      void settle.then(() => inFlight.delete(settle));
      return loading;
    },
    loaded: () => mod,
  };
}

/**
 * A loader for code a running process needs (a container's shell, its applets): the promise never rejects. A failed
 * load (offline before the page's prefetch) is kept for the process to print, and the next use tries again;
 * `onLoad` receives the module.
 */
export function retryingLoader<M>(importer: () => Promise<M>, onLoad: (m: M) => void): { load(): Promise<void>; error(): string | undefined } {
  let loading: Promise<void> | undefined;
  let error: string | undefined;
  return {
    load: () => (loading ??= importer().then(
      (m) => { onLoad(m); error = undefined; },
      (e: unknown) => { error = e instanceof Error ? e.message : String(e); loading = undefined; },
    )),
    error: () => error,
  };
}

/** Resolves once every load started so far has ended (the tests' teardown waits for them). */
export async function settleLazyModules(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight]);
}
