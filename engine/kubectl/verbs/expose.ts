/**
 * `kubectl expose (deployment|rs|pod|service) NAME --port=...`: a Service whose
 * selector and ports come from the object (introspection) unless given.
 */
import type { KObject } from '../../api/meta.js';
import { lookupResource } from '../../api/resources.js';
import { buildInfos } from '../framework/builder.js';
import { type Command, type Invocation } from '../framework/command.js';
import { createGenerated } from './create.js';
import { parseLabelsFlag } from './run.js';
import { verb } from './mutate.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** MapBasedSelectorForObject. */
export function selectorFor(obj: Any): Record<string, string> {
  switch (obj.kind) {
    case 'Pod':
      if (!obj.metadata.labels || !Object.keys(obj.metadata.labels).length) throw new Error('the pod has no labels and cannot be exposed');
      return obj.metadata.labels;
    case 'Service':
      if (!obj.spec?.selector) throw new Error(`the service has no pod selector set`);
      return obj.spec.selector;
    case 'Deployment':
    case 'ReplicaSet': {
      const sel = obj.spec?.selector ?? {};
      if (sel.matchExpressions?.length) throw new Error(`couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`);
      return sel.matchLabels ?? {};
    }
  }
  throw new Error(`cannot extract pod selector from ${obj.kind}`);
}

/** PortsForObject: container ports of the pod (template), or the service's ports. */
export function portsFor(obj: Any): { port: number; name?: string; protocol?: string }[] {
  if (obj.kind === 'Service') return (obj.spec?.ports ?? []).map((p: Any) => ({ port: p.port, name: p.name, protocol: p.protocol }));
  const spec = obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
  return (spec?.containers ?? []).flatMap((c: Any) => (c.ports ?? []).map((p: Any) => ({ port: p.containerPort, name: p.name, protocol: p.protocol })));
}

async function runExpose(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const res = await buildInfos(inv, { args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive') });
  if (inv.args.length === 0 && f.strings('filename').length === 0) throw new Error('You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
  for (const info of res.infos) {
    const obj = info.object as Any;
    if (!['Pod', 'Service', 'Deployment', 'ReplicaSet', 'ReplicationController'].includes(obj.kind)) {
      throw new Error(`cannot expose a ${obj.kind}.${info.resource.group}`);
    }
    let selector: Record<string, string>;
    if (f.string('selector')) selector = parseLabelsFlag(f.string('selector'));
    else {
      try {
        selector = selectorFor(obj);
      } catch (e) {
        throw new Error(`couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
      }
    }
    const protocol = f.string('protocol');
    let ports: Record<string, unknown>[];
    const target = f.string('target-port');
    const targetPort = (p: number) => (target ? (/^[0-9]+$/.test(target) ? Number(target) : target) : p);
    if (f.string('port')) {
      const port = Number(f.string('port'));
      ports = [{ protocol: protocol || 'TCP', port, targetPort: targetPort(port) }];
    } else {
      const found = portsFor(obj);
      if (!found.length) throw new Error("couldn't find port via --port flag or introspection");
      ports = found.map((p, i) => ({ ...(found.length > 1 ? { name: p.name || `port-${i + 1}` } : {}), protocol: protocol || p.protocol || 'TCP', port: p.port, targetPort: obj.kind === 'Service' ? targetPort(p.port) : targetPort(p.port) }));
    }
    const name = f.string('name') || info.name;
    const labels = f.string('labels') ? parseLabelsFlag(f.string('labels')) : obj.metadata.labels;
    const spec: Record<string, unknown> = { ports, selector };
    if (f.string('cluster-ip')) spec.clusterIP = f.string('cluster-ip');
    if (f.string('type')) spec.type = f.string('type');
    if (f.string('external-ip')) spec.externalIPs = [f.string('external-ip')];
    if (f.string('load-balancer-ip')) spec.loadBalancerIP = f.string('load-balancer-ip');
    if (f.string('session-affinity')) spec.sessionAffinity = f.string('session-affinity');
    const meta: KObject['metadata'] = { name };
    if (inv.explicitNamespace) meta.namespace = inv.namespace;
    if (labels && Object.keys(labels).length) meta.labels = labels;
    const svc: KObject = { kind: 'Service', apiVersion: 'v1', metadata: meta, spec, status: { loadBalancer: {} } };
    const code = createGeneratedExposed(inv, svc);
    if (code) return code;
  }
  return 0;
}

function createGeneratedExposed(inv: Invocation, svc: KObject): number {
  // expose's PrintFlags say "exposed" where create says "created".
  const out = inv.out;
  inv.out = (t: string) => out(t.replace(/ created( \((?:server )?dry run\))?\n$/, ' exposed$1\n'));
  try {
    return createGenerated(inv, lookupResource('services')!, svc);
  } finally {
    inv.out = out;
  }
}

export const expose: Command = verb('expose', { run: runExpose });
