/**
 * Failures and load an exercise injects, at a simulated time after the
 * learner gets the cluster ("the app starts leaking memory 30 s after the
 * start"). Each one is recorded in the cluster's history, so checks can wait
 * for it (`after:`) and the page can show it.
 */
import type { KObject } from '../engine/api/meta.js';
import type { Cluster } from '../engine/cluster.js';
import type { InjectionSpec } from './types.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Pods an injection applies to: the selector's live pods, sorted by name for determinism. */
function targetPods(cluster: Cluster, spec: InjectionSpec): KObject[] {
  const ns = spec.namespace ?? 'default';
  try {
    return cluster.apiserver
      .list('pods', ns, { labelSelector: spec.selector ?? '' })
      .items.filter((p) => !p.metadata.deletionTimestamp && (p.status as Any)?.phase === 'Running')
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
      .slice(0, spec.count ?? Infinity);
  } catch {
    return [];
  }
}

function onPods(cluster: Cluster, spec: InjectionSpec, fn: (kubelet: NonNullable<ReturnType<Cluster['kubelets']['get']>>, ns: string, name: string) => boolean): string[] {
  const done: string[] = [];
  for (const p of targetPods(cluster, spec)) {
    const k = cluster.kubelets.get((p.spec as Any)?.nodeName);
    if (k && fn(k, p.metadata.namespace!, p.metadata.name!)) done.push(p.metadata.name!);
  }
  return done;
}

/** Load a Service receives, spread over its ready endpoints as kube-proxy spreads connections. */
export interface LoadSink {
  setLoad(namespace: string, service: string, rps: number): void;
}

/** Applies one injection now; returns what it touched (for the history entry). Never throws. */
export function applyInjection(cluster: Cluster, spec: InjectionSpec, load?: LoadSink): string[] {
  let touched: string[] = [];
  try {
    switch (spec.action) {
      case 'stop-node':
      case 'start-node': {
        const k = cluster.kubelets.get(spec.target!);
        if (k) {
          if (spec.action === 'stop-node') k.powerOff();
          else k.powerOn();
          touched = [spec.target!];
        }
        break;
      }
      case 'stop-component':
        // stopComponent records its own history entry.
        if (cluster.stopComponent(spec.target!)) touched = [spec.target!];
        break;
      case 'start-component':
        if (cluster.startComponent(spec.target!)) touched = [spec.target!];
        break;
      case 'kill-container':
        touched = onPods(cluster, spec, (k, ns, n) => k.killContainer(ns, n));
        break;
      case 'delete-pod': {
        const c = cluster.client('kubelab-injector');
        for (const p of targetPods(cluster, spec)) {
          c.delete('pods', p.metadata.namespace, p.metadata.name!);
          touched.push(p.metadata.name!);
        }
        break;
      }
      case 'hang':
        touched = onPods(cluster, spec, (k, ns, n) => k.inject(ns, n, undefined, { hang: true }));
        break;
      case 'leak-memory':
        touched = onPods(cluster, spec, (k, ns, n) => k.inject(ns, n, undefined, { leakBytesPerSec: spec.rate }));
        break;
      case 'fail-readiness':
        touched = onPods(cluster, spec, (k, ns, n) => k.inject(ns, n, undefined, { failReadiness: true }));
        break;
      case 'send-load':
      case 'stop-load': {
        const [ns, svc] = spec.target!.includes('/') ? spec.target!.split('/') : [spec.namespace ?? 'default', spec.target!];
        load?.setLoad(ns, svc, spec.action === 'send-load' ? spec.rate ?? 0 : 0);
        touched = [`${ns}/${svc}`];
        break;
      }
    }
  } catch {
    // The API server may be down at that moment: the injection touched nothing, as it would on a real cluster.
  }
  if (spec.action !== 'stop-component' && spec.action !== 'start-component') {
    cluster.history.push({ time: cluster.clock.now(), kind: 'injection', action: spec.action, target: spec.target ?? spec.selector ?? '', detail: { id: spec.id, touched } });
  }
  return touched;
}
