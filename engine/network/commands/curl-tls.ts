/**
 * curl's TLS client (lib/vtls/openssl.c), per curl build: the CA bundle it
 * loads (--cacert, else the system's, which holds public CAs only, never a
 * cluster's), the chain check OpenSSL makes, then curl's own host name check
 * against the certificate's subjectAltNames; -k skips both. The texts are
 * each version's: curl 7.38.0 on OpenSSL 1.0.1 (Debian jessie), 8.5.0 on
 * OpenSSL 3.0.13 (Ubuntu 24.04), 8.12.1 on OpenSSL 3.3.3 (curlimages/curl,
 * Alpine 3.21). A certificate is a record (engine/api/pki.ts): a CA file
 * trusts it when it holds its issuer's PEM.
 */
import type { ServingCertificate } from '../../api/pki.js';
import type { CurlFlavour } from './curl.js';
import { hex, parseCertificatePEM, parsePrivateKey } from '../../util/pkix.js';

/** tool_operate.c's CURL_CA_CERT_ERRORMSG, printed after a verification failure's line. */
const CA_CERT_HINT = (webpage: string) => 'More details here: https://curl.se/docs/sslcerts.html\n\n'
  + 'curl failed to verify the legitimacy of the server and therefore could not\n'
  + 'establish a secure connection to it. To learn more about this situation and\n'
  + `how to fix it, please visit the ${webpage} mentioned above.\n`;

/** curl 7.38's two paragraphs (CURL_CA_CERT_ERRORMSG1 and 2), after CURLE_SSL_CACERT only. */
const CA_CERT_HINT_7 = 'More details here: http://curl.haxx.se/docs/sslcerts.html\n\n'
  + 'curl performs SSL certificate verification by default, using a "bundle"\n'
  + ' of Certificate Authority (CA) public keys (CA certs). If the default\n'
  + " bundle file isn't adequate, you can specify an alternate file\n"
  + ' using the --cacert option.\n'
  + 'If this HTTPS server uses a certificate signed by a CA represented in\n'
  + ' the bundle, the certificate verification probably failed due to a\n'
  + ' problem with the certificate (it might be expired, or the name might\n'
  + ' not match the domain name in the URL).\n'
  + "If you'd like to turn off curl's verification of the certificate, use\n"
  + ' the -k (or --insecure) option.\n';

interface TLSTexts {
  /** OpenSSL's error for a reply that is no TLS record (a plain HTTP server answering the ClientHello). */
  notTLS: string;
  badCAFile(path: string): string;
  /** CURLE_SSL_CACERT (60) and what follows its line. */
  untrusted: string;
  /** The host name check's code (8.x: CURLE_PEER_FAILED_VERIFICATION is 60; 7.x: 51, without the hint). */
  hostMismatch: { code: number; hint: string };
}

const OPENSSL3_NOT_TLS = (version: string) => `OpenSSL/${version}: error:0A00010B:SSL routines::wrong version number`;

const TEXTS: Record<CurlFlavour, TLSTexts> = {
  '7': {
    notTLS: 'error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol',
    // Debian builds curl --with-ca-path=/etc/ssl/certs.
    badCAFile: (path) => `error setting certificate verify locations:\n  CAfile: ${path}\n  CApath: /etc/ssl/certs`,
    untrusted: CA_CERT_HINT_7,
    hostMismatch: { code: 51, hint: '' },
  },
  '8.5': {
    notTLS: OPENSSL3_NOT_TLS('3.0.13'),
    badCAFile: (path) => `error setting certificate file: ${path}`,
    untrusted: CA_CERT_HINT('web page'),
    hostMismatch: { code: 60, hint: CA_CERT_HINT('web page') },
  },
  // Debian bookworm's 7.88.1 words these as 8.5 does (recorded on bookworm with OpenSSL 3.0.19).
  '7.88': {
    notTLS: OPENSSL3_NOT_TLS('3.0.19'),
    badCAFile: (path) => `error setting certificate file: ${path}`,
    untrusted: CA_CERT_HINT('web page'),
    hostMismatch: { code: 60, hint: CA_CERT_HINT('web page') },
  },
  '8': {
    notTLS: OPENSSL3_NOT_TLS('3.3.3'),
    badCAFile: (path) => `error setting certificate file: ${path}`,
    untrusted: CA_CERT_HINT('webpage'),
    hostMismatch: { code: 60, hint: CA_CERT_HINT('webpage') },
  },
};

export interface TLSOptions {
  insecure: boolean;
  cacert?: string;
  /** The file as the client's process reads it (undefined: no such file, or not readable). */
  readFile?: (path: string) => string | undefined;
  /** --cert/--key, loaded before the handshake: the certificate to present, or why curl gave up on it. */
  client?: ClientCertificate;
}

export interface TLSFailure { code: number; text: string }

/** A file curl opened: its text, or the errno its fopen got. */
export interface FileRead { text?: string; errno?: string }

export type ClientCertificate = { pem: string; failure?: undefined } | { pem?: undefined; failure: TLSFailure };

/** tool_getparam.c's cert parameter: "FILE[:PASSWORD]" (a backslash escapes a colon in the name). */
export function certFileOf(arg: string): string {
  let out = '';
  for (let i = 0; i < arg.length; i++) {
    if (arg[i] === '\\' && arg[i + 1] === ':') { out += ':'; i++; continue; }
    if (arg[i] === ':') break;
    out += arg[i];
  }
  return out;
}

