/**
 * `kubectl expose (deployment|rs|pod|service) NAME --port=...`: a Service whose
 * selector and ports come from the object (introspection) unless given.
 */
import type { KObject } from '../../api/meta.js';
import { lookupResource } from '../../api/resources.js';
import { MISSING_RESOURCE, buildInfos, parseResourceArgs, throwIfErrors } from '../framework/builder.js';
import { type Command, type Invocation } from '../framework/command.js';
import { goAtoi } from './create.js';
import { applyOverrides, loadOverrideDecoder, parseLabelsFlag } from './run.js';
import { dryRunStrategy, outputSpec, printResult, setLastApplied, verb, type DryRun } from './mutate.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** MapBasedSelectorForObject. */
export function selectorFor(obj: Any): Record<string, string> {
  switch (obj.kind) {
    case 'ReplicationController':
      return obj.spec?.selector ?? {};
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

/** PortsForObject: container ports of the pod (template), or the service's ports, with their protocols. */
export function portsFor(obj: Any): { port: number; protocol: string }[] {
  if (obj.kind === 'Service') return (obj.spec?.ports ?? []).map((p: Any) => ({ port: p.port, protocol: p.protocol || 'TCP' }));
  const spec = obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
  return (spec?.containers ?? []).flatMap((c: Any) => (c.ports ?? []).map((p: Any) => ({ port: p.containerPort, protocol: p.protocol || 'TCP' })));
}

/** builder.go's missingResourceError. */

/** polymorphichelpers.canBeExposed: the GroupKind, `Kind.group` outside the core group. */
const EXPOSABLE = new Set(['ReplicationController', 'Service', 'Pod', 'Deployment.apps', 'ReplicaSet.apps']);

export interface ExposeOptions {
  name: string; selector: string; port: string; protocol: string; targetPort: string; labels: string; type: string;
  externalIP: string; loadBalancerIP: string; sessionAffinity: string; clusterIP: string; namespace?: string;
}

/** ExposeServiceOptions.createService for one object, after introspection filled selector, port(s) and labels. */
export function exposeService(o: ExposeOptions, protocols: Map<string, string[]>): KObject {
  const selector = parseLabelsFlag(o.selector);
  const labels = o.labels ? parseLabelsFlag(o.labels) : undefined;
  const ports: Record<string, unknown>[] = [];
  if (o.port) {
    const list = o.port.split(',');
    list.forEach((p, i) => {
      const port = goAtoi(p);
      const name = list.length > 1 ? `port-${i + 1}` : '';
      let protocol = o.protocol;
      const found = protocols.get(p);
      if (!protocol && protocols.size === 0) protocol = 'TCP';
      else if (!protocol) {
        protocol = 'TCP';
        if (found?.length === 1) protocol = found[0];
        else if (found) {
          for (const pr of found) ports.push({ name: `port-${i + 1}-${pr.toLowerCase()}`, protocol: pr, port });
          return;
        }
      }
      ports.push({ ...(name ? { name } : {}), protocol, port });
    });
  }
  const target = o.targetPort;
  // intstr.Parse: a number when Atoi takes it, else a name.
  const targetOf = (port: number): number | string => (target ? (/^[+-]?[0-9]+$/.test(target) ? Number(target) : target) : port);
  for (const p of ports) p.targetPort = targetOf(p.port as number);
  const spec: Record<string, unknown> = { ports, selector };
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  if (o.type) spec.type = o.type;
  if (o.externalIP) spec.externalIPs = [o.externalIP];
  if (o.sessionAffinity) {
    if (o.sessionAffinity !== 'None' && o.sessionAffinity !== 'ClientIP') throw new Error(`unknown session affinity: ${o.sessionAffinity}`);
    spec.sessionAffinity = o.sessionAffinity;
  }
  if (o.type === 'LoadBalancer' && o.loadBalancerIP) spec.loadBalancerIP = o.loadBalancerIP;
  if (!ports.length) delete spec.ports;
  const meta: KObject['metadata'] = { name: o.name };
  if (o.namespace) meta.namespace = o.namespace;
  if (labels && Object.keys(labels).length) meta.labels = labels;
  return { kind: 'Service', apiVersion: 'v1', metadata: meta, spec, status: { loadBalancer: {} } };
}

/** polymorphichelpers.MakeLabels: `k=v` pairs joined by commas, keys sorted. */
function makeLabels(labels: Record<string, string> | undefined): string {
  return Object.keys(labels ?? {}).sort().map((k) => `${k}=${labels![k]}`).join(',');
}

async function runExpose(inv: Invocation): Promise<number> {
  const f = inv.flags;
  // ToOptions: the dry-run strategy and the printer come first.
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const filenames = f.strings('filename');
  if (inv.args.length === 0 && filenames.length === 0 && !f.string('kustomize')) throw new Error(MISSING_RESOURCE);
  if (filenames.length === 0 && inv.args.length === 1 && !inv.args[0].includes('/')) {
    // Types without names: each is resolved (an unknown type fails as the mapping does), then refused.
    parseResourceArgs(inv.args);
    throw new Error('resource(s) were provided, but no name was specified');
  }
  const res = await buildInfos(inv, { args: inv.args, filenames, recursive: f.bool('recursive'), continueOnError: true, typed: true });
  // Options persist from one object to the next, as the real command's do.
  let selector = f.string('selector');
  let port = f.string('port');
  let labels = f.string('labels');
  const errors: unknown[] = [];
  for (const info of res.infos) {
    try {
      const obj = info.object as Any;
      const gk = info.resource.group ? `${obj.kind}.${info.resource.group}` : obj.kind;
      if (!EXPOSABLE.has(gk)) throw new Error(`cannot expose a ${gk}`);
      if (!selector) {
        try {
          selector = makeLabels(selectorFor(obj));
        } catch (e) {
          throw new Error(`couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
        }
      }
      const headless = f.string('cluster-ip') === 'None';
      const found = portsFor(obj);
      if (!port) {
        if (found.length === 0 && !headless) throw new Error("couldn't find port via --port flag or introspection");
        port = [...new Set(found.map((p) => String(p.port)))].join(',');
      }
      const protocols = new Map<string, string[]>();
      for (const p of found) {
        const list = protocols.get(String(p.port)) ?? [];
        if (!list.includes(p.protocol)) list.push(p.protocol);
        protocols.set(String(p.port), list);
      }
      if (!labels) labels = makeLabels(obj.metadata?.labels);
      const name = (f.string('name') || info.name.slice(0, 63));
      const svc = exposeService({
        name, selector, port, protocol: f.string('protocol'), targetPort: f.string('target-port'), labels, type: f.string('type'),
        externalIP: f.string('external-ip'), loadBalancerIP: f.string('load-balancer-ip'), sessionAffinity: f.string('session-affinity'), clusterIP: f.string('cluster-ip'),
        namespace: dryRun === 'client' && inv.explicitNamespace ? inv.namespace : undefined,
      }, protocols);
      const service = applyOverrides(svc, f.string('overrides'), f.string('override-type'), f.string('overrides') ? await loadOverrideDecoder(inv) : undefined);
      createExposed(inv, service, dryRun, spec);
    } catch (e) {
      errors.push(e);
    }
  }
  throwIfErrors([...errors, ...res.errors]);
  return 0;
}

/** expose's PrintFlags say "exposed" where create says "created"; the last-applied annotation only on a real create. */
function createExposed(inv: Invocation, svc: KObject, dryRun: DryRun, spec: ReturnType<typeof outputSpec>): void {
  const info = lookupResource('services')!;
  if (dryRun === 'client') {
    printResult(inv, spec, info, svc, 'exposed', dryRun, true);
    return;
  }
  if (inv.flags.bool('save-config')) setLastApplied(svc, true);
  const created = inv.client().create('services', inv.namespace, svc, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-expose' });
  printResult(inv, spec, info, created, 'exposed', dryRun);
}

export const expose: Command = verb('expose', { run: runExpose });
