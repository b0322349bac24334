/**
 * `kubectl get csr`: printCertificateSigningRequest of pkg/printers/internalversion/printers.go (release-1.35):
 * NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION. Loaded with the other kinds' tables (lazy-kinds.ts).
 */
import type { KObject } from '../../../api/meta.js';
import { humanDuration, since } from '../duration.js';
import { registerTable } from '../table.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** extractCSRStatus: Denied, else Approved, else Pending; then ",Failed" and ",Issued". */
export function csrCondition(o: KObject): string {
  const types = new Set((((o as Any).status?.conditions ?? []) as Any[]).map((c) => c?.type));
  let s = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) s += ',Failed';
  if ((o as Any).status?.certificate) s += ',Issued';
  return s;
}

registerTable('certificatesigningrequests.certificates.k8s.io', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Age' }, { name: 'SignerName' }, { name: 'Requestor' }, { name: 'RequestedDuration' }, { name: 'Condition' }],
  row(o, { now }) {
    const spec = ((o as Any).spec ?? {}) as Any;
    const duration = typeof spec.expirationSeconds === 'number' ? humanDuration(spec.expirationSeconds * 1000) : '<none>';
    return [o.metadata.name ?? '', since(o.metadata.creationTimestamp, now), spec.signerName || '<none>', spec.username ?? '', duration, csrCondition(o)];
  },
});
