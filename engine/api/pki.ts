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
 * The cluster CA as kubeadm's pkiutil.NewSelfSignedCACert makes it: CN=kubernetes
 * (a PrintableString) with a DNS SAN of the same name, a 2048-bit RSA key, key usage
 * digitalSignature/keyEncipherment/certSign and CA:TRUE, both critical, and a
 * subject key ID; valid from CertificateBackdate (5 minutes) before the lab's epoch, when kubeadm init ran, until
 * ten years after it. Fixed text so every run
 * shows the same bytes: well-formed DER whose SubjectPublicKeyInfo gives kubeadm's
 * --discovery-token-ca-cert-hash. Its private key was thrown away and its signature
 * is a repeated 32-byte stand-in (nothing in the lab verifies it), which keeps the
 * text as small as the page allows.
 */
export const ROOT_CA_CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDBTCCAe2gAwIBAgIIEKpJOOrUJoIwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE',
  'AxMKa3ViZXJuZXRlczAeFw0yNTEyMzEyMzU1MDBaFw0zNTEyMzAwMDAwMDBaMBUx',
  'EzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK',
  'AoIBAQC0pnbcIyJQtgKdTeCZ701Y6MHnZ8TsYkgaSPx3jXe2iR6FZBoX9ilWfNPh',
  'HSZpHlvtR58TIQOR57v6ZqtUtSxke4i6ALINaCoGhpgfbThpHpToBBbJHUNNzfB6',
  'xEK08izrq18eHc0mKjPx+H6cYaM1FPS6+tGmqmERMuz3mDeNxY38/E2znA8tBaSc',
  'yhpIvibvuqWC1PygE656SIst5VsHTn1JMHifyi1HBywaSH+fOAoxTQ+03KrEe+gW',
  'l1ww5q9HsaVW/i9PIxo/W/Fsj39y4cOdKxFdFmfeHlEWq3xBL2FSGmkpWRRc4SlS',
  '+fZ0mlfsxaFNBvcXC6zF43w7ilXBAgMBAAGjWTBXMA4GA1UdDwEB/wQEAwICpDAP',
  'BgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBRYvIoV5mBUJgA3QxCPCxT2lmeAZjAV',
  'BgNVHREEDjAMggprdWJlcm5ldGVzMA0GCSqGSIb3DQEBCwUAA4IBAQBPo2joNMKk',
  'NVK2p9l9mhkWCypvTuRaRqqRLZRJcY6z3U+jaOg0wqQ1Uran2X2aGRYLKm9O5FpG',
  'qpEtlElxjrPdT6No6DTCpDVStqfZfZoZFgsqb07kWkaqkS2USXGOs91Po2joNMKk',
  'NVK2p9l9mhkWCypvTuRaRqqRLZRJcY6z3U+jaOg0wqQ1Uran2X2aGRYLKm9O5FpG',
  'qpEtlElxjrPdT6No6DTCpDVStqfZfZoZFgsqb07kWkaqkS2USXGOs91Po2joNMKk',
  'NVK2p9l9mhkWCypvTuRaRqqRLZRJcY6z3U+jaOg0wqQ1Uran2X2aGRYLKm9O5FpG',
  'qpEtlElxjrPd',
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
