/**
 * The bootstrap signer (pkg/controller/bootstrap/bootstrapsigner.go): the
 * kube-public/cluster-info ConfigMap holds, beside the kubeconfig kubeadm put
 * there, one `jws-kubeconfig-<token-id>` key per bootstrap token usable for
 * signing, the kubeconfig's detached JWS under that token, which lets a joining
 * node trust what it read anonymously. Any change of the ConfigMap or of a token
 * Secret re-signs; signatures of tokens that are gone are dropped.
 */
import { clone, type KObject } from '../../api/meta.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { CLUSTER_INFO, CLUSTER_INFO_NAMESPACE, isTokenSecret, JWS_PREFIX, KUBECONFIG_KEY, signClusterInfo } from './tokens.js';

export const BOOTSTRAP_SIGNER_CONTROLLER = 'bootstrap-signer-controller';
const KEY = `${CLUSTER_INFO_NAMESPACE}/${CLUSTER_INFO}`;

export class BootstrapSigner implements Controller {
  readonly name = BOOTSTRAP_SIGNER_CONTROLLER;
  private queue?: WorkQueue;
  private secrets?: Informer;
  private configmaps?: Informer;
  private ctx?: ControllerContext;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, () => this.sign(), this.name);
    this.secrets = ctx.informers.for('secrets');
    this.configmaps = ctx.informers.for('configmaps');
    const onSecret = (s: KObject) => { if (isTokenSecret(s)) this.queue!.add(KEY); };
    this.secrets.addEventHandler({ add: onSecret, update: (_o, s) => onSecret(s), delete: onSecret });
    const onCM = (cm: KObject) => { if (`${cm.metadata.namespace}/${cm.metadata.name}` === KEY) this.queue!.add(KEY); };
    this.configmaps.addEventHandler({ add: onCM, update: (_o, cm) => onCM(cm) });
    this.queue.add(KEY);
  }

  stop(): void {
    this.queue?.stop();
  }

  /** signConfigMap: every signing token's signature, and no other; written only when that changes anything. */
  private sign(): void {
    const cm = this.configmaps!.get(KEY);
    const data = (cm as { data?: Record<string, string> } | undefined)?.data;
    if (!cm || data?.[KUBECONFIG_KEY] === undefined) return;
    const next = signClusterInfo(data, this.secrets!.list(), this.ctx!.clock.now());
    const keys = (d: Record<string, string>) => Object.keys(d).filter((k) => k.startsWith(JWS_PREFIX)).sort();
    if (keys(next).join() === keys(data).join() && keys(next).every((k) => next[k] === data[k])) return;
    const updated = clone(cm) as KObject & { data: Record<string, string> };
    updated.data = next;
    try {
      this.ctx!.client.update('configmaps', updated);
    } catch {
      this.queue!.addRateLimited(KEY);
    }
  }
}
