/**
 * `kubectl certificate approve|deny`: the cluster serves no
 * CertificateSigningRequests (certificates.k8s.io), so the builder's lookup of
 * `certificatesigningrequests.v1.certificates.k8s.io` fails as mappingFor does
 * against such a server. Objects read with -f go through the same builder
 * (FilenameParam without a namespace, ResourceNames, Latest) and then the
 * visitor's kind check (pkg/cmd/certificates/certificates.go).
 */
import { apiVersionOf, resourceKey } from '../../api/resources.js';
import { infoOf, readFilenameStreams } from '../framework/builder.js';
import type { Command, Invocation } from '../framework/command.js';
import { NoResourceMatchError } from '../framework/errors.js';
import { verbE } from './verb-e.js';

async function runCSR(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const filenames = f.strings('filename');
  if (inv.args.length === 0 && filenames.length === 0 && !f.string('kustomize')) {
    throw new Error('one or more CSRs must be specified as <name> or -f <filename>');
  }
  if (filenames.length === 0 && !f.string('kustomize')) {
    inv.client().list('namespaces');
    throw new NoResourceMatchError('certificatesigningrequests');
  }
  // FilenameParam's missing paths come first, then visitByPaths refuses the tuples ResourceNames made of the names.
  const entries = await readFilenameStreams(inv, filenames, f.bool('recursive'));
  if (inv.args.length) throw new Error('resource/name arguments cannot be provided when a path is specified');
  for (const e of entries) {
    if (e.error) throw e.error;
    const r = infoOf(e.object, e.source);
    const name = e.object.metadata?.name ?? '';
    const ns = e.object.metadata?.namespace;
    // No NamespaceParam: RetrieveLatest finds a namespaced object without a namespace of its own.
    if (r.namespaced && !ns) {
      const gv = apiVersionOf(r);
      throw new Error(`no namespace set on resource ${r.group ? gv : `/${gv}`}, Resource=${r.resource} "${name}"`);
    }
    inv.client().get(resourceKey(r), r.namespaced ? ns : undefined, name);
    throw new Error(`can only handle CertificateSigningRequest.certificates.k8s.io objects, got ${r.kind}${r.group ? '.' + r.group : ''}`);
  }
  return 0;
}

export const certificate: Command = verbE('certificate', {
  subcommands: [verbE('certificate approve', { run: runCSR }), verbE('certificate deny', { run: runCSR })],
});
