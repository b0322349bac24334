/**
 * kube-controller-manager's ValidatingAdmissionPolicy status controller (pkg/controller/validatingadmissionpolicystatus,
 * release-1.35): a policy whose generation is newer than status.observedGeneration gets its type-checking result
 * applied to status with the controller's name as field manager, forced. The type check itself (typechecking.go,
 * the expressions against the OpenAPI types of the matched resources) is not made here: typeChecking is written
 * empty, the result kube-apiserver reports when it finds nothing.
 */
import type { Client } from '../../api/client.js';
import type { KObject } from '../../api/meta.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const VALIDATING_ADMISSION_POLICY_STATUS_CONTROLLER = 'validatingadmissionpolicy-status-controller';
const POLICIES = 'validatingadmissionpolicies.admissionregistration.k8s.io';

export class ValidatingAdmissionPolicyStatusController implements Controller {
  readonly name = VALIDATING_ADMISSION_POLICY_STATUS_CONTROLLER;
  private client!: Client;
  private policies!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.queue = new WorkQueue(ctx.clock, (key) => this.reconcile(key), VALIDATING_ADMISSION_POLICY_STATUS_CONTROLLER);
    this.policies = ctx.informers.for(POLICIES);
    const enqueue = (p: KObject) => this.queue.add(p.metadata.name ?? '');
    this.policies.addEventHandler({ add: enqueue, update: (_o, p) => enqueue(p) });
    for (const p of this.policies.list()) enqueue(p);
  }

  stop(): void {
    this.queue?.stop();
  }

  private reconcile(name: string): void {
    const policy = this.policies.get(name) as Any | undefined;
    if (!policy) return;
    const generation = policy.metadata.generation ?? 0;
    if (generation <= (policy.status?.observedGeneration ?? 0)) return;
    try {
      this.client.patch(POLICIES, undefined, name, 'apply', {
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name },
        status: { observedGeneration: generation, typeChecking: {} },
      }, { subresource: 'status', fieldManager: VALIDATING_ADMISSION_POLICY_STATUS_CONTROLLER, force: true });
    } catch {
      this.queue.addRateLimited(name);
    }
  }
}
