/**
 * kube-controller-manager's certificate controllers (pkg/controller/certificates, release-1.35), as kubeadm runs
 * them with the cluster CA (--cluster-signing-cert-file/-key-file = /etc/kubernetes/pki/ca.crt/.key, the default
 * --cluster-signing-duration of 8760h):
 *  - csrsigning (signer/signer.go): an approved, not failed, unissued request for kubernetes.io/kube-apiserver-client,
 *    kube-apiserver-client-kubelet or kubelet-serving is checked against its signer's rules (a Failed condition,
 *    reason SignerValidationFailure, when it breaks them) and signed: backdated 5 minutes unless shorter than
 *    8 hours, for expirationSeconds capped by the signing duration (at least 10 minutes). Other signers are left alone.
 *  - csrapproving (approver/sarapprove.go): a kubelet client request (kube-apiserver-client-kubelet, O=system:nodes,
 *    CN=system:node:…) is approved when its requester may create certificatesigningrequests/selfnodeclient (its own
 *    node's) or /nodeclient: kubeadm grants these to system:nodes and to the bootstrap tokens' group, and
 *    cluster-admin has everything.
 *  - csrcleaner (cleaner/cleaner.go): every hour from the manager's start, issued requests an hour after approval,
 *    denied or failed ones an hour after the condition, pending ones a day after creation, and expired certificates go.
 */
import type { Client } from '../../api/client.js';
import { isConflict, isNotFound } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { issueCertificate, namesOf, parseCertificatePEM, parseRequestPEM, type CertificateRequest } from '../../util/pkix.js';
import type { VirtualClock } from '../../util/clock.js';
import type { Random } from '../../util/random.js';
import { parseTime, rfc3339 } from '../../util/time.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CSRS = 'certificatesigningrequests.certificates.k8s.io';
const HOUR = 3_600_000;
/** --cluster-signing-duration's default. */
const SIGNING_DURATION_MS = 8760 * HOUR;
const BACKDATE_MS = 5 * 60_000;
const SHORT_MS = 8 * HOUR;
/** ca.crt's notAfter: kubeadm's CA is valid ten years (pki.ts ROOT_CA_CERT). */
const CA_NOT_AFTER = Date.UTC(2035, 11, 30);

const conditions = (csr: KObject): Any[] => (((csr as Any).status?.conditions ?? []) as Any[]);
const has = (csr: KObject, type: string) => conditions(csr).some((c) => c.type === type && c.status === 'True');
const spec = (csr: KObject) => (((csr as Any).spec ?? {}) as Any);

function requestOf(csr: KObject): CertificateRequest | undefined {
  try {
    const r = parseRequestPEM(atob(spec(csr).request ?? ''));
    return typeof r === 'string' ? undefined : r;
  } catch {
    return undefined;
  }
}

const sameSet = (a: string[], b: string[]) => new Set(a).size === b.length && b.every((x) => a.includes(x));
const usageList = (set: string[]) => `[${[...set].sort().join(' ')}]`;

