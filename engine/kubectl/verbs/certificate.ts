/**
 * `kubectl certificate approve|deny`: the cluster serves no
 * CertificateSigningRequests (certificates.k8s.io), so the builder's lookup of
 * `certificatesigningrequests.v1.certificates.k8s.io` fails as mappingFor does
 * against such a server.
 */
import type { Command, Invocation } from '../framework/command.js';
import { NoResourceMatchError } from '../framework/errors.js';
import { verbE } from './verb-e.js';

function runCSR(inv: Invocation): number {
  if (inv.args.length === 0 && inv.flags.strings('filename').length === 0 && !inv.flags.string('kustomize')) {
    throw new Error('one or more CSRs must be specified as <name> or -f <filename>');
  }
  inv.client().list('namespaces');
  throw new NoResourceMatchError('certificatesigningrequests');
}

export const certificate: Command = verbE('certificate', {
  subcommands: [verbE('certificate approve', { run: runCSR }), verbE('certificate deny', { run: runCSR })],
});
