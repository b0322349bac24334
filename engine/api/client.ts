/**
 * What a component holds to talk to the API server: the same verbs, but every
 * call first checks the server is up, as a real client's TCP connect would.
 * `userAgent` names the caller in the audit history (kubectl, kube-scheduler…).
 */
import { ConnectionRefusedError } from './errors.js';
import type { APIServer, DeleteOptions, ListOptions, ObjectList, Watch, WatchEvent, WatchOptions, WriteOptions } from './apiserver.js';
import type { KObject } from './meta.js';
import type { PatchType } from './patch.js';
import { loadFieldManager } from './managedfields/loader.js';

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

export class Client {
  readonly typed: boolean;
  /** The options of a call without any: made once per client. */
  private readonly plain: WriteOptions;
  private readonly status: WriteOptions & { subresource: 'status' };

  constructor(private readonly handle: ServerHandle, readonly userAgent: string, options: ClientOptions = {}) {
    this.typed = options.typed ?? false;
    this.plain = Object.freeze(this.typed ? { typed: true, userAgent } : { userAgent });
    this.status = Object.freeze({ ...this.plain, subresource: 'status' as const });
  }

  /** The caller's options with the client's user agent (the default field manager), marked typed for a typed client. */
  private opts<T extends WriteOptions>(opts: T | undefined): T {
    if (opts === undefined) return this.plain as T;
    return this.typed ? { ...opts, typed: true, userAgent: this.userAgent } : { ...opts, userAgent: this.userAgent };
  }

  private server(): APIServer {
    if (!this.handle.apiserverUp()) throw new ConnectionRefusedError();
    return this.handle.apiserver;
  }

  /** Dials the server without asking for any object (a raw GET of /version or /readyz): refused while it is down. */
  dial(): void {
    this.server();
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
  /** PUT; `subresource: 'finalize'` is PUT namespaces/{name}/finalize, 'ephemeralcontainers' PUT pods/{name}/ephemeralcontainers, 'resize' PUT pods/{name}/resize. */
  update(resource: string, obj: KObject, opts?: WriteOptions & { subresource?: 'finalize' | 'ephemeralcontainers' | 'resize' | 'approval' }): KObject {
    return this.server().update(resource, obj, this.opts(opts));
  }
  updateStatus(resource: string, obj: KObject, opts?: WriteOptions): KObject {
    if (opts === undefined) return this.server().update(resource, obj, this.status);
    return this.server().update(resource, obj, { ...opts, subresource: 'status', typed: this.typed || opts.typed, userAgent: this.userAgent });
  }
  /** PATCH; `subresource: 'scale'` patches the workload's Scale and returns it. */
  patch(resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: WriteOptions & { subresource?: 'status' | 'ephemeralcontainers' | 'resize' | 'scale' | 'approval' }): KObject {
    return this.server().patch(resource, namespace, name, type, patch, this.opts(opts));
  }
  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): KObject {
    return this.server().delete(resource, namespace, name, opts);
  }
  /** GET {workload}/scale: the Scale (404 for a resource without the subresource). */
  getScale(resource: string, namespace: string | undefined, name: string): KObject {
    return this.server().getScale(resource, namespace, name);
  }
  /** PUT {workload}/scale; returns the Scale. */
  updateScale(resource: string, namespace: string | undefined, name: string, scale: KObject, opts?: WriteOptions): KObject {
    return this.server().updateScale(resource, namespace, name, scale, this.opts(opts));
  }
  /** Loads the field manager's code: before a server-side apply, or reading managedFields. */
  loadFieldManager(): Promise<void> {
    return loadFieldManager(this.handle.apiserver);
  }
  /** `obj` (as read) with metadata.managedFields, as kube-apiserver serves every object (needs loadFieldManager). */
  withManagedFields(resource: string, obj: KObject): KObject {
    return this.handle.apiserver.withManagedFields(resource, obj);
  }
  /** A connect subresource's request (pods/proxy, services/proxy, exec) reaching the server: up, and the caller authorized. `query` is the request's (what `-v=6` logs). */
  connect(_resource: string, _namespace: string, _name: string, _subresource: string, _verb: string, _query?: Record<string, string | string[] | undefined>): void {
    this.server();
  }
  /** POST pods/{name}/binding */
  bind(namespace: string, podName: string, nodeName: string, opts?: { uid?: string }): KObject {
    return this.server().bind(namespace, podName, nodeName, opts);
  }
  watch(resource: string, namespace: string | undefined, opts: WatchOptions, handler: (e: WatchEvent) => void, onClose?: (reason: string) => void): Watch {
    return this.server().watch(resource, namespace, opts, handler, onClose);
  }
}
