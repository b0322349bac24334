/**
 * What a component holds to talk to the API server: the same verbs, but every
 * call first checks the server is up, as a real client's TCP connect would.
 * `userAgent` names the caller in the audit history (kubectl, kube-scheduler…).
 */
import { ConnectionRefusedError } from './errors.js';
import type { APIServer, DeleteOptions, ListOptions, ObjectList, Watch, WatchEvent, WatchOptions, WriteOptions } from './apiserver.js';
import type { KObject } from './meta.js';
import type { PatchType } from './patch.js';

export interface ServerHandle {
  apiserver: APIServer;
  /** false while the kube-apiserver component is stopped */
  apiserverUp(): boolean;
}

export class Client {
  constructor(private readonly handle: ServerHandle, readonly userAgent: string) {}

  private server(): APIServer {
    if (!this.handle.apiserverUp()) throw new ConnectionRefusedError();
    return this.handle.apiserver;
  }

  get(resource: string, namespace: string | undefined, name: string): KObject {
    return this.server().get(resource, namespace, name);
  }
  tryGet(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.server().tryGet(resource, namespace, name);
  }
  list(resource: string, namespace?: string, opts?: ListOptions): ObjectList {
    return this.server().list(resource, namespace, opts);
  }
  create(resource: string, namespace: string | undefined, obj: KObject, opts?: WriteOptions): KObject {
    return this.server().create(resource, namespace, obj, opts);
  }
  /** PUT; `subresource: 'finalize'` is PUT namespaces/{name}/finalize. */
  update(resource: string, obj: KObject, opts?: WriteOptions & { subresource?: 'finalize' }): KObject {
    return this.server().update(resource, obj, opts);
  }
  updateStatus(resource: string, obj: KObject, opts?: WriteOptions): KObject {
    return this.server().update(resource, obj, { ...opts, subresource: 'status' });
  }
  patch(resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: WriteOptions & { subresource?: 'status' }): KObject {
    return this.server().patch(resource, namespace, name, type, patch, opts);
  }
  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): KObject {
    return this.server().delete(resource, namespace, name, opts);
  }
  /** POST pods/{name}/binding */
  bind(namespace: string, podName: string, nodeName: string, opts?: { uid?: string }): KObject {
    return this.server().bind(namespace, podName, nodeName, opts);
  }
  watch(resource: string, namespace: string | undefined, opts: WatchOptions, handler: (e: WatchEvent) => void, onClose?: (reason: string) => void): Watch {
    return this.server().watch(resource, namespace, opts, handler, onClose);
  }
}