/** OpenSSL's error queue entry for fopen's errno, and for a file with no PEM block (1.0.1 for curl 7.38, else 3.x). */
function opensslError(f: CurlFlavour, r: FileRead): string {
  const legacy = f === '7';
  switch (r.errno) {
    case 'ENOENT': return legacy ? 'error:02001002:system library:fopen:No such file or directory' : 'error:80000002:system library::No such file or directory';
    case 'EACCES': return legacy ? 'error:0200100D:system library:fopen:Permission denied' : 'error:8000000D:system library::Permission denied';
    // A directory opens; reading it finds no PEM block.
    default: return legacy ? 'error:0906D06C:PEM routines:PEM_read_bio:no start line' : 'error:0480006C:PEM routines::no start line';
  }
}

/**
 * openssl.c's cert_stuff for PEM files: the certificate (the first one in its file), then the private key from
 * --key or else the same file, which OpenSSL checks against the certificate's public key. Each failure is
 * CURLE_SSL_CERTPROBLEM (58).
 */
export function loadClientCertificate(f: CurlFlavour, certFile: string, keyFile: string, open: (path: string) => FileRead): ClientCertificate {
  const fail = (text: string): ClientCertificate => ({ failure: { code: 58, text: `curl: (58) ${text}\n` } });
  const c = open(certFile);
  const certBlock = c.text === undefined ? undefined : PEM_CERTIFICATE.exec(c.text)?.[0];
  const cert = certBlock === undefined ? undefined : parseCertificatePEM(certBlock);
  if (cert === undefined || typeof cert === 'string') {
    const err = opensslError(f, c.text === undefined ? c : {});
    return fail(f === '7' ? `could not load PEM client certificate, OpenSSL error ${err}, (no key found, wrong pass phrase, or wrong file format?)`
      : `could not load PEM client certificate from ${certFile}, OpenSSL error ${err}, (no key found, wrong pass phrase, or wrong file format?)`);
  }
  const k = open(keyFile);
  // PEM_read_bio_PrivateKey reads past blocks of other types (a file holding the certificate, then its key).
  const keyBlock = k.text === undefined ? undefined : PEM_PRIVATE_KEY.exec(k.text)?.[0];
  const key = keyBlock === undefined ? undefined : parsePrivateKey(keyBlock);
  if (!key || hex(key.modulus) !== hex(cert.key.modulus)) return fail(`unable to set private key file: '${keyFile}' type PEM`);
  return { pem: certBlock! };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----/;
const PEM_PRIVATE_KEY = /-----BEGIN (RSA )?PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END \1PRIVATE KEY-----/;

/** One handshake from curl's side: the failure it reports, or undefined when the connection goes on. */
export function curlHandshake(f: CurlFlavour, o: TLSOptions, host: string, cert: ServingCertificate | undefined): TLSFailure | undefined {
  const t = TEXTS[f];
  if (o.client?.failure) return o.client.failure;
  // The CA file is loaded as the SSL context is set up, before the ClientHello leaves, even with -k (it then only warns).
  let bundle: string | undefined;
  if (o.cacert !== undefined) {
    bundle = o.readFile?.(o.cacert);
    if ((bundle === undefined || !PEM_CERTIFICATE.test(bundle)) && !o.insecure) return { code: 77, text: `curl: (77) ${t.badCAFile(o.cacert)}\n` };
  }
  if (!cert) return { code: 35, text: `curl: (35) ${t.notTLS}\n` };
  if (o.insecure) return undefined;
  // OpenSSL reports a chain it cannot build first, then the leaf's dates (X509_V_ERR_*'s texts; 3.0 hyphenated "self-signed").
  const problem = !bundle?.includes(cert.issuerPEM) ? (cert.selfSigned ? (f === '7' ? 'self signed certificate' : 'self-signed certificate') : 'unable to get local issuer certificate')
    : cert.validity === 'expired' ? 'certificate has expired' : cert.validity === 'not-yet-valid' ? 'certificate is not yet valid' : undefined;
  if (problem) return { code: 60, text: `curl: (60) SSL certificate problem: ${problem}\n${t.untrusted}` };
  const ip = /^\d+\.\d+\.\d+\.\d+$/.test(host);
  // Without a subjectAltName curl matches the subject's CN (ossl_verifyhost).
  if (!cert.dnsNames.length && !cert.ipAddresses.length && cert.commonName !== undefined) {
    if (cert.commonName.toLowerCase() === host.toLowerCase()) return undefined;
    return { code: t.hostMismatch.code, text: `curl: (${t.hostMismatch.code}) SSL: certificate subject name '${cert.commonName}' does not match target host name '${host}'\n${t.hostMismatch.hint}` };
  }
  if (ip ? !cert.ipAddresses.includes(host) : !cert.dnsNames.includes(host.toLowerCase())) {
    return { code: t.hostMismatch.code, text: `curl: (${t.hostMismatch.code}) SSL: no alternative certificate subject name matches target host name '${host}'\n${t.hostMismatch.hint}` };
  }
  return undefined;
}
