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

export interface ClientOptions {
  /**
   * An in-process component (kubelet, scheduler, controllers) whose objects come from
   * typed data, as client-go's typed clientsets encode Go structs: its writes skip the
   * decoder's schema walk (see WriteOptions.typed). kubectl and test clients are not typed.
   */
  typed?: boolean;
}

const TYPED: WriteOptions = Object.freeze({ typed: true });
const TYPED_STATUS: WriteOptions & { subresource: 'status' } = Object.freeze({ typed: true, subresource: 'status' as const });
const STATUS: WriteOptions & { subresource: 'status' } = Object.freeze({ subresource: 'status' as const });

export class Client {
  readonly typed: boolean;

  constructor(private readonly handle: ServerHandle, readonly userAgent: string, options: ClientOptions = {}) {
    this.typed = options.typed ?? false;
  }

  /** The caller's options, marked typed for a typed client (without allocating in the common no-options case). */
  private opts<T extends WriteOptions>(opts: T | undefined): T | undefined {
    if (!this.typed) return opts;
    return opts === undefined ? (TYPED as T) : { ...opts, typed: true };
  }

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
    return this.server().create(resource, namespace, obj, this.opts(opts));
  }
  /** PUT; `subresource: 'finalize'` is PUT namespaces/{name}/finalize, 'ephemeralcontainers' PUT pods/{name}/ephemeralcontainers. */
  update(resource: string, obj: KObject, opts?: WriteOptions & { subresource?: 'finalize' | 'ephemeralcontainers' }): KObject {
    return this.server().update(resource, obj, this.opts(opts));
  }
  updateStatus(resource: string, obj: KObject, opts?: WriteOptions): KObject {
    if (opts === undefined) return this.server().update(resource, obj, this.typed ? TYPED_STATUS : STATUS);
    return this.server().update(resource, obj, { ...opts, subresource: 'status', typed: this.typed || opts.typed });
  }
  patch(resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: WriteOptions & { subresource?: 'status' | 'ephemeralcontainers' }): KObject {
    return this.server().patch(resource, namespace, name, type, patch, this.opts(opts));
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
