/**
 * Serving a version besides the stored one, as kube-apiserver's handlers do for a group with several versions:
 * the request's object is decoded at its version (apiVersion, kind, the version's fields), converted to the stored
 * version and written there; every answer (and each watch event) is the stored object converted back. A patch
 * applies to the object at the request's version. Loaded with the version's conversion (registry/hpa-v1.ts).
 */
import type { APIServer, WriteOptions } from '../apiserver.js';
import { ALTERNATES } from '../strategy.js';
import { clone, type KObject } from '../meta.js';
import { mergePatch } from '../patch.js';
import { lookupResource } from '../resources.js';

export interface Conversion {
  /** The storage version's resource key ("horizontalpodautoscalers.autoscaling"). */
  storage: string;
  /** The request's object (decoded at the alternate version) as the stored version holds it. */
  toStorage(obj: KObject): KObject;
  /** A stored object at the alternate version. */
  fromStorage(obj: KObject): KObject;
}

/** Serves the alternate version `key` ("horizontalpodautoscalers.v1.autoscaling") through `conv`. */
export function serveAlternate(key: string, conv: Conversion): void {
  const info = lookupResource(key)!;
  // Each object served and the stored version it came from: its managedFields are the stored version's.
  const stored = new WeakMap<KObject, KObject>();
  const out = (o: KObject) => {
    const v = conv.fromStorage(o);
    stored.set(v, o);
    return v;
  };
  const decoded = (s: APIServer, input: KObject, opts: WriteOptions) => conv.toStorage(clone(s.check(info, input, opts)));
  ALTERNATES.set(key, {
    get: (s, ns, name) => out(s.get(conv.storage, ns, name)),
    tryGet: (s, ns, name) => {
      const o = s.tryGet(conv.storage, ns, name);
      return o && out(o);
    },
    list: (s, ns, opts) => {
      const l = s.list(conv.storage, ns, opts);
      return { ...l, items: l.items.map(out) };
    },
    create: (s, ns, obj, opts) => out(s.create(conv.storage, ns, decoded(s, obj, opts), opts)),
    update: (s, obj, opts) => out(s.update(conv.storage, decoded(s, obj, opts), opts as Parameters<APIServer['update']>[2])),
    patch: (s, ns, name, type, patch, opts) => {
      // Server-side apply creates what does not exist yet.
      if (type === 'apply' && !opts.subresource && patch && typeof patch === 'object' && !Array.isArray(patch) && !s.tryGet(conv.storage, ns, name)) {
        return ALTERNATES.get(key)!.create(s, ns, { ...(patch as KObject), metadata: { ...((patch as KObject).metadata ?? {}), name } } as KObject, opts);
      }
      // The versions served this way have no lists to merge by key: a strategic merge patch (or an apply) merges as a JSON merge patch does.
      const obj = s.patched(out(s.get(conv.storage, ns, name)), type, patch, mergePatch);
      const { subresource, ...rest } = opts;
      return out(s.update(conv.storage, decoded(s, obj, rest), subresource === 'status' ? { ...rest, subresource } : rest));
    },
    delete: (s, ns, name, opts) => out(s.delete(conv.storage, ns, name, opts)),
    watch: (s, ns, opts, handler, onClose) => s.watch(conv.storage, ns, opts, (e) => handler(e.type === 'ERROR' ? e : { type: e.type, object: out(e.object) }), onClose),
    withManagedFields: (s, obj) => {
      const from = stored.get(obj);
      const managed = from && s.withManagedFields(conv.storage, from).metadata.managedFields;
      return managed ? { ...obj, metadata: { ...obj.metadata, managedFields: managed } } : obj;
    },
  });
}
