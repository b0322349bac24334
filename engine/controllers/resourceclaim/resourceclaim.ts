/**
 * kube-controller-manager's resource claim controller (pkg/controller/resourceclaim, release-1.35):
 *  - a pod's spec.resourceClaims entry that names a ResourceClaimTemplate gets its own ResourceClaim, made from the
 *    template (its labels, annotations and spec) with the pod as controlling owner, the annotation
 *    resource.kubernetes.io/pod-claim-name and a generated name `<pod>-<claim>-xxxxx`, then recorded in the pod's
 *    status.resourceClaimStatuses by a server-side apply of "ResourceClaimController". A template that cannot be read
 *    gives a FailedResourceClaimCreation event on the pod and a retry with the work queue's back-off (the controller
 *    does not watch templates: the retry is what notices one created later).
 *  - a scheduled pod's allocated claims are reserved for it (status.reservedFor);
 *  - a claim's reservations for pods that are gone, replaced or done are dropped, the allocation is cleared with the
 *    last one (the scheduler's delete-protection finalizer goes with it), and a claim generated for a pod that will
 *    not run is deleted.
 */
import type { Client } from '../../api/client.js';
import { isNotFound } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import type { EventRecorder } from '../../api/events.js';
import { podResourceClaims } from '../../scheduler/plugins/dynamicresources/index.js';
import { claimName, isForPod } from '../../scheduler/plugins/dynamicresources/claims.js';
import { RESOURCE_CLAIMS as CLAIMS, RESOURCE_CLAIM_TEMPLATES as TEMPLATES } from '../../api/registry/resource-kinds.js';
import { isPodTerminal, type PodLike } from '../replicaset/podutil.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const POD_CLAIM_NAME_ANNOTATION = 'resource.kubernetes.io/pod-claim-name';
/** resourceapi.Finalizer: the scheduler adds it when it allocates a claim. */
const ALLOCATION_FINALIZER = 'resource.kubernetes.io/delete-protection';
const FIELD_MANAGER = 'ResourceClaimController';
const CLAIM_PREFIX = 'claim:';
const POD_PREFIX = 'pod:';
/** maxUIDCacheEntries: the deleted pods remembered, so a reservation for one is dropped without asking the server. */
const DELETED_PODS_REMEMBERED = 500;

const allocated = (claim: KObject) => !!(claim.status as Any | undefined)?.allocation;
const reservedFor = (claim: KObject): Any[] => (((claim.status as Any | undefined)?.reservedFor ?? []) as Any[]);
const isReservedForPod = (pod: KObject, claim: KObject) => reservedFor(claim).some((r) => r?.resource === 'pods' && !r?.apiGroup && r?.uid === pod.metadata.uid);
/** ResourceClaimReservedForMaxSize. */
const canBeReserved = (claim: KObject) => reservedFor(claim).length < 256;
/** isPodDone: none of its containers runs or ever will. */
const isPodDone = (pod: KObject) => isPodTerminal(pod as PodLike) || (!!pod.metadata.deletionTimestamp && !(pod.spec as Any)?.nodeName);
const errText = (e: unknown) => String((e as Error)?.message ?? e);

/** The pod that controls a claim (owningPod). */
function owningPod(claim: KObject): { name: string; uid: string } | undefined {
  const ref = (claim.metadata.ownerReferences ?? []).find((r) => r.controller && r.apiVersion === 'v1' && r.kind === 'Pod');
  return ref ? { name: ref.name, uid: ref.uid } : undefined;
}

/** The generated name's base: `<pod>-<claim>-`, both cut in proportion when longer than 57 characters. */
export function generateNameFor(pod: string, claim: string): string {
  const base = `${pod}-${claim}-`;
  const max = 57;
  if (base.length <= max) return base;
  return `${pod.slice(0, Math.floor((pod.length * max) / base.length))}-${claim.slice(0, Math.floor((claim.length * max) / base.length))}`;
}

