/**
 * Objects kubectl prints from its typed clients keep the Go structs' field
 * order in JSON (an unstructured object's keys come out sorted): the Events
 * `kubectl events -o json` lists and the kubeconfig `kubectl config view -o
 * json` prints. Loaded on first use (loadTypedOrder).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = Record<string, any>;
import type { KObject } from '../../api/meta.js';

const EVENT_FIELDS = ['kind', 'apiVersion', 'metadata', 'involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime', 'series', 'action', 'related', 'reportingComponent', 'reportingInstance'];
const META_FIELDS = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];
const REF_FIELDS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];
const NESTED: Record<string, string[]> = { metadata: META_FIELDS, involvedObject: REF_FIELDS, related: REF_FIELDS, source: ['component', 'host'], series: ['count', 'lastObservedTime'] };

function ordered(o: Any, keys: string[]): Any {
  const out: Any = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = NESTED[k] && o[k] && typeof o[k] === 'object' && keys === EVENT_FIELDS ? ordered(o[k], NESTED[k]) : o[k];
  return out;
}

/** A v1.Event as the typed clientset hands it to the printer: its fields in the struct's order. */
export function typedEvent(e: KObject): Any {
  return ordered(e as Any, EVENT_FIELDS);
}


type Obj = Record<string, unknown>;
const CONFIG_FIELDS: Record<string, string[]> = {
  config: ['kind', 'apiVersion', 'preferences', 'clusters', 'users', 'contexts', 'current-context', 'extensions'],
  cluster: ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression', 'extensions'],
  user: ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups', 'as-user-extra', 'username', 'password', 'auth-provider', 'exec', 'extensions'],
  context: ['cluster', 'user', 'namespace', 'extensions'],
};

function inOrder(o: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out)) out[k] = o[k];
  return out;
}

/** The kubeconfig as clientcmd's v1 types encode it to JSON (an empty preferences object is left out, as kubectl prints it). */
export function typedConfig(c: Obj): Obj {
  const named = (list: unknown, item: string) => (Array.isArray(list) ? list.map((e: Obj) => ({ name: e.name, [item]: inOrder((e[item] ?? {}) as Obj, CONFIG_FIELDS[item]) })) : list);
  const prefs = c.preferences && Object.keys(c.preferences as Obj).length ? c.preferences : undefined;
  return inOrder({ ...c, preferences: prefs, clusters: named(c.clusters, 'cluster'), users: named(c.users, 'user'), contexts: named(c.contexts, 'context') }, CONFIG_FIELDS.config);
}

