/**
 * kubeadm's /etc/kubernetes/pki as data: the cluster CA (ca.crt, which
 * kube-root-ca.crt publishes and every pod's token volume holds) and the
 * serving certificates it signed. Nothing here is real cryptography: a
 * certificate is a record a TLS client can check (who issued it, which names
 * and addresses it covers), and the CA's PEM text is what a file must hold to
 * make a client trust it.
 */
import { KUBERNETES_SERVICE_IP } from './bootstrap/kubernetes-service.js';

/**
 * The cluster CA (CN=kubernetes, as kubeadm names it). Fixed text so every run
 * shows the same bytes; it is shaped like a PEM certificate but signs nothing.
 */
export const ROOT_CA_CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDBTCCAe2gAwIBAgIIKubeLabCA0wDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE',
  'AxMKa3ViZXJuZXRlczAeFw0yNjAxMDEwMDAwMDBaFw0zNTEyMzAwMDAwMDBaMBUx',
  'EzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK',
  'AoIBAQC7S2ViZUxhYiBzaW11bGF0ZWQgY2x1c3RlciBDQSAtIG5vdCBhIHJlYWwg',
  'a2V5LiBUaGlzIGNlcnRpZmljYXRlIGV4aXN0cyBzbyB0aGF0IGt1YmUtcm9vdC1j',
  'YS5jcnQgbG9va3MgYXMgaXQgZG9lcyBvbiBhIGt1YmVhZG0gY2x1c3Rlci4gSXQg',
  'aXMgdGhlIHNhbWUgaW4gZXZlcnkgc2Vzc2lvbiBhbmQgc2lnbnMgbm90aGluZy4A',
  'AgMBAAGjWTBXMA4GA1UdDwEB/wQEAwICpDAPBgNVHRMBAf8EBTADAQH/MB0GA1Ud',
  'DgQWBBQKdWJlbGFiLWNsdXN0ZXItY2EwFQYDVR0RBA4wDIIKa3ViZXJuZXRlczAN',
  'BgkqhkiG9w0BAQsFAAOCAQEAS3ViZUxhYiBkb2VzIG5vdCBzaWduIGFueXRoaW5n',
  'IHdpdGggdGhpcyBjZXJ0aWZpY2F0ZS4gSXQgaXMgYSBmaXhlZCBwbGFjZWhvbGRl',
  'ciBmb3IgdGhlIHNpbXVsYXRlZCBjbHVzdGVyJ3Mgcm9vdCBDQS4=',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

/** A certificate a server presents in its TLS handshake. */
export interface ServingCertificate {
  subject: string;
  /** The issuer's PEM: a client trusts the certificate when a CA file it loaded holds this text. */
  issuerPEM: string;
  issuer: string;
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
  /** The subject's CN, which a client matches when the certificate has no subjectAltName. */
  commonName?: string;
  /** It is its own issuer (a learner's `openssl req -x509`). */
  selfSigned?: boolean;
  /** Outside its validity period at the time of the handshake. */
  validity?: 'expired' | 'not-yet-valid';
}

/**
 * kube-apiserver's apiserver.crt as kubeadm makes it (certs/certlist.go, GetAPIServerAltNames): the Service's
 * names, the node's name, the `kubernetes` Service's ClusterIP and the advertise address.
 */
export function apiserverCertificate(nodeName: string, advertiseAddress: string): ServingCertificate {
  return {
    subject: 'CN=kube-apiserver', issuer: 'CN=kubernetes', issuerPEM: ROOT_CA_CERT,
    dnsNames: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', nodeName],
    ipAddresses: [KUBERNETES_SERVICE_IP, advertiseAddress],
  };
}
