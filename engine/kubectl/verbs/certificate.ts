/**
 * `kubectl certificate approve|deny` (pkg/cmd/certificates/certificates.go, release-1.35): the builder's visit of the
 * names (certificatesigningrequests) or -f objects (FilenameParam without a namespace, Latest), continuing on
 * errors; each must be a certificates.k8s.io CertificateSigningRequest, read again through certificates/v1, given
 * the Approved (KubectlApprove) or Denied (KubectlDeny) condition unless it has it (or --force), written through the
 * approval subresource (retried on a conflict), and printed as read: `certificatesigningrequest.certificates.k8s.io/x
 * approved`. A request carrying the opposite condition is refused. Nothing visited prints "No resources found".
 */
import { apiVersionOf, lookupResource, resourceKey } from '../../api/resources.js';
import { isConflict, isNotFound } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { rfc3339 } from '../../util/time.js';
import { infoOf, readFilenameStreams } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { outputSpec, printResult } from './mutate.js';
import { verbE } from './verb-e.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CSRS = 'certificatesigningrequests.certificates.k8s.io';

interface Change { mustNotHave: string; type: string; reason: string; message: string; operation: string }

const APPROVE: Change = { mustNotHave: 'Denied', type: 'Approved', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.', operation: 'approved' };
const DENY: Change = { mustNotHave: 'Approved', type: 'Denied', reason: 'KubectlDeny', message: 'This CSR was denied by kubectl certificate deny.', operation: 'denied' };

/** One visited object: its name, or the error the builder met for it. */
type Visit = { obj: KObject; kind: string; group: string } | { error: unknown };

async function visits(inv: Invocation): Promise<Visit[]> {
  const filenames = inv.flags.strings('filename');
  const out: Visit[] = [];
  if (filenames.length) {
    const entries = await readFilenameStreams(inv, filenames, inv.flags.bool('recursive'));
    if (inv.args.length) throw new Error('resource/name arguments cannot be provided when a path is specified');
    for (const e of entries) {
      if (e.error) { out.push({ error: e.error }); continue; }
      const r = infoOf(e.object, e.source);
      const name = e.object.metadata?.name ?? '';
      const ns = e.object.metadata?.namespace;
      if (r.namespaced && !ns) {
        const gv = apiVersionOf(r);
        out.push({ error: new Error(`no namespace set on resource ${r.group ? gv : `/${gv}`}, Resource=${r.resource} "${name}"`) });
        continue;
      }
      try {
        out.push({ obj: inv.client().get(resourceKey(r), r.namespaced ? ns : undefined, name), kind: r.kind, group: r.group });
      } catch (err) {
        out.push({ error: err });
      }
    }
    return out;
  }
  for (const name of inv.args) {
    try {
      out.push({ obj: inv.client().get(CSRS, undefined, name), kind: 'CertificateSigningRequest', group: 'certificates.k8s.io' });
    } catch (err) {
      out.push({ error: err });
    }
  }
  return out;
}

function modify(csr: KObject, change: Change, now: number): { csr: KObject; had: boolean } {
  const conditions = (((csr as Any).status?.conditions ?? []) as Any[]);
  let had = false;
  for (const c of conditions) {
    if (c.type === change.mustNotHave) throw new Error(`certificate signing request ${JSON.stringify(csr.metadata.name ?? '')} is already ${c.type}`);
    if (c.type === change.type) had = true;
  }
  if (had) return { csr, had };
  const next = { ...csr, status: { ...((csr as Any).status ?? {}), conditions: [...conditions, { type: change.type, status: 'True', reason: change.reason, message: change.message, lastUpdateTime: rfc3339(now) }] } } as KObject;
  return { csr: next, had };
}

function run(change: Change) {
  return async (inv: Invocation): Promise<number> => {
    const filenames = inv.flags.strings('filename');
    if (inv.args.length === 0 && filenames.length === 0 && !inv.flags.string('kustomize')) {
      throw new Error('one or more CSRs must be specified as <name> or -f <filename>');
    }
    const force = inv.flags.bool('force');
    const spec = outputSpec(inv);
    const info = lookupResource(CSRS)!;
    const errors: unknown[] = [];
    let found = 0;
    for (const v of await visits(inv)) {
      if ('error' in v) { errors.push(v.error); continue; }
      if (v.kind !== 'CertificateSigningRequest' || v.group !== 'certificates.k8s.io') {
        errors.push(new Error(`can only handle CertificateSigningRequest.certificates.k8s.io objects, got ${v.kind}${v.group ? '.' + v.group : ''}`));
        continue;
      }
      try {
        for (let i = 0; ; i++) {
          let csr: KObject;
          try {
            csr = inv.client().get(CSRS, undefined, v.obj.metadata.name ?? '');
          } catch (err) {
            if (isNotFound(err)) throw new Error(`could not find v1 version of ${v.obj.metadata.name}: ${(err as Error).message}`);
            throw err;
          }
          const m = modify(csr, change, inv.now());
          if (m.had && !force) break;
          try {
            inv.client().update(CSRS, m.csr, { subresource: 'approval' });
          } catch (err) {
            if (isConflict(err) && i < 10) continue;
            throw err;
          }
          break;
        }
        found++;
        printResult(inv, spec, info, v.obj, change.operation, 'none');
      } catch (err) {
        errors.push(err);
      }
    }
    if (found === 0 && errors.length === 0) inv.out('No resources found\n');
    if (errors.length) throw new AggregateError(errors);
    return 0;
  };
}

export const certificate: Command = verbE('certificate', {
  subcommands: [verbE('certificate approve', { run: run(APPROVE) }), verbE('certificate deny', { run: run(DENY) })],
});
