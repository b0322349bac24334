/**
 * The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher):
 * every namespace holds a ConfigMap `kube-root-ca.crt` with the cluster CA, so
 * pods can verify the API server; edited or deleted copies are put back.
 */
import { isAlreadyExists, isNotFound, isStatusError } from '../../api/errors.js';
import { clone, type KObject } from '../../api/meta.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { namespaceIsActive } from '../serviceaccount/serviceaccount.js';
import { ROOT_CA_CERT } from '../../api/pki.js';

export const ROOT_CA_PUBLISHER_CONTROLLER = 'root-ca-certificate-publisher-controller';
export const ROOT_CA_CONFIGMAP_NAME = 'kube-root-ca.crt';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/** What the ConfigMap must hold, or undefined when the existing one is already right. */
export function desiredConfigMap(namespace: string, existing: KObject | undefined): KObject | undefined {
  const data = { 'ca.crt': ROOT_CA_CERT };
  if (!existing) {
    return {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: ROOT_CA_CONFIGMAP_NAME, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
      data,
    };
  }
  const cur = existing.data as Record<string, string> | undefined;
  const same = !!cur && Object.keys(cur).length === 1 && cur['ca.crt'] === ROOT_CA_CERT;
  if (same && existing.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return undefined;
  const next = clone(existing);
  next.data = data;
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: DESCRIPTION };
  return next;
}

export class RootCACertPublisher implements Controller {
  readonly name = ROOT_CA_PUBLISHER_CONTROLLER;
  private queue?: WorkQueue;
  private namespaces?: Informer;
  private configmaps?: Informer;
  private ctx?: ControllerContext;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k), this.name);
    this.namespaces = ctx.informers.for('namespaces');
    this.configmaps = ctx.informers.for('configmaps');
    this.namespaces.addEventHandler({
      add: (ns) => this.queue!.add(ns.metadata.name!),
      update: (_o, ns) => { if (namespaceIsActive(ns)) this.queue!.add(ns.metadata.name!); },
    });
    const onCM = (cm: KObject) => { if (cm.metadata.name === ROOT_CA_CONFIGMAP_NAME) this.queue!.add(cm.metadata.namespace!); };
    this.configmaps.addEventHandler({ update: (_o, cm) => onCM(cm), delete: onCM });
  }

  stop(): void {
    this.queue?.stop();
  }

  private sync(namespace: string): void {
    const ns = this.namespaces!.get(namespace);
    if (!ns || !namespaceIsActive(ns)) return;
    const existing = this.configmaps!.get(`${namespace}/${ROOT_CA_CONFIGMAP_NAME}`);
    const want = desiredConfigMap(namespace, existing);
    if (!want) return;
    try {
      if (existing) this.ctx!.client.update('configmaps', want);
      else this.ctx!.client.create('configmaps', namespace, want);
      this.queue!.forget(namespace);
    } catch (e) {
      // A create for a namespace that is gone or terminating is not retried, as the real publisher.
      if (isNotFound(e) || isAlreadyExists(e) || (isStatusError(e) && e.reason === 'Forbidden')) return;
      this.queue!.addRateLimited(namespace);
    }
  }
}
