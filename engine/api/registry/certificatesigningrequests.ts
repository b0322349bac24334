/**
 * certificates.k8s.io/v1 CertificateSigningRequest as kube-apiserver v1.35 serves it: the registry's strategies
 * (pkg/registry/certificates/certificates/strategy.go: the requester's identity written into spec, status cleared on
 * create, spec frozen afterwards, the status and approval subresources each owning their part), the validation of
 * pkg/apis/certificates/validation (the request parses and its signature checks, usages, signerName, expirationSeconds,
 * conditions, the issued certificate), the CertificateSubjectRestriction admission plugin and CertificateApproval's
 * check of who may approve or deny for a signer. Loaded on first use
 * (lazy-kinds.ts).
 */
import { field, forbidden, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { registerStrategy, type StrategyContext } from '../strategy.js';
import { isDNS1123Label, isDNS1123Subdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { parseCertificatePEM, parseRequestPEM, pemDecode } from '../../util/pkix.js';
import { rfc3339 } from '../../util/time.js';
import { authorize, type PolicySource } from '../rbac/authorizer.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The terminal's own user, kubeadm's admin.conf identity (rbac/impersonation.ts ADMIN_USER, without loading RBAC). */
const ADMIN_USER = { name: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] } as { name: string; uid?: string; groups: string[]; extra?: Record<string, string[]> };

export const CSRS = 'certificatesigningrequests.certificates.k8s.io';
export const KUBE_APISERVER_CLIENT = 'kubernetes.io/kube-apiserver-client';
export const KUBE_APISERVER_CLIENT_KUBELET = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBELET_SERVING = 'kubernetes.io/kubelet-serving';
export const LEGACY_UNKNOWN = 'kubernetes.io/legacy-unknown';

/** validation.go allValidUsages, as sets.String's List() gives them (sorted). */
export const VALID_USAGES = [
  'any', 'cert sign', 'client auth', 'code signing', 'content commitment', 'crl sign', 'data encipherment', 'decipher only', 'digital signature', 'email protection',
  'encipher only', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'key agreement', 'key encipherment', 'microsoft sgc', 'netscape sgc', 'ocsp signing', 's/mime',
  'server auth', 'signing', 'timestamping',
];

const APPROVAL_TYPES = ['Approved', 'Denied'];
const TRUE_ONLY = ['Approved', 'Denied', 'Failed'];

/** The request's PEM text (spec.request is base64 on the wire). */
export function requestText(csr: KObject): string {
  const r = (csr as Any).spec?.request;
  if (typeof r !== 'string') return '';
  try {
    return atob(r);
  } catch {
    return '';
  }
}

export function certificateText(csr: KObject): string {
  const c = (csr as Any).status?.certificate;
  if (typeof c !== 'string' || !c) return '';
  try {
    return atob(c);
  } catch {
    return '';
  }
}

/** apivalidation.ValidateSignerName. */
export function validateSignerName(path: string, name: string): FieldError[] {
  if (!name) return [field.required(path)];
  const segments = name.split('/');
  if (segments.length !== 2) return [field.invalid(path, name, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const errs: FieldError[] = [];
  if (segments[0].length > 253) errs.push(field.tooLong(path, 253));
  const domainLabels = segments[0].split('.');
  for (const label of domainLabels) {
    const e = isDNS1123Label(label);
    if (e.length) {
      for (const m of e) errs.push(field.invalid(path, segments[0], `validating label ${JSON.stringify(label)}: ${m}`));
      break;
    }
  }
  if (domainLabels.length < 2) errs.push(field.invalid(path, segments[0], 'should be a domain with at least two segments separated by dots'));
  for (const label of segments[1].split('.')) {
    const e = isDNS1123Subdomain(label);
    if (e.length) {
      for (const m of e) errs.push(field.invalid(path, segments[1], `validating label ${JSON.stringify(label)}: ${m}`));
      break;
    }
  }
  if (name.length > 253 + 253 + 63 + 1 + 1) errs.push(field.tooLong(path, 571));
  return errs;
}

/** validateCertificate: status.certificate holds only CERTIFICATE blocks that parse, at least one. */
function certificateError(text: string): string | undefined {
  if (!text) return undefined;
  let rest = text;
  let blocks = 0;
  for (;;) {
    const m = /-----BEGIN ([^-\n]*)-----[\s\S]*?-----END \1-----\r?\n?/.exec(rest);
    const block = m ? pemDecode(m[0]) : undefined;
    if (!m || !block) break;
    if (block.type !== 'CERTIFICATE') return `only CERTIFICATE PEM blocks are allowed, found ${JSON.stringify(block.type)}`;
    if (block.headers) return 'no PEM block headers are permitted';
    blocks++;
    const parsed = parseCertificatePEM(m[0]);
    if (typeof parsed === 'string') return parsed;
    rest = rest.slice(m.index + m[0].length);
  }
  return blocks ? undefined : 'must contain at least one CERTIFICATE PEM block';
}

interface Options {
  approval?: boolean;
  certificate?: boolean;
}

const conditionsOf = (o: KObject): Any[] => (((o as Any).status?.conditions ?? []) as Any[]);

function validateCSR(csr: KObject, old: KObject | undefined, o: Options): FieldError[] {
  const spec = ((csr as Any).spec ?? {}) as Any;
  const oldSpec = old ? ((old as Any).spec ?? {}) as Any : undefined;
  const errs = validateObjectMeta(csr, false, () => []);
  const parsed = parseRequestPEM(requestText(csr));
  if (typeof parsed === 'string') errs.push(field.invalid('spec.request', spec.request ?? null, parsed));
  else if (!parsed.signatureValid) errs.push(field.invalid('spec.request', spec.request, 'crypto/rsa: verification error'));
  const usages = (Array.isArray(spec.usages) ? spec.usages : []) as string[];
  if (usages.length === 0) errs.push(field.required('spec.usages'));
  const oldUsages = (oldSpec?.usages ?? []) as string[];
  if (!oldUsages.some((u) => !VALID_USAGES.includes(u))) {
    usages.forEach((u, i) => { if (!VALID_USAGES.includes(u)) errs.push(field.notSupported(`spec.usages[${i}]`, u, VALID_USAGES)); });
  }
  if (new Set(oldUsages).size === oldUsages.length) {
    usages.forEach((u, i) => { if (usages.indexOf(u) !== i) errs.push(field.duplicate(`spec.usages[${i}]`, u)); });
  }
  const signer = String(spec.signerName ?? '');
  if (signer === LEGACY_UNKNOWN && oldSpec?.signerName !== LEGACY_UNKNOWN) errs.push(field.invalid('spec.signerName', signer, 'the legacy signerName is not allowed via this API version'));
  else errs.push(...validateSignerName('spec.signerName', signer));
  if (typeof spec.expirationSeconds === 'number' && spec.expirationSeconds < 600) errs.push(field.invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  errs.push(...validateConditions(csr, old));
  const cert = certificateText(csr);
  const tolerated = old && (cert === certificateText(old) || certificateError(certificateText(old)) !== undefined);
  if (!tolerated) {
    const e = certificateError(cert);
    if (e) errs.push(field.invalid('status.certificate', '<certificate data>', e));
  }
  if (!old) return errs;
  // validateCertificateSigningRequestUpdate
  for (const t of [...APPROVAL_TYPES, 'Failed']) {
    if (conditionsOf(csr).filter((c) => c.type === t).length < conditionsOf(old).filter((c) => c.type === t).length) {
      errs.push(field.forbidden('status.conditions', `updates may not remove a condition of type ${JSON.stringify(t)}`));
    }
  }
  if (!o.approval) {
    for (const t of APPROVAL_TYPES) {
      const before = conditionsOf(old).filter((c) => c.type === t);
      const after = conditionsOf(csr).filter((c) => c.type === t);
      if (after.length > before.length) errs.push(field.forbidden('status.conditions', `updates may not add a condition of type ${JSON.stringify(t)}`));
      else if (after.length === before.length && JSON.stringify(after) !== JSON.stringify(before)) errs.push(field.forbidden('status.conditions', `updates may not modify a condition of type ${JSON.stringify(t)}`));
    }
  }
  if (cert !== certificateText(old)) {
    if (!o.certificate) errs.push(field.forbidden('status.certificate', 'updates may not set certificate content'));
    else if (certificateText(old)) errs.push(field.forbidden('status.certificate', 'updates may not modify existing certificate content'));
  }
  errs.push(...validateObjectMetaUpdate(csr, old));
  return errs;
}

function validateConditions(csr: KObject, old: KObject | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const oldConds = old ? conditionsOf(old) : [];
  const allowBoth = oldConds.some((c) => c.type === 'Approved') && oldConds.some((c) => c.type === 'Denied');
  const allowDuplicates = new Set(oldConds.map((c) => c.type)).size !== oldConds.length;
  const allowEmpty = oldConds.some((c) => !c.type);
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditionsOf(csr).forEach((c, i) => {
    const p = `status.conditions[${i}]`;
    if (!allowEmpty && !c.type) errs.push(field.required(`${p}.type`));
    const allowed = TRUE_ONLY.includes(c.type) ? ['True'] : ['False', 'True', 'Unknown'];
    if (!c.status) errs.push(field.required(`${p}.status`));
    else if (!allowed.includes(c.status)) errs.push(field.notSupported(`${p}.status`, c.status, allowed));
    if (!allowBoth) {
      if (c.type === 'Approved') {
        approved = true;
        if (denied) errs.push(field.invalid(`${p}.type`, c.type, 'Approved and Denied conditions are mutually exclusive'));
      } else if (c.type === 'Denied') {
        denied = true;
        if (approved) errs.push(field.invalid(`${p}.type`, c.type, 'Approved and Denied conditions are mutually exclusive'));
      }
    }
    if (!allowDuplicates) {
      if (seen.has(c.type)) errs.push(field.duplicate(`${p}.type`, c.type));
      seen.add(c.type);
    }
  });
  return errs;
}

/** populateConditionTimestamps: lastUpdateTime now when unset; lastTransitionTime kept from the same type and status, else now. */
function stampConditions(csr: KObject, old: KObject, now: number): void {
  const conds = conditionsOf(csr);
  if (!conds.length) return;
  const t = rfc3339(now);
  (csr as Any).status.conditions = conds.map((c) => {
    const out = { ...c };
    if (!out.lastUpdateTime) out.lastUpdateTime = t;
    if (!out.lastTransitionTime) out.lastTransitionTime = conditionsOf(old).find((p) => p.type === c.type && p.status === c.status && p.lastTransitionTime)?.lastTransitionTime ?? t;
    return out;
  });
}

function prepareForCreate(obj: KObject, ctx: StrategyContext): void {
  const spec = ((obj as Any).spec ??= {}) as Any;
  const user = ctx.requester ?? ADMIN_USER;
  delete spec.username;
  delete spec.uid;
  delete spec.groups;
  delete spec.extra;
  spec.username = user.name;
  if (user.uid) spec.uid = user.uid;
  if (user.groups.length) spec.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) spec.extra = { ...user.extra };
  delete (obj as Any).status;
}

/** CertificateSubjectRestriction: the kube-apiserver-client signer does not sign for system:masters. */
function admit(obj: KObject, old: KObject | undefined): void {
  if (old) return;
  const spec = ((obj as Any).spec ?? {}) as Any;
  if (spec.signerName !== KUBE_APISERVER_CLIENT) return;
  const parsed = parseRequestPEM(requestText(obj));
  if (typeof parsed === 'string') return;
  if (parsed.subject.attributes.some(([k, v]) => k === 'O' && v === 'system:masters')) {
    throw forbidden('certificatesigningrequests', 'certificates.k8s.io', obj.metadata.name ?? '', `use of ${KUBE_APISERVER_CLIENT} signer with system:masters group is not allowed`);
  }
}

/** RBAC's view of the store, as the admission plugins' authorizer reads it. */
function policyOf(ctx: StrategyContext): PolicySource {
  return {
    clusterRoleBindings: () => ctx.listAll('clusterrolebindings.rbac.authorization.k8s.io'),
    *roleBindings(namespace) {
      for (const b of ctx.listAll('rolebindings.rbac.authorization.k8s.io')) if (b.metadata.namespace === namespace) yield b;
    },
    clusterRole: (name) => ctx.lookup('clusterroles.rbac.authorization.k8s.io', undefined, name),
    role: (namespace, name) => ctx.lookup('roles.rbac.authorization.k8s.io', namespace, name),
  };
}

/**
 * CertificateApproval (plugin/pkg/admission/certificates/approval): an update through the approval subresource is
 * allowed to whoever may `approve` the `signers` resource named by the signerName, or by its domain and `*`
 * (certificates.IsAuthorizedForSignerName). The terminal's admin and the controllers are not asked.
 */
function admitApproval(obj: KObject, ctx: StrategyContext): void {
  const user = ctx.requester;
  if (!user) return;
  const signer = String(((obj as Any).spec ?? {}).signerName ?? '');
  const src = policyOf(ctx);
  const may = (name: string) => authorize(src, user, { verb: 'approve', resourceRequest: true, apiGroup: 'certificates.k8s.io', resource: 'signers', name, namespace: '' }).allowed;
  if (may(signer) || may(`${signer.split('/')[0]}/*`)) return;
  throw forbidden('certificatesigningrequests', 'certificates.k8s.io', obj.metadata.name ?? '', `user not permitted to approve requests with signerName ${JSON.stringify(signer)}`);
}

registerStrategy(CSRS, {
  prepareForCreate,
  validate: (obj) => validateCSR(obj, undefined, {}),
  admit,
  prepareForUpdate(obj, old) {
    (obj as Any).spec = (old as Any).spec;
    (obj as Any).status = (old as Any).status;
  },
  validateUpdate: (obj, old) => validateCSR(obj, old, {}),
  prepareForStatusUpdate(obj, old, ctx) {
    (obj as Any).spec = (old as Any).spec;
    stampConditions(obj, old, ctx.now);
  },
  validateStatusUpdate: (obj, old) => validateCSR(obj, old, { certificate: true }),
  statusUpdateKeepsAnnotations: true,
  subresources: {
    approval: {
      prepareForUpdate(obj, old, ctx) {
        const status = { ...(((old as Any).status ?? {}) as Any) };
        const conditions = ((obj as Any).status?.conditions ?? []) as Any[];
        if (conditions.length) status.conditions = conditions;
        else delete status.conditions;
        const updated = { ...obj, spec: (old as Any).spec, status } as KObject;
        stampConditions(updated, old, ctx.now);
        return updated;
      },
      validateUpdate(obj, old, ctx) {
        const errs = validateCSR(obj, old, { approval: true });
        if (!errs.length) admitApproval(obj, ctx);
        return errs;
      },
    },
  },
  selectableFields: (obj) => ({ 'spec.signerName': String(((obj as Any).spec ?? {}).signerName ?? '') }),
  selectableField: (obj, f) => (f === 'spec.signerName' ? String(((obj as Any).spec ?? {}).signerName ?? '') : undefined),
});
