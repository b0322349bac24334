/**
 * Loads the field manager's code (managedfields/index.ts) on first use and hands it to the API server.
 * Until it is there, writes are only recorded (managed-record.ts); whatever must read managedFields or
 * server-side apply awaits this first (kubectl before such a command, the HTTP front); the API server
 * starts it itself when a chain of records grows long, and takes it as soon as it is there.
 */
import { lazyModule } from '../../util/lazy-module.js';
import type { APIServer, FieldManager } from '../apiserver.js';

const code = lazyModule(() => import('./index.js'));

export function fieldManagerCodeLoaded(): boolean {
  return code.loaded() !== undefined;
}

/** The code alone, for a client that will read objects through any API server (a pod's curl to the secure port). */
export function loadFieldManagerCode(): Promise<unknown> {
  return code.load();
}

export function loadFieldManager(apiserver: APIServer): Promise<void> {
  return code.load().then(() => void fieldManagerIfLoaded(apiserver));
}

/** The field manager for `apiserver` when its code is loaded (by anyone), installing it; undefined otherwise. */
export function fieldManagerIfLoaded(apiserver: APIServer): FieldManager | undefined {
  const m = code.loaded();
  if (m) apiserver.fieldManager ??= { withManagedFields: m.withManagedFields, managersOf: m.managersOf, serverSideApply: m.serverSideApply, applyMerge: m.applyMerge, sameManagers: m.sameManagers, sentManagers: m.sentManagers };
  return apiserver.fieldManager;
}