/** pkg/apis/certificates/helpers.go ValidateKubeletClientCSR. */
function kubeletClientError(req: CertificateRequest, usages: string[]): string | undefined {
  const orgs = namesOf(req.subject, 'O');
  if (orgs.length !== 1 || orgs[0] !== 'system:nodes') return 'subject organization is not system:nodes';
  if (req.san.dns.length) return 'DNS subjectAltNames are not allowed';
  if (req.san.email.length) return 'Email subjectAltNames are not allowed';
  if (req.san.ip.length) return 'IP subjectAltNames are not allowed';
  if (req.san.uri.length) return 'URI subjectAltNames are not allowed';
  if (!(namesOf(req.subject, 'CN')[0] ?? '').startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  const full = ['digital signature', 'key encipherment', 'client auth'];
  if (!sameSet(usages, full) && !sameSet(usages, ['digital signature', 'client auth'])) return `usages did not match ${usageList(full)}`;
  return undefined;
}

/** ValidateKubeletServingCSR. */
function kubeletServingError(req: CertificateRequest, usages: string[]): string | undefined {
  const orgs = namesOf(req.subject, 'O');
  if (orgs.length !== 1 || orgs[0] !== 'system:nodes') return 'subject organization is not system:nodes';
  if (!req.san.dns.length && !req.san.ip.length) return 'DNS or IP subjectAltName is required';
  if (req.san.email.length) return 'Email subjectAltNames are not allowed';
  if (req.san.uri.length) return 'URI subjectAltNames are not allowed';
  const full = ['digital signature', 'key encipherment', 'server auth'];
  if (!sameSet(usages, full) && !sameSet(usages, ['digital signature', 'server auth'])) return `usages did not match ${usageList(full)}`;
  if (!(namesOf(req.subject, 'CN')[0] ?? '').startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  return undefined;
}

/** validAPIServerClientUsages. */
function apiserverClientError(usages: string[]): string | undefined {
  let clientAuth = false;
  for (const u of usages) {
    if (u === 'client auth') clientAuth = true;
    else if (u !== 'digital signature' && u !== 'key encipherment') return `invalid usage for client certificate: ${u}`;
  }
  return clientAuth ? undefined : 'missing required usage for client certificate: client auth';
}

const SIGNERS: Record<string, (req: CertificateRequest, usages: string[]) => string | undefined> = {
  'kubernetes.io/kube-apiserver-client': (_r, u) => apiserverClientError(u),
  'kubernetes.io/kube-apiserver-client-kubelet': kubeletClientError,
  'kubernetes.io/kubelet-serving': kubeletServingError,
};

/** The informer-driven part every CSR controller shares (certificate_controller.go). */
abstract class CSRController implements Controller {
  abstract readonly name: string;
  protected client!: Client;
  protected clock!: VirtualClock;
  protected random!: Random;
  protected csrs!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.random = ctx.random;
    this.queue = new WorkQueue(ctx.clock, (key) => this.process(key), this.name);
    this.csrs = ctx.informers.for(CSRS);
    const enqueue = (o: KObject) => this.queue.add(o.metadata.name ?? '');
    this.csrs.addEventHandler({ add: enqueue, update: (_o, n) => enqueue(n) });
  }

  stop(): void {
    this.queue?.stop();
  }

  private process(name: string): void {
    const csr = this.csrs.get(name);
    // Already issued: nothing left to do (syncFunc's early return).
    if (!csr || (csr as Any).status?.certificate) return;
    try {
      this.handle(structuredClone(csr));
    } catch (e) {
      if (isConflict(e)) this.queue.addRateLimited(name);
      else if (!isNotFound(e)) this.queue.addRateLimited(name);
    }
  }

  protected abstract handle(csr: KObject): void;
}

class CSRSigningController extends CSRController {
  readonly name = 'csrsigning-controller';

  protected handle(csr: KObject): void {
    if (!has(csr, 'Approved') || has(csr, 'Failed')) return;
    const check = SIGNERS[spec(csr).signerName];
    if (!check) return;
    const req = requestOf(csr);
    if (!req) return;
    const usages = (spec(csr).usages ?? []) as string[];
    const error = check(req, usages);
    const status = ((csr as Any).status ??= {}) as Any;
    if (error) {
      status.conditions = [...conditions(csr), { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: error, lastUpdateTime: rfc3339(this.clock.now()) }];
    } else {
      const now = this.clock.now();
      const requested = spec(csr).expirationSeconds;
      let ttl = SIGNING_DURATION_MS;
      if (typeof requested === 'number') ttl = Math.min(SIGNING_DURATION_MS, Math.max(10 * 60_000, requested * 1000));
      const notBefore = now - BACKDATE_MS;
      const notAfter = Math.min(ttl < SHORT_MS ? now + ttl : notBefore + ttl, CA_NOT_AFTER);
      const serial = Array.from({ length: 16 }, () => this.random.int(256));
      serial[0] &= 0x7f;
      status.certificate = btoa(issueCertificate(req, { serial, notBefore: Math.floor(notBefore / 1000) * 1000, notAfter: Math.floor(notAfter / 1000) * 1000, usages }));
    }
    this.client.updateStatus(CSRS, csr);
  }
}

/** The groups kubeadm's bindings let create certificatesigningrequests/nodeclient and /selfnodeclient, and cluster-admin's. */
const ADMIN_GROUPS = ['system:masters', 'kubeadm:cluster-admins'];

class CSRApprovingController extends CSRController {
  readonly name = 'csrapproving-controller';

  protected handle(csr: KObject): void {
    if (has(csr, 'Approved') || has(csr, 'Denied') || conditions(csr).some((c) => c.type === 'Approved' || c.type === 'Denied')) return;
    if (spec(csr).signerName !== 'kubernetes.io/kube-apiserver-client-kubelet') return;
    const req = requestOf(csr);
    if (!req || kubeletClientError(req, (spec(csr).usages ?? []) as string[])) return;
    const groups = (spec(csr).groups ?? []) as string[];
    const admin = groups.some((g) => ADMIN_GROUPS.includes(g));
    const self = spec(csr).username === namesOf(req.subject, 'CN')[0];
    let message: string | undefined;
    if (self && (admin || groups.includes('system:nodes'))) message = 'Auto approving self kubelet client certificate after SubjectAccessReview.';
    else if (admin || groups.includes('system:bootstrappers:kubeadm:default-node-token')) message = 'Auto approving kubelet client certificate after SubjectAccessReview.';
    if (!message) return;
    (csr as Any).status = { ...((csr as Any).status ?? {}), conditions: [...conditions(csr), { type: 'Approved', status: 'True', reason: 'AutoApproved', message, lastUpdateTime: rfc3339(this.clock.now()) }] };
    this.client.update(CSRS, csr, { subresource: 'approval' });
  }
}

class CSRCleanerController implements Controller {
  readonly name = 'csrcleaner-controller';
  private cancel?: () => void;

  constructor(private readonly startedAt: number) {}

  start(ctx: ControllerContext): void {
    const csrs = ctx.informers.for(CSRS);
    const now = ctx.clock.now();
    // wait.Until from the manager's start: the first pass then, one every hour after it.
    const firstDelayMs = (HOUR - ((now - this.startedAt) % HOUR)) % HOUR;
    const sweep = () => {
      for (const csr of csrs.list()) {
        if (!expired(csr, ctx.clock.now())) continue;
        try {
          ctx.client.delete(CSRS, undefined, csr.metadata.name ?? '');
        } catch { /* logged and retried at the next pass */ }
      }
    };
    this.cancel = ctx.clock.every(HOUR, sweep, { firstDelayMs });
  }

  stop(): void {
    this.cancel?.();
  }
}

function olderThan(ts: unknown, ms: number, now: number): boolean {
  const t = parseTime(ts);
  return t !== undefined && now - t > ms;
}

function expired(csr: KObject, now: number): boolean {
  const issued = !!(csr as Any).status?.certificate;
  for (const c of conditions(csr)) {
    if (c.type === 'Approved' && issued && olderThan(c.lastUpdateTime, HOUR, now)) return true;
    if ((c.type === 'Denied' || c.type === 'Failed') && olderThan(c.lastUpdateTime, HOUR, now)) return true;
  }
  if (conditions(csr).length === 0 && olderThan(csr.metadata.creationTimestamp, 24 * HOUR, now)) return true;
  if (issued && conditions(csr).some((c) => c.type === 'Approved')) {
    const cert = parseCertificatePEM(atob((csr as Any).status.certificate));
    if (typeof cert !== 'string' && now > cert.notAfter) return true;
  }
  return false;
}

export function certificateControllers(startedAt: number): Controller[] {
  return [new CSRSigningController(), new CSRApprovingController(), new CSRCleanerController(startedAt)];
}
