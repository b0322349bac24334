/**
 * What a check sees: a client of the API server (it reads the cluster the way
 * kubectl would, so a stopped API server makes it "unknown", not wrong), the
 * cluster for what no API shows (components, the network), and the recorded
 * history since the learner got the cluster.
 */
import type { Client } from '../../engine/api/client.js';
import type { KObject } from '../../engine/api/meta.js';
import { lookupKind, resolveResource, resourceKey, type ResourceInfo } from '../../engine/api/resources.js';
import type { Cluster, HistoryEntry } from '../../engine/cluster.js';
import type { Msg, Observation } from '../types.js';

export interface CheckContext {
  cluster: Cluster;
  client: Client;
  now: number;
  /** When the learner got the cluster. */
  start: number;
  /** Index of the first history entry that belongs to the learner's time. */
  historyStart: number;
  history: readonly HistoryEntry[];
  /** UIDs of objects when the learner got the cluster: "resource/namespace/name" → uid. */
  baseline: ReadonlyMap<string, string>;
  /** Injections that happened: id → simulated time. */
  injections: ReadonlyMap<string, number>;
  /** Requests the exercise's load sent (when it sends load). */
  load?: { readonly requests: readonly { time: number; service: string; ok: boolean; outcome: string }[] };
  /** The learner's home folder contents (for checks on files they wrote). */
  readFile?(path: string): string | undefined;
}

export interface Check {
  observe(ctx: CheckContext): Observation;
}

export type ParamType = 'string' | 'number' | 'boolean' | 'list' | 'object' | 'any';

export interface ParamSpec {
  type: ParamType;
  required?: boolean;
}

export interface CheckKind {
  /** The `type:` value in the YAML. */
  type: string;
  params: Record<string, ParamSpec>;
  /** Validates parameter values beyond their types (a bad regex, an unknown kind); returns the reason or undefined. */
  validate?(params: Record<string, unknown>): string | undefined;
  create(params: Record<string, unknown>): Check;
}

export const pass = (msg: Msg): Observation => ({ status: 'pass', msg });
export const fail = (msg: Msg): Observation => ({ status: 'fail', msg });
export const unknown = (msg: Msg): Observation => ({ status: 'unknown', msg });

/** A kind as written in an exercise ("Deployment", "deploy", "pods") → its resource. */
export function resourceFor(kind: string): ResourceInfo | undefined {
  const info = resolveResource(kind.toLowerCase()) ?? resolveResource(kind);
  if (info && !info.virtual) return info;
  for (const v of ['v1', 'apps/v1', 'autoscaling/v2', 'discovery.k8s.io/v1', 'coordination.k8s.io/v1']) {
    const i = lookupKind(v, kind);
    if (i && !i.virtual) return i;
  }
  return undefined;
}

export function baselineKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${resourceKey(info)}/${info.namespaced ? namespace ?? 'default' : ''}/${name}`;
}

/** Objects of a resource in a namespace, optionally by label selector, skipping those being deleted when asked. */
export function listObjects(ctx: CheckContext, info: ResourceInfo, namespace: string | undefined, selector?: string): KObject[] {
  return ctx.client.list(resourceKey(info), info.namespaced ? namespace ?? 'default' : undefined, selector ? { labelSelector: selector } : {}).items;
}

/** The learner's history entries (after setup). */
export function* learnerHistory(ctx: CheckContext, from = ctx.historyStart): Generator<HistoryEntry> {
  for (let i = from; i < ctx.history.length; i++) yield ctx.history[i];
}

export function str(p: Record<string, unknown>, k: string, d = ''): string {
  const v = p[k];
  return typeof v === 'string' ? v : v === undefined ? d : String(v);
}

export function num(p: Record<string, unknown>, k: string): number | undefined {
  const v = p[k];
  return typeof v === 'number' ? v : undefined;
}

export function bool(p: Record<string, unknown>, k: string, d: boolean): boolean {
  const v = p[k];
  return typeof v === 'boolean' ? v : d;
}

export const both = (s: string): Msg => ({ ko: s, en: s });

/** Joins message parts in each language. */
export function join(parts: Msg[], ko = ' ', en = ' '): Msg {
  return { ko: parts.map((p) => p.ko).join(ko), en: parts.map((p) => p.en).join(en) };
}
