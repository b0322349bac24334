/**
 * The token cleaner (pkg/controller/bootstrap/tokencleaner.go), which kubeadm
 * turns on with `--controllers=*,bootstrapsigner,tokencleaner`: a bootstrap
 * token Secret in kube-system whose expiration has passed is deleted (with its
 * UID as precondition); one that has not is looked at again when it expires.
 */
import type { KObject } from '../../api/meta.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { expiration, isTokenSecret } from './tokens.js';

export const TOKEN_CLEANER_CONTROLLER = 'token-cleaner-controller';

export class TokenCleaner implements Controller {
  readonly name = TOKEN_CLEANER_CONTROLLER;
  private queue?: WorkQueue;
  private secrets?: Informer;
  private ctx?: ControllerContext;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k), this.name);
    this.secrets = ctx.informers.for('secrets');
    const enqueue = (s: KObject) => { if (isTokenSecret(s)) this.queue!.add(`${s.metadata.namespace}/${s.metadata.name}`); };
    this.secrets.addEventHandler({ add: enqueue, update: (_o, s) => enqueue(s) });
    for (const s of this.secrets.list()) enqueue(s);
  }

  stop(): void {
    this.queue?.stop();
  }

  /** evalSecret: delete an expired token, or come back at its expiration (a daemon timer: it keeps no one waiting). */
  private sync(key: string): void {
    const s = this.secrets!.get(key);
    if (!s || !isTokenSecret(s)) return;
    const clock = this.ctx!.clock;
    const { ttlMs, expired } = expiration(s, clock.now());
    if (!expired) {
      if (ttlMs > 0) clock.schedule(ttlMs, () => this.queue!.add(key), { daemon: true });
      return;
    }
    try {
      this.ctx!.client.delete('secrets', s.metadata.namespace, s.metadata.name!, { preconditions: { uid: s.metadata.uid } });
    } catch {
      // Gone already, replaced (another UID) or the API server is down: the next event or resync decides.
    }
  }
}