export class ResourceClaimController implements Controller {
  readonly name = 'resourceclaim-controller';
  private client!: Client;
  private recorder!: EventRecorder;
  private queue!: WorkQueue;
  private pods!: Informer;
  private claims!: Informer;
  private templates!: Informer;
  private deletedPods: string[] = [];
  /**
   * The claims this controller made that its informer has not delivered yet (upstream's mutation cache), by pod UID
   * and pod claim name: a sync in between must find them rather than make a second claim.
   */
  private made = new Map<string, KObject>();

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.recorder = ctx.recorder('resource_claim');
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key), 'resource_claim');
    this.pods = ctx.informers.for('pods');
    this.claims = ctx.informers.for(CLAIMS);
    this.templates = ctx.informers.for(TEMPLATES);
    this.claims.addIndexer('pod-owner', (c) => (c.metadata.ownerReferences ?? []).filter((r) => r.controller && r.apiVersion === 'v1' && r.kind === 'Pod').map((r) => r.uid));
    this.pods.addIndexer('pod-resource-claim', (p) => podResourceClaims(p).map((pc) => claimName(p, pc).name).filter((n): n is string => !!n).map((n) => `${p.metadata.namespace}/${n}`));
    this.pods.addEventHandler({ add: (p) => this.enqueuePod(p, false), update: (_o, p) => this.enqueuePod(p, false), delete: (p) => this.enqueuePod(p, true) });
    const seen = (c: KObject) => {
      const owner = owningPod(c);
      if (owner) this.made.delete(`${owner.uid}/${c.metadata.annotations?.[POD_CLAIM_NAME_ANNOTATION]}`);
    };
    this.claims.addEventHandler({
      add: (c) => { seen(c); this.enqueueClaim(c, true); },
      update: (_o, c) => this.enqueueClaim(c, true),
      delete: (c) => this.enqueueClaim(c, false),
    });
    // Made after the manager started its informers: these two start here (the pods' is running already).
    this.claims.start();
    this.templates.start();
  }

  stop(): void {
    this.queue?.stop();
  }

  private enqueuePod(pod: KObject, deleted: boolean): void {
    if (!podResourceClaims(pod).length) return;
    if (deleted) {
      this.deletedPods.push(pod.metadata.uid ?? '');
      if (this.deletedPods.length > DELETED_PODS_REMEMBERED) this.deletedPods.shift();
    }
    // A pod that will not run any more releases its claims.
    if (deleted || isPodDone(pod)) {
      for (const pc of podResourceClaims(pod)) {
        const { name } = claimName(pod, pc);
        if (name) this.queue.add(`${CLAIM_PREFIX}${pod.metadata.namespace}/${name}`);
      }
    }
    if (this.podNeedsWork(pod)) this.queue.add(`${POD_PREFIX}${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  private podNeedsWork(pod: KObject): boolean {
    if (pod.metadata.deletionTimestamp) return false;
    for (const pc of podResourceClaims(pod)) {
      const { name, mustCheckOwner, error } = claimName(pod, pc);
      if (error) return true;
      if (!name) return false;
      const claim = this.claims.get(`${pod.metadata.namespace}/${name}`);
      if (!claim) return !!pc.resourceClaimTemplateName;
      if (mustCheckOwner && isForPod(pod, claim)) return false;
      if (!(pod.spec as Any)?.nodeName) continue;
      if (allocated(claim) && !isReservedForPod(pod, claim) && canBeReserved(claim)) return true;
    }
    return false;
  }

  private enqueueClaim(claim: KObject, present: boolean): void {
    const key = `${claim.metadata.namespace}/${claim.metadata.name}`;
    if (present) this.queue.add(CLAIM_PREFIX + key);
    for (const pod of this.pods.byIndex('pod-resource-claim', key)) this.enqueuePod(pod, false);
  }

  private sync(key: string): void {
    const [prefix, rest] = key.startsWith(POD_PREFIX) ? [POD_PREFIX, key.slice(POD_PREFIX.length)] : [CLAIM_PREFIX, key.slice(CLAIM_PREFIX.length)];
    const [namespace, name] = rest.split('/');
    try {
      if (prefix === POD_PREFIX) this.syncPod(namespace, name);
      else this.syncClaim(namespace, name);
    } catch {
      this.queue.addRateLimited(key);
    }
  }

  private syncPod(namespace: string, name: string): void {
    const pod = this.pods.get(`${namespace}/${name}`);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const created: Any[] = [];
    for (const pc of podResourceClaims(pod)) {
      const failure = this.handleClaim(pod, pc, created);
      if (failure) {
        this.recorder.event(pod, 'Warning', 'FailedResourceClaimCreation', `PodResourceClaim ${pc.name}: ${failure}`);
        throw new Error(failure);
      }
    }
    if (created.length) {
      this.client.patch('pods', namespace, name, 'apply', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, status: { resourceClaimStatuses: created } },
        { subresource: 'status', fieldManager: FIELD_MANAGER, force: true });
    }
    if (!(pod.spec as Any)?.nodeName) return;
    for (const pc of podResourceClaims(pod)) {
      const { name: claimNameOf, mustCheckOwner, error } = claimName(pod, pc);
      if (error) throw new Error(error);
      if (!claimNameOf) continue;
      const claim = this.claims.get(`${namespace}/${claimNameOf}`);
      if (!claim) return;
      const notOwner = mustCheckOwner ? isForPod(pod, claim) : undefined;
      if (notOwner) throw new Error(notOwner);
      if (allocated(claim) && !isReservedForPod(pod, claim) && canBeReserved(claim)) {
        const next = { ...claim, status: { ...(claim.status as Any), reservedFor: [...reservedFor(claim), { resource: 'pods', name: pod.metadata.name, uid: pod.metadata.uid }] } };
        this.client.updateStatus(CLAIMS, next);
      }
    }
  }

  /** handleClaim: makes the template's claim when there is none; the error text when that fails. */
  private handleClaim(pod: KObject, pc: Any, created: Any[]): string | undefined {
    const { name, mustCheckOwner, error } = claimName(pod, pc);
    if (error && !pc.resourceClaimTemplateName) return `checking for claim before creating it: ${error}`;
    if (!error && !name) return undefined;
    if (name) {
      const claim = this.claims.get(`${pod.metadata.namespace}/${name}`);
      // Recorded in the pod's status but deleted meanwhile (or taken over): made again below.
      if (claim && (!mustCheckOwner || !isForPod(pod, claim))) return undefined;
    }
    const templateName: string | undefined = pc.resourceClaimTemplateName;
    if (!templateName) return undefined;
    // One the controller made before it could record it in the pod's status.
    let claim = this.claims.byIndex('pod-owner', pod.metadata.uid ?? '').find((c) => c.metadata.annotations?.[POD_CLAIM_NAME_ANNOTATION] === pc.name)
      ?? this.made.get(`${pod.metadata.uid}/${pc.name}`);
    if (!claim) {
      const template = this.templates.get(`${pod.metadata.namespace}/${templateName}`);
      if (!template) return `resource claim template "${templateName}": resourceclaimtemplate.resource.k8s.io "${templateName}" not found`;
      const meta = ((template.spec as Any)?.metadata ?? {}) as Any;
      const body: KObject = {
        apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim',
        metadata: {
          generateName: generateNameFor(pod.metadata.name ?? '', pc.name ?? ''),
          ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
          annotations: { ...(meta.annotations ?? {}), [POD_CLAIM_NAME_ANNOTATION]: pc.name },
          ...(meta.labels ? { labels: { ...meta.labels } } : {}),
        },
        spec: structuredClone((template.spec as Any)?.spec ?? {}),
      };
      try {
        claim = this.client.create(CLAIMS, pod.metadata.namespace, body);
        this.made.set(`${pod.metadata.uid}/${pc.name}`, claim);
      } catch (e) {
        // Upstream names the claim before the server has generated its name: an empty one.
        return `create ResourceClaim : ${errText(e)}`;
      }
    }
    created.push({ name: pc.name, resourceClaimName: claim.metadata.name });
    return undefined;
  }

  private syncClaim(namespace: string, name: string): void {
    const claim = this.claims.get(`${namespace}/${name}`);
    if (!claim) return;
    const valid: Any[] = [];
    for (const r of reservedFor(claim)) {
      if (r?.apiGroup || r?.resource !== 'pods') continue;
      let keep = true;
      if (this.deletedPods.includes(r.uid)) keep = false;
      else {
        const pod = this.pods.get(`${namespace}/${r.name}`) ?? this.client.tryGet('pods', namespace, r.name);
        if (!pod || pod.metadata.uid !== r.uid || isPodDone(pod)) keep = false;
      }
      if (keep) valid.push(r);
    }
    const finalizerAt = (c: KObject) => (c.metadata.finalizers ?? []).indexOf(ALLOCATION_FINALIZER);
    if (valid.length < reservedFor(claim).length) {
      const status: Any = { ...(claim.status as Any), reservedFor: valid.length ? valid : undefined };
      // The last consumer gone: the claim is deallocated, so its devices can go to another pod on another node.
      if (!valid.length && finalizerAt(claim) >= 0) delete status.allocation;
      if (!status.reservedFor) delete status.reservedFor;
      const updated = this.client.updateStatus(CLAIMS, { ...claim, status });
      const at = finalizerAt(updated);
      if (at >= 0 && !allocated(updated)) {
        this.client.update(CLAIMS, { ...updated, metadata: { ...updated.metadata, finalizers: (updated.metadata.finalizers ?? []).filter((_, i) => i !== at) } });
      }
    } else if (finalizerAt(claim) >= 0 && claim.metadata.deletionTimestamp && !valid.length) {
      let current = claim;
      if (allocated(current)) {
        const status: Any = { ...(current.status as Any) };
        delete status.allocation;
        current = this.client.updateStatus(CLAIMS, { ...current, status });
      }
      this.client.update(CLAIMS, { ...current, metadata: { ...current.metadata, finalizers: (current.metadata.finalizers ?? []).filter((f) => f !== ALLOCATION_FINALIZER) } });
    }
    if (valid.length) return;
    // Generated for a pod that will not run: the claim goes now rather than with the pod.
    const owner = owningPod(claim);
    if (!owner) return;
    const pod = this.pods.get(`${namespace}/${owner.name}`);
    if (pod && (pod.metadata.uid !== owner.uid || isPodDone(pod))) {
      try {
        this.client.delete(CLAIMS, namespace, name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }
}
