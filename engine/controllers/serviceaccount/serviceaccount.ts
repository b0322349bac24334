/**
 * The ServiceAccount controller (pkg/controller/serviceaccount,
 * serviceaccounts_controller.go): every active namespace has a `default`
 * ServiceAccount, and one that is deleted comes back.
 */
import { isAlreadyExists, isNotFound, isStatusError } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';

export const SERVICE_ACCOUNT_CONTROLLER = 'serviceaccount-controller';
/** DefaultServiceAccountsControllerOptions: the accounts every namespace gets. */
export const DEFAULT_SERVICE_ACCOUNTS = ['default'];

/** A namespace is active unless it is being deleted (status.phase may be missing on older objects). */
export function namespaceIsActive(ns: KObject): boolean {
  if (ns.metadata.deletionTimestamp) return false;
  const phase = (ns.status as { phase?: string } | undefined)?.phase;
  return phase === undefined || phase === 'Active';
}

/** Which of the wanted accounts are missing from a namespace. */
export function missingServiceAccounts(namespace: KObject, existing: (name: string) => boolean, wanted = DEFAULT_SERVICE_ACCOUNTS): string[] {
  if (!namespaceIsActive(namespace)) return [];
  return wanted.filter((n) => !existing(n));
}

export class ServiceAccountController implements Controller {
  readonly name = SERVICE_ACCOUNT_CONTROLLER;
  private queue?: WorkQueue;
  private namespaces?: Informer;
  private accounts?: Informer;
  private ctx?: ControllerContext;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k), this.name);
    this.namespaces = ctx.informers.for('namespaces');
    this.accounts = ctx.informers.for('serviceaccounts');
    this.namespaces.addEventHandler({
      add: (ns) => this.queue!.add(ns.metadata.name!),
      update: (_o, ns) => this.queue!.add(ns.metadata.name!),
    });
    this.accounts.addEventHandler({
      delete: (sa) => {
        if (DEFAULT_SERVICE_ACCOUNTS.includes(sa.metadata.name!)) this.queue!.add(sa.metadata.namespace!);
      },
    });
  }

  stop(): void {
    this.queue?.stop();
  }

  private sync(namespace: string): void {
    const ns = this.namespaces!.get(namespace);
    if (!ns) return;
    const missing = missingServiceAccounts(ns, (name) => !!this.accounts!.get(`${namespace}/${name}`));
    for (const name of missing) {
      try {
        this.ctx!.client.create('serviceaccounts', namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
      } catch (e) {
        // Already there (our cache lags), or the namespace went away or is terminating: nothing to do.
        if (isAlreadyExists(e) || isNotFound(e) || (isStatusError(e) && e.reason === 'Forbidden')) continue;
        this.queue!.addRateLimited(namespace);
        return;
      }
    }
    this.queue!.forget(namespace);
  }
}
