/**
 * The YAML library (eemeli/yaml), loaded on first need rather than with the
 * engine: it is a quarter of the lab's code before its first prompt, and a
 * fresh lab reads no YAML until the learner applies a file, patches, edits,
 * or rewrites a kubeconfig or a static pod manifest (the texts the lab writes
 * itself come from our own printer). Those paths run in async code that
 * awaits `loadYaml()` first; the page also fetches it at idle with the lazy
 * kubectl verbs, so the first `kubectl apply -f` does not wait.
 */
import type * as YamlModule from 'yaml';

export type YamlLib = typeof YamlModule;

let lib: YamlLib | undefined;
let loading: Promise<YamlLib> | undefined;

/** Loads the library (once); resolves to it. */
export function loadYaml(): Promise<YamlLib> {
  return (loading ??= import('yaml').then((m) => (lib = m)));
}

/** The library if it has loaded, else undefined. */
export function loadedYaml(): YamlLib | undefined {
  return lib;
}

/** Thrown where YAML must be read before `loadYaml()` has resolved: the caller loads it and tries again. */
export class YamlNotLoadedError extends Error {
  constructor() {
    super('the YAML library is not loaded yet');
  }
}

/** The library, which the caller has made sure is loaded. */
export function yamlLib(): YamlLib {
  if (!lib) throw new YamlNotLoadedError();
  return lib;
}

/** Loads the library while simulated time waits (loading is real I/O, as for lazily loaded kubectl verbs). */
export async function loadYamlHolding(clock: { hold(): () => void }): Promise<YamlLib> {
  if (lib) return lib;
  const release = clock.hold();
  try {
    return await loadYaml();
  } finally {
    release();
  }
}
