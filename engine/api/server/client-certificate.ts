/**
 * kube-apiserver's x509 authenticator (k8s.io/apiserver pkg/authentication/request/x509, release-1.35) for the
 * client certificate a kubeconfig user presents: one the cluster CA (--client-ca-file, kubeadm's ca.crt) signed,
 * valid now and usable for client auth, is the user named by its subject's CN, in its O's groups (and
 * system:authenticated), with the certificate's SHA-256 as credential id (CommonNameUserConversion); anything
 * else is refused with 401. Loaded with RBAC, never with the page.
 */
import type { UserInfo } from '../rbac/authorizer.js';
import { ALL_AUTHENTICATED, authorizingClient, unauthorizedClient } from '../rbac/impersonation.js';
import type { Client } from '../client.js';
import type { Cluster } from '../../cluster.js';
import type { KubeconfigUser } from '../../kubectl/framework/session.js';
import type { VirtualFileSystem } from '../../shell/process.js';
import { namesOf, parseCertificatePEM, pemDecode } from '../../util/pkix.js';
import { sha256Bytes } from '../../util/sha256.js';

/** The DER of the client auth and anyExtendedKeyUsage OBJECT IDENTIFIERs. */
const CLIENT_AUTH = '06082b06010505070302';
const ANY_USAGE = '0604551d2500';

/** The user a client certificate authenticates, or undefined when the API server would answer 401. */
export function clientCertificateUser(pemText: string, now: number): UserInfo | undefined {
  const cert = parseCertificatePEM(pemText);
  if (typeof cert === 'string' || !cert.signedByClusterCA) return undefined;
  if (now < cert.notBefore || now > cert.notAfter) return undefined;
  // x509.Verify with ExtKeyUsageClientAuth: a certificate that lists extended key usages must list client auth.
  const eku = cert.extensions.find((e) => e.id === '2.5.29.37');
  if (eku && !hexOf(eku.value).includes(CLIENT_AUTH) && !hexOf(eku.value).includes(ANY_USAGE)) return undefined;
  const cn = namesOf(cert.subject, 'CN')[0];
  if (!cn) return undefined;
  const der = Array.from(pemDecode(pemText)!.der);
  const groups = [...namesOf(cert.subject, 'O')];
  if (!groups.includes(ALL_AUTHENTICATED)) groups.push(ALL_AUTHENTICATED);
  return { name: cn, groups, extra: { 'authentication.kubernetes.io/credential-id': [`X509SHA256=${sha256Bytes(der)}`] } };
}

const hexOf = (b: readonly number[]) => b.map((x) => x.toString(16).padStart(2, '0')).join('');

/** kubectl's client for a user presenting `pem`: as the user it authenticates, or refused with 401. */
export function certificateClient(cluster: Cluster, client: Client, pem: string): Client {
  const user = clientCertificateUser(pem, cluster.clock.now());
  return user ? authorizingClient(cluster.apiserver, client, user) : unauthorizedClient(client);
}

/**
 * client-go's TLS config for a kubeconfig user: client-certificate-data, else the client-certificate file (a missing
 * one is its error). Data holding no certificate stays the lab's admin (the stand-ins of kubeadm's admin.conf).
 */
export function presentedCertificate(u: KubeconfigUser, fs: VirtualFileSystem, cwd: string): string | undefined {
  const data = u.user['client-certificate-data'];
  const file = u.user['client-certificate'];
  let text: string | undefined;
  if (typeof data === 'string' && data) {
    try { text = atob(data); } catch { return undefined; }
  } else if (typeof file === 'string' && file) {
    text = fs.readFile(fs.resolve(cwd, file));
    if (text === undefined) throw new Error(`unable to read client-cert ${file} for ${u.name} due to open ${file}: no such file or directory`);
  }
  return text?.includes('-----BEGIN CERTIFICATE-----') ? text : undefined;
}
