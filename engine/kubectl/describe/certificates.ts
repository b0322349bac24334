/**
 * `kubectl describe csr`: CertificateSigningRequestDescriber and describeCertificateSigningRequest of
 * kubectl/pkg/describe/describe.go (release-1.35): the object's fields, then the request's subject and
 * subjectAltNames as certificate.ParseCSR reads them.
 */
import type { KObject } from '../../api/meta.js';
import { parseRequestPEM, namesOf } from '../../util/pkix.js';
import { formatLabels } from '../printers/table.js';
import { humanDuration } from '../printers/duration.js';
import { csrCondition } from '../printers/tables/certificates.js';
import { eventsOf, type DescribeContext } from './context.js';
import { describeEvents, PrefixWriter, rfc1123z, tabbed, type Any } from './format.js';

export function describeCSRObject(csr: Any, ctx: DescribeContext): string {
  let text = '';
  try {
    text = atob(csr.spec?.request ?? '');
  } catch { /* an undecodable request fails to parse below */ }
  const cr = parseRequestPEM(text);
  if (typeof cr === 'string') throw new Error(`Error parsing CSR: ${cr}`);
  const w = new PrefixWriter();
  const spec = csr.spec ?? {};
  w.write(0, `Name:\t${csr.metadata.name}\n`);
  w.write(0, `Labels:\t${formatLabels(csr.metadata.labels)}\n`);
  w.write(0, `Annotations:\t${formatLabels(csr.metadata.annotations)}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(csr.metadata.creationTimestamp)}\n`);
  w.write(0, `Requesting User:\t${spec.username ?? ''}\n`);
  if (spec.signerName) w.write(0, `Signer:\t${spec.signerName}\n`);
  if (typeof spec.expirationSeconds === 'number') w.write(0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`);
  w.write(0, `Status:\t${csrCondition(csr as KObject)}\n`);
  w.write(0, 'Subject:\n');
  w.write(0, `\tCommon Name:\t${namesOf(cr.subject, 'CN')[0] ?? ''}\n`);
  w.write(0, `\tSerial Number:\t${namesOf(cr.subject, 'serialNumber')[0] ?? ''}\n`);
  const list = (name: string, values: string[]) => {
    if (values.length) w.write(0, `\t${name}:\t${values.join('\n\t\t')}\n`);
  };
  list('Organization', namesOf(cr.subject, 'O'));
  list('Organizational Unit', namesOf(cr.subject, 'OU'));
  list('Country', namesOf(cr.subject, 'C'));
  list('Locality', namesOf(cr.subject, 'L'));
  list('Province', namesOf(cr.subject, 'ST'));
  list('StreetAddress', namesOf(cr.subject, 'street'));
  list('PostalCode', namesOf(cr.subject, 'postalCode'));
  const san = cr.san;
  if (san.dns.length + san.email.length + san.ip.length + san.uri.length) {
    w.write(0, 'Subject Alternative Names:\n');
    list('DNS Names', san.dns);
    list('Email Addresses', san.email);
    list('URIs', san.uri);
    list('IP Addresses', san.ip);
  }
  describeEvents(w, eventsOf(ctx, csr), ctx.now);
  return tabbed(w);
}
