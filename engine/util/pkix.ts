/**
 * The PKIX objects the lab's openssl writes and the cluster reads: RSA private keys (PKCS#8, as OpenSSL 3 writes
 * them), PKCS#10 certificate requests and X.509 certificates, in real DER inside real PEM, so `base64 -d`, `openssl
 * req -text` and Go's parsers in kube-apiserver and kube-controller-manager see the structures they expect.
 *
 * Nothing here is real cryptography: a key's modulus is seeded random bytes, and a "signature" is SHA-256 of what it
 * signs with the signer's secret (a request: its own public key; a certificate: the issuer's key), stretched to the
 * key's size. So a request whose bytes were changed no longer verifies, and only what the cluster CA signed passes
 * as signed by it. Loaded with the CSR code and openssl, never with the page.
 */
import { sha256Bytes, sha256Hex } from './sha256.js';
import { base64EncodeBytes } from './base64.js';
import { parseIPv6 } from './ip-parse.js';

// ---------- DER ----------

type Bytes = number[];

function len(n: number): Bytes {
  if (n < 0x80) return [n];
  const out: Bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, ...content: Bytes[]): Bytes {
  const body = content.flat();
  return [tag, ...len(body.length), ...body];
}

const seq = (...c: Bytes[]) => tlv(0x30, ...c);
const set = (...c: Bytes[]) => tlv(0x31, ...c);
/** A positive INTEGER from big-endian magnitude bytes. */
const uint = (b: Bytes) => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const m = b.slice(i);
  return tlv(0x02, m[0] & 0x80 ? [0, ...m] : m);
};
const small = (n: number) => uint(n === 0 ? [0] : bigEndian(n));
const bigEndian = (n: number) => { const out: Bytes = []; for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff); return out; };
const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
const NULL = [0x05, 0x00];

function oid(dotted: string): Bytes {
  const parts = dotted.split('.').map(Number);
  const out: Bytes = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, out);
}

function oidText(b: Uint8Array, t: Node): string {
  const bytes = b.subarray(t.start, t.end);
  if (!bytes.length) return '';
  const out = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let v = 0;
  for (const x of bytes.subarray(1)) {
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) { out.push(v); v = 0; }
  }
  return out.join('.');
}

export interface Node { tag: number; start: number; end: number; head: number }

export class DERError extends Error {}

function read(b: Uint8Array, i: number, limit = b.length): Node {
  if (i + 2 > limit) throw new DERError('asn1: syntax error: data truncated');
  const tag = b[i];
  let n = b[i + 1];
  let start = i + 2;
  if (n & 0x80) {
    const k = n & 0x7f;
    if (k === 0 || k > 4) throw new DERError('asn1: syntax error: indefinite length found (not DER)');
    n = 0;
    for (let j = 0; j < k; j++) n = n * 256 + b[start + j];
    start += k;
  }
  if (start + n > limit) throw new DERError('asn1: syntax error: data truncated');
  return { tag, start, end: start + n, head: i };
}

function kids(b: Uint8Array, t: Node): Node[] {
  const out: Node[] = [];
  for (let i = t.start; i < t.end;) {
    const c = read(b, i, t.end);
    out.push(c);
    i = c.end;
  }
  return out;
}

const raw = (b: Uint8Array, t: Node) => Array.from(b.subarray(t.head, t.end));
const body = (b: Uint8Array, t: Node) => Array.from(b.subarray(t.start, t.end));
const str = (b: Uint8Array, t: Node) => new TextDecoder().decode(b.subarray(t.start, t.end));
export const hex = (bytes: readonly number[]) => bytes.map((x) => x.toString(16).padStart(2, '0')).join('');
export const hexToBytes = (h: string): Bytes => Array.from({ length: h.length >> 1 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16));

// ---------- PEM ----------

export function pem(type: string, der: readonly number[]): string {
  const b64 = base64EncodeBytes(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

/** Go's pem.Decode, for the first block: its type and bytes, or undefined when there is no well-formed block. */
export function pemDecode(text: string): { type: string; der: Uint8Array; headers: boolean } | undefined {
  const m = /-----BEGIN ([^-\n]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  let b64 = m[2];
  const headers = /^[^\n]*:/.test(b64);
  if (headers) b64 = b64.slice(b64.indexOf('\n\n') + 2);
  b64 = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  try {
    return { type: m[1], der: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), headers };
  } catch {
    return undefined;
  }
}

// ---------- names ----------

export interface DistinguishedName {
  /** In the order written: [short name, value]. */
  attributes: [string, string][];
}

const ATTR_OIDS: Record<string, string> = {
  CN: '2.5.4.3', C: '2.5.4.6', L: '2.5.4.7', ST: '2.5.4.8', O: '2.5.4.10', OU: '2.5.4.11', serialNumber: '2.5.4.5', street: '2.5.4.9', postalCode: '2.5.4.17', emailAddress: '1.2.840.113549.1.9.1',
};
const ATTR_NAMES = Object.fromEntries(Object.entries(ATTR_OIDS).map(([k, v]) => [v, k]));

function encodeName(dn: DistinguishedName): Bytes {
  // OpenSSL's default string_mask (utf8only): UTF8String, except countryName and emailAddress, which must be printable / IA5.
  return seq(...dn.attributes.map(([k, v]) => set(seq(oid(ATTR_OIDS[k] ?? '2.5.4.3'), tlv(k === 'C' ? 0x13 : k === 'emailAddress' ? 0x16 : 0x0c, utf8(v))))));
}

function decodeName(b: Uint8Array, t: Node): DistinguishedName {
  const attributes: [string, string][] = [];
  for (const rdn of kids(b, t)) for (const atv of kids(b, rdn)) {
    const [o, v] = kids(b, atv);
    const id = oidText(b, o);
    attributes.push([ATTR_NAMES[id] ?? id, str(b, v)]);
  }
  return { attributes };
}

/** OpenSSL's one-line form (XN_FLAG_ONELINE): `CN = myuser, O = dev`. */
export function nameText(dn: DistinguishedName): string {
  return dn.attributes.map(([k, v]) => `${k} = ${/[,+;<>"=]/.test(v) || /^\s|\s$/.test(v) ? `"${v}"` : v}`).join(', ');
}

export const namesOf = (dn: DistinguishedName, key: string) => dn.attributes.filter(([k]) => k === key).map(([, v]) => v);

/**
 * openssl's -subj: `/type0=value0/type1=value1`, `\` escaping the next character; `+` joins a multi-valued RDN
 * (flattened here). Undefined (with OpenSSL's complaint) when it does not parse.
 */
export function parseSubj(subj: string): DistinguishedName | string {
  if (!subj.startsWith('/')) return `name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: '${subj}'`;
  const attributes: [string, string][] = [];
  let i = 1;
  while (i < subj.length) {
    let key = '';
    while (i < subj.length && subj[i] !== '=') key += subj[i++];
    if (subj[i] !== '=') return `Hit end of string before finding the '='`;
    i++;
    let value = '';
    while (i < subj.length && subj[i] !== '/' && subj[i] !== '+') {
      if (subj[i] === '\\' && i + 1 < subj.length) i++;
      value += subj[i++];
    }
    i++;
    const k = Object.keys(ATTR_OIDS).find((a) => a.toLowerCase() === key.toLowerCase()) ?? (key.toLowerCase() === 'commonname' ? 'CN' : key.toLowerCase() === 'organizationname' ? 'O' : undefined);
    if (!k) return `Skipping unknown attribute "${key}"`;
    // An empty value drops the attribute (OpenSSL warns "No value provided for subject name attribute").
    if (value) attributes.push([k, value]);
  }
  return { attributes };
}

// ---------- keys ----------

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const RSA_ALG = seq(oid(RSA_ENCRYPTION), NULL);
const SIG_ALG = seq(oid(SHA256_WITH_RSA), NULL);

export interface RSAKey { modulus: Bytes; bits: number; exponent?: Bytes }

/** A key of `bits` bits from `random` (a function giving bytes): top bit set, odd, as a real modulus is. */
export function generateRSAKey(bits: number, randomByte: () => number): { key: RSAKey; pem: string } {
  const key = rsaModulus(bits, randomByte);
  return { key, pem: pem('PRIVATE KEY', seq(small(0), RSA_ALG, tlv(0x04, pkcs1(key, randomByte)))) };
}

/** A modulus of `bits` bits from seeded bytes: top bits and the last bit set, as a real one. */
export function rsaModulus(bits: number, randomByte: () => number): RSAKey {
  const modulus = Array.from({ length: bits / 8 }, randomByte);
  modulus[0] |= 0xc0;
  modulus[modulus.length - 1] |= 1;
  return { modulus, bits };
}

/** PKCS#1 RSAPrivateKey for `key`: the private exponent and the primes' numbers are seeded bytes. */
function pkcs1(key: RSAKey, randomByte: () => number): Bytes {
  const n = key.modulus.length;
  const half = () => { const p = Array.from({ length: n / 2 }, randomByte); p[0] |= 0xc0; p[p.length - 1] |= 1; return uint(p); };
  return seq(small(0), uint(key.modulus), uint([1, 0, 1]), uint(Array.from({ length: n }, randomByte)), half(), half(), half(), half(), half());
}

/** keyutil.MarshalPrivateKeyToPEM of an RSA key: PKCS#1 "RSA PRIVATE KEY". */
export const rsaPrivateKeyPEM = (key: RSAKey, randomByte: () => number): string => pem('RSA PRIVATE KEY', pkcs1(key, randomByte));

/** A private key file's key (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY"), or undefined. */
export function parsePrivateKey(text: string): RSAKey | undefined {
  const block = pemDecode(text);
  if (!block || (block.type !== 'PRIVATE KEY' && block.type !== 'RSA PRIVATE KEY')) return undefined;
  try {
    const b = block.der;
    let rsa = read(b, 0);
    if (block.type === 'PRIVATE KEY') {
      const [, alg, octets] = kids(b, rsa);
      if (oidText(b, kids(b, alg)[0]) !== RSA_ENCRYPTION) return undefined;
      rsa = read(b, octets.start);
    }
    const n = body(b, kids(b, rsa)[1]);
    const modulus = n[0] === 0 ? n.slice(1) : n;
    return { modulus, bits: modulus.length * 8 };
  } catch {
    return undefined;
  }
}

const spki = (key: RSAKey) => seq(RSA_ALG, tlv(0x03, [0], seq(uint(key.modulus), uint([1, 0, 1]))));

/** `secret`'s signature over `tbs`, as long as the signing key. */
function signature(secret: string, tbs: readonly number[], bytes: number): Bytes {
  const out: Bytes = [];
  for (let i = 0; out.length < bytes; i++) {
    const h = sha256Hex(`${secret}:${i}:${hex(tbs as number[])}`);
    for (let j = 0; j < 64 && out.length < bytes; j += 2) out.push(parseInt(h.slice(j, j + 2), 16));
  }
  return out;
}

const keySecret = (modulus: readonly number[]) => `key:${sha256Hex(hex(modulus as number[]))}`;

// ---------- requests ----------

export interface SubjectAltNames { dns: string[]; ip: string[]; email: string[]; uri: string[] }

export interface CertificateRequest {
  subject: DistinguishedName;
  key: RSAKey;
  san: SubjectAltNames;
  /** The DER of subject and SubjectPublicKeyInfo, which a certificate for it carries over. */
  rawSubject: Bytes;
  rawPublicKey: Bytes;
  signatureValid: boolean;
}

function encodeSAN(san: SubjectAltNames): Bytes {
  return seq(
    ...san.dns.map((d) => tlv(0x82, utf8(d))),
    ...san.email.map((e) => tlv(0x81, utf8(e))),
    ...san.uri.map((u) => tlv(0x86, utf8(u))),
    ...san.ip.map((ip) => tlv(0x87, ipBytes(ip))),
  );
}

/** An IPv4 or IPv6 address's 4 or 16 bytes (net.IP's). */
function ipBytes(ip: string): Bytes {
  const v6 = ip.includes(':') ? parseIPv6(ip) : undefined;
  return Array.isArray(v6) ? v6 : ip.split('.').map(Number);
}

/** OpenSSL's text of an address: dotted IPv4, IPv6 as eight uppercase hex groups (`0:0:0:0:0:0:0:1`). */
function ipText(b: readonly number[]): string {
  if (b.length !== 16) return b.join('.');
  return Array.from({ length: 8 }, (_, i) => ((b[2 * i] << 8) | b[2 * i + 1]).toString(16).toUpperCase()).join(':');
}

function decodeSAN(b: Uint8Array, t: Node, into: SubjectAltNames): void {
  for (const g of kids(b, t)) {
    if (g.tag === 0x82) into.dns.push(str(b, g));
    else if (g.tag === 0x81) into.email.push(str(b, g));
    else if (g.tag === 0x86) into.uri.push(str(b, g));
    else if (g.tag === 0x87) into.ip.push(ipText(body(b, g)));
  }
}

const noSAN = (): SubjectAltNames => ({ dns: [], ip: [], email: [], uri: [] });

/** A PKCS#10 request for `subject`, signed with `key` (openssl req -new). */
export function createRequest(subject: DistinguishedName, key: RSAKey, san: SubjectAltNames = noSAN()): string {
  const hasSAN = san.dns.length + san.ip.length + san.email.length + san.uri.length > 0;
  const attrs = hasSAN ? [seq(oid(EXTENSION_REQUEST), set(seq(seq(oid('2.5.29.17'), tlv(0x04, encodeSAN(san))))))] : [];
  const info = seq(small(0), encodeName(subject), spki(key), tlv(0xa0, ...attrs));
  return pem('CERTIFICATE REQUEST', seq(info, SIG_ALG, tlv(0x03, [0], signature(keySecret(key.modulus), info, key.bits / 8))));
}

function publicKeyOf(b: Uint8Array, t: Node): RSAKey {
  const [alg, bits] = kids(b, t);
  if (oidText(b, kids(b, alg)[0]) !== RSA_ENCRYPTION) throw new DERError('x509: unsupported public key algorithm');
  const [nT, eT] = kids(b, read(b, bits.start + 1, bits.end));
  const n = body(b, nT);
  const modulus = n[0] === 0 ? n.slice(1) : n;
  return { modulus, bits: modulus.length * 8, exponent: body(b, eT) };
}

const big = (bytes: readonly number[]) => bytes.reduce((v, x) => (v << 8n) | BigInt(x), 0n);

/**
 * RSASSA-PKCS1-v1_5 with SHA-256, for requests and certificates made by a real openssl (the documentation's sample
 * request): s^e mod n must be 00 01 FF… 00, SHA-256's DigestInfo and the digest of what was signed.
 */
function rsaVerify(key: RSAKey, sig: readonly number[], signed: readonly number[]): boolean {
  const n = big(key.modulus);
  const s = big(sig);
  if (n === 0n || s >= n) return false;
  let e = big(key.exponent ?? [1, 0, 1]);
  let m = 1n;
  for (let b = s; e > 0n; e >>= 1n, b = (b * b) % n) if (e & 1n) m = (m * b) % n;
  const em = m.toString(16).padStart(key.modulus.length * 2, '0');
  return new RegExp(`^0001(ff)+003031300d060960864801650304020105000420${sha256Bytes([...signed])}$`).test(em);
}

/**
 * certificates.ParseCSR and CheckSignature as kube-apiserver runs them on spec.request: the request, or the error
 * text the API server puts after `spec.request: Invalid value: ...`.
 */
export function parseRequestPEM(text: string): CertificateRequest | string {
  const block = pemDecode(text);
  if (!block || block.type !== 'CERTIFICATE REQUEST') return 'PEM block type must be CERTIFICATE REQUEST';
  const b = block.der;
  try {
    const top = read(b, 0);
    if (top.tag !== 0x30) throw new DERError('asn1: structure error: tags don\'t match (16 vs {class:0 tag:' + (top.tag & 0x1f) + ' length:' + (top.end - top.start) + ' isCompound:' + !!(top.tag & 0x20) + '}) {optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} certificateRequest @2');
    const [info, , sig] = kids(b, top);
    if (!info || !sig) throw new DERError('asn1: syntax error: sequence truncated');
    const [, subjectT, pkT, attrsT] = kids(b, info);
    const subject = decodeName(b, subjectT);
    const key = publicKeyOf(b, pkT);
    const san = noSAN();
    for (const attr of attrsT ? kids(b, attrsT) : []) {
      const [o, values] = kids(b, attr);
      if (oidText(b, o) !== EXTENSION_REQUEST) continue;
      for (const ext of kids(b, kids(b, values)[0])) {
        const parts = kids(b, ext);
        if (oidText(b, parts[0]) === '2.5.29.17') decodeSAN(b, read(b, parts[parts.length - 1].start), san);
      }
    }
    const expected = signature(keySecret(key.modulus), raw(b, info), key.bits / 8);
    const given = body(b, sig).slice(1);
    const signatureValid = hex(given) === hex(expected) || rsaVerify(key, given, raw(b, info));
    return { subject, key, san, rawSubject: raw(b, subjectT), rawPublicKey: raw(b, pkT), signatureValid };
  } catch (e) {
    return e instanceof DERError ? e.message : 'asn1: syntax error: data truncated';
  }
}

// ---------- certificates ----------

/** The kubeadm cluster CA's signing secret: what only its ca.key could produce. */
const CLUSTER_CA_SECRET = 'kubelab-cluster-ca';
export const CLUSTER_CA_SUBJECT: DistinguishedName = { attributes: [['CN', 'kubernetes']] };
/** ca.crt's SubjectKeyIdentifier (api/pki.ts ROOT_CA_CERT), which the certificates it signs name as their AuthorityKeyIdentifier. */
const CLUSTER_CA_KEY_ID = hexToBytes('58bc8a15e6605426003743108f0b14f696678066');

/**
 * The extended key usages, in x509.ExtKeyUsage's order (keyUsagesFromStrings sorts by it): the usage's name in the
 * certificates API, its OID, and OpenSSL's short name (what a config file names) and long name (what -text prints).
 */
export const EXTENDED_KEY_USAGES: readonly { api: string; oid: string; short: string; long: string }[] = [
  ['any', '2.5.29.37.0', 'anyExtendedKeyUsage', 'Any Extended Key Usage'],
  ['server auth', '1.3.6.1.5.5.7.3.1', 'serverAuth', 'TLS Web Server Authentication'],
  ['client auth', '1.3.6.1.5.5.7.3.2', 'clientAuth', 'TLS Web Client Authentication'],
  ['code signing', '1.3.6.1.5.5.7.3.3', 'codeSigning', 'Code Signing'],
  ['email protection', '1.3.6.1.5.5.7.3.4', 'emailProtection', 'E-mail Protection'],
  ['ipsec end system', '1.3.6.1.5.5.7.3.5', 'ipsecEndSystem', 'IPSec End System'],
  ['ipsec tunnel', '1.3.6.1.5.5.7.3.6', 'ipsecTunnel', 'IPSec Tunnel'],
  ['ipsec user', '1.3.6.1.5.5.7.3.7', 'ipsecUser', 'IPSec User'],
  ['timestamping', '1.3.6.1.5.5.7.3.8', 'timeStamping', 'Time Stamping'],
  ['ocsp signing', '1.3.6.1.5.5.7.3.9', 'OCSPSigning', 'OCSP Signing'],
  ['microsoft sgc', '1.3.6.1.4.1.311.10.3.3', 'msSGC', 'Microsoft Server Gated Crypto'],
  ['netscape sgc', '2.16.840.1.113730.4.1', 'nsSGC', 'Netscape Server Gated Crypto'],
].map(([api, oid, short, long]) => ({ api, oid, short, long }));
/** x509.KeyUsage bits, by the usage's name in the API (bit 0 is the most significant bit of the first byte). */
const KEY_USAGE_BITS: Record<string, number> = {
  'digital signature': 0, 'signing': 0, 'content commitment': 1, 'key encipherment': 2, 'data encipherment': 3, 'key agreement': 4, 'cert sign': 5, 'crl sign': 6, 'encipher only': 7, 'decipher only': 8,
};

function utcTime(ms: number): Bytes {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const y = d.getUTCFullYear();
  const s = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return y >= 2050 ? tlv(0x18, utf8(`${y}${s}`)) : tlv(0x17, utf8(`${String(y % 100).padStart(2, '0')}${s}`));
}

function parseTime(b: Uint8Array, t: Node): number {
  const s = str(b, t);
  const full = t.tag === 0x18 ? s : `${Number(s.slice(0, 2)) >= 50 ? '19' : '20'}${s}`;
  return Date.UTC(Number(full.slice(0, 4)), Number(full.slice(4, 6)) - 1, Number(full.slice(6, 8)), Number(full.slice(8, 10)), Number(full.slice(10, 12)), Number(full.slice(12, 14)));
}

export interface IssueOptions { serial: Bytes; notBefore: number; notAfter: number; usages: readonly string[] }

/**
 * The certificate kube-controller-manager's csrsigning controller issues for a request (authority.Sign with the
 * PermissiveSigningPolicy): the request's subject, key and subjectAltNames, the usages as key usage and extended
 * key usage, not a CA, signed by the cluster CA.
 */
export function issueCertificate(req: CertificateRequest, o: IssueOptions): string {
  const ext = usageExtensions(o.usages);
  ext.push(seq(oid('2.5.29.19'), [0x01, 0x01, 0xff], tlv(0x04, seq())));
  ext.push(seq(oid('2.5.29.35'), tlv(0x04, seq(tlv(0x80, CLUSTER_CA_KEY_ID)))));
  const san = req.san;
  if (san.dns.length + san.ip.length + san.email.length + san.uri.length) ext.push(seq(oid('2.5.29.17'), tlv(0x04, encodeSAN(san))));
  const tbs = seq(tlv(0xa0, small(2)), uint(o.serial), SIG_ALG, encodeName(CLUSTER_CA_SUBJECT), seq(utcTime(o.notBefore), utcTime(o.notAfter)),
    req.rawSubject, req.rawPublicKey, tlv(0xa3, seq(...ext)));
  return pem('CERTIFICATE', seq(tbs, SIG_ALG, tlv(0x03, [0], signature(CLUSTER_CA_SECRET, tbs, 256))));
}

/** Key usage (critical, a DER BIT STRING without its trailing zero bits) and extended key usage, in x509's order. */
function usageExtensions(usages: readonly string[]): Bytes[] {
  const bits = usages.filter((u) => KEY_USAGE_BITS[u] !== undefined).map((u) => KEY_USAGE_BITS[u]);
  const ext: Bytes[] = [];
  if (bits.length) ext.push(seq(oid('2.5.29.15'), [0x01, 0x01, 0xff], tlv(0x04, extensionDER.keyUsage(bits))));
  const wanted = new Set(usages.map((u) => (u === 's/mime' ? 'email protection' : u)));
  const ekus = EXTENDED_KEY_USAGES.filter((u) => wanted.has(u.api)).map((u) => u.oid);
  if (ekus.length) ext.push(seq(oid('2.5.29.37'), tlv(0x04, seq(...ekus.map(oid)))));
  return ext;
}

/** Go's pkix.Name as x509 marshals it: each attribute its own RDN, PrintableString when it can be one. */
function goName(attributes: readonly [string, string][]): Bytes {
  return seq(...attributes.map(([k, v]) => set(seq(oid(ATTR_OIDS[k]), tlv(/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(v) ? 0x13 : 0x0c, utf8(v))))));
}

/** Who signs a certificate made by Go's x509.CreateCertificate: the parent's subject, key identifier and secret. */
export interface GoIssuer { subject: [string, string][]; keyId: Bytes; secret: string }

/** The cluster CA (ca.crt) as an issuer: what only its ca.key could sign, so kube-apiserver accepts the client certificates it signs. */
export const CLUSTER_CA: GoIssuer = { subject: [['CN', 'kubernetes']], keyId: CLUSTER_CA_KEY_ID, secret: CLUSTER_CA_SECRET };

export interface GoCertificateSpec {
  /** In the order pkix.Name writes it: O before CN. */
  subject: [string, string][];
  key: RSAKey;
  serial: Bytes;
  notBefore: number;
  notAfter: number;
  /** Extended key usages by their API names ('server auth', 'client auth'); a CA has none. */
  usages: readonly string[];
  dns?: readonly string[];
  ip?: readonly string[];
  /** Absent for a self-signed CA, which is then signed with `secret`. */
  issuer?: GoIssuer;
  secret?: string;
}

/** The key identifier Go gives a CA's own key (SHA-1 of the key bits there; a hash of the modulus here). */
export const keyIdOf = (key: RSAKey): Bytes => hexToBytes(sha256Hex(hex(key.modulus)).slice(0, 40));

/**
 * A certificate as Go's x509.CreateCertificate makes it for kubeadm (pkiutil.NewSignedCert, certutil.NewSelfSignedCACert):
 * key usage digitalSignature and keyEncipherment (and certSign for a CA), the extended key usages, basic constraints
 * (both critical), a CA's subject key identifier, the parent's as authority key identifier, then the subject's DNS
 * names and IP addresses.
 */
export function goCertificate(c: GoCertificateSpec): string {
  const isCA = !c.usages.length;
  const ext = usageExtensions(['digital signature', 'key encipherment', ...(isCA ? ['cert sign'] : []), ...c.usages]);
  ext.push(seq(oid('2.5.29.19'), [0x01, 0x01, 0xff], tlv(0x04, isCA ? seq([0x01, 0x01, 0xff]) : seq())));
  if (isCA) ext.push(seq(oid('2.5.29.14'), tlv(0x04, tlv(0x04, keyIdOf(c.key)))));
  if (c.issuer) ext.push(seq(oid('2.5.29.35'), tlv(0x04, seq(tlv(0x80, c.issuer.keyId)))));
  const san: SubjectAltNames = { dns: [...(c.dns ?? [])], ip: [...(c.ip ?? [])], email: [], uri: [] };
  if (san.dns.length + san.ip.length) ext.push(seq(oid('2.5.29.17'), tlv(0x04, encodeSAN(san))));
  const tbs = seq(tlv(0xa0, small(2)), uint(c.serial), SIG_ALG, goName(c.issuer?.subject ?? c.subject), seq(utcTime(c.notBefore), utcTime(c.notAfter)),
    goName(c.subject), spki(c.key), tlv(0xa3, seq(...ext)));
  return pem('CERTIFICATE', seq(tbs, SIG_ALG, tlv(0x03, [0], signature(c.issuer?.secret ?? c.secret ?? '', tbs, 256))));
}

/** A public key as PEM "PUBLIC KEY" (x509.MarshalPKIXPublicKey: kubeadm's sa.pub). */
export const publicKeyPEM = (key: RSAKey): string => pem('PUBLIC KEY', spki(key));


/**
 * A self-signed certificate for a request (openssl req -x509), with openssl.cnf's v3_ca extensions: its key
 * identifier (a hash of the key; OpenSSL's is SHA-1) as subject and authority key identifier, and CA:TRUE.
 */
export function selfSignedCertificate(req: CertificateRequest, o: Omit<IssueOptions, 'usages'>): string {
  const h = sha256Hex(hex(req.key.modulus));
  const keyId = Array.from({ length: 20 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16));
  const ext = seq(
    seq(oid('2.5.29.14'), tlv(0x04, tlv(0x04, keyId))),
    seq(oid('2.5.29.35'), tlv(0x04, seq(tlv(0x80, keyId)))),
    seq(oid('2.5.29.19'), [0x01, 0x01, 0xff], tlv(0x04, seq([0x01, 0x01, 0xff]))),
  );
  const tbs = seq(tlv(0xa0, small(2)), uint(o.serial), SIG_ALG, req.rawSubject, seq(utcTime(o.notBefore), utcTime(o.notAfter)), req.rawSubject, req.rawPublicKey, tlv(0xa3, ext));
  return pem('CERTIFICATE', seq(tbs, SIG_ALG, tlv(0x03, [0], signature(keySecret(req.key.modulus), tbs, req.key.bits / 8))));
}

/** An extension to write: its OID, whether critical, and the DER its OCTET STRING wraps. */
export interface ExtensionDER { id: string; critical: boolean; value: Bytes }

/** What `openssl x509 -req` writes: the request's subject and key, the issuer's name, v1 without extensions. */
export interface SignSpec {
  serial: Bytes;
  notBefore: number;
  notAfter: number;
  issuerName: Bytes;
  subject: Bytes;
  publicKey: Bytes;
  extensions?: readonly ExtensionDER[];
}

/**
 * A certificate signed with `signerKey`. When that is the cluster CA's key (kubeadm's ca.key, `clusterCA`) the
 * signature is the cluster CA's, so kube-apiserver's x509 authenticator accepts it; any other key signs as itself.
 */
export function signCertificate(spec: SignSpec, signerKey: RSAKey, clusterCA: boolean): string {
  const ext = spec.extensions;
  const tbs = seq(
    ...(ext ? [tlv(0xa0, small(2))] : []), uint(spec.serial), SIG_ALG, spec.issuerName, seq(utcTime(spec.notBefore), utcTime(spec.notAfter)), spec.subject, spec.publicKey,
    ...(ext ? [tlv(0xa3, seq(...ext.map((e) => seq(oid(e.id), ...(e.critical ? [[0x01, 0x01, 0xff]] : []), tlv(0x04, e.value)))))] : []),
  );
  const secret = clusterCA ? CLUSTER_CA_SECRET : keySecret(signerKey.modulus);
  return pem('CERTIFICATE', seq(tbs, SIG_ALG, tlv(0x03, [0], signature(secret, tbs, signerKey.bits / 8))));
}

/** Extension values as x509v3 encodes them. */
export const extensionDER = {
  basicConstraints: (ca: boolean, pathlen?: number): Bytes => seq(...(ca ? [[0x01, 0x01, 0xff]] : []), ...(pathlen !== undefined ? [small(pathlen)] : [])),
  /** Key usage from bit indices (0 = digitalSignature), a BIT STRING without its trailing zero bits. */
  keyUsage(bits: readonly number[]): Bytes {
    let value = 0;
    for (const i of bits) value |= 1 << (15 - i);
    const bytes = [value >> 8, value & 0xff];
    if (bytes[1] === 0) bytes.pop();
    let unused = 0;
    while (bytes[bytes.length - 1] && !((bytes[bytes.length - 1] >> unused) & 1)) unused++;
    return tlv(0x03, [value ? unused : 0], value ? bytes : []);
  },
  extKeyUsage: (oids: readonly string[]): Bytes => seq(...oids.map(oid)),
  subjectAltName: (san: SubjectAltNames): Bytes => encodeSAN(san),
  subjectKeyId: (id: Bytes): Bytes => tlv(0x04, id),
  /** keyid [0], the issuer's issuer as a directoryName [1]{[4]}, the issuer's serial [2]. */
  authorityKeyId: (keyid: Bytes | undefined, issuer?: { name: Bytes; serial: Bytes }): Bytes =>
    seq(...(keyid ? [tlv(0x80, keyid)] : []), ...(issuer ? [tlv(0xa1, tlv(0xa4, issuer.name)), tlv(0x82, uint(issuer.serial).slice(2))] : [])),
};

/** The DER of an OID written as dots, or undefined when it is not one (OBJ_txt2obj's numeric form). */
export function oidFromDots(text: string): Bytes | undefined {
  return /^[0-2]\.\d+(\.\d+)*$/.test(text) ? oid(text) : undefined;
}

export interface Certificate {
  /** 1 or 3, as `Version: 1 (0x0)` / `Version: 3 (0x2)` prints it. */
  version: number;
  serial: Bytes;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: number;
  notAfter: number;
  key: RSAKey;
  /** [name, critical, DER of the value]. */
  extensions: { id: string; critical: boolean; value: Bytes }[];
  signature: Bytes;
  /** The cluster CA signed it. */
  signedByClusterCA: boolean;
  /** The DER of its issuer and subject names, which a certificate it signs carries over. */
  rawIssuer: Bytes;
  rawSubject: Bytes;
}

/** The first CERTIFICATE block of `text`, or an error text (Go's x509.ParseCertificate or pem's). */
export function parseCertificatePEM(text: string): Certificate | string {
  const block = pemDecode(text);
  if (!block || block.type !== 'CERTIFICATE') return 'failed to find any PEM data in certificate input';
  const b = block.der;
  try {
    const [tbsT, , sigT] = kids(b, read(b, 0));
    let fields = kids(b, tbsT);
    let version = 1;
    if (fields[0].tag === 0xa0) {
      version = 1 + (body(b, kids(b, fields[0])[0])[0] ?? 0);
      fields = fields.slice(1);
    }
    const [serialT, , issuerT, validityT, subjectT, pkT, ...rest] = fields;
    const [from, to] = kids(b, validityT);
    const extensions: Certificate['extensions'] = [];
    const extT = rest.find((t) => t.tag === 0xa3);
    for (const e of extT ? kids(b, kids(b, extT)[0]) : []) {
      const parts = kids(b, e);
      const critical = parts.length === 3 && b[parts[1].start] !== 0;
      extensions.push({ id: oidText(b, parts[0]), critical, value: body(b, parts[parts.length - 1]) });
    }
    const signatureBytes = body(b, sigT).slice(1);
    const issuer = decodeName(b, issuerT);
    return {
      version, serial: body(b, serialT), issuer, subject: decodeName(b, subjectT), rawIssuer: raw(b, issuerT), rawSubject: raw(b, subjectT), notBefore: parseTime(b, from), notAfter: parseTime(b, to),
      key: publicKeyOf(b, pkT), extensions, signature: signatureBytes,
      signedByClusterCA: hex(signatureBytes) === hex(signature(CLUSTER_CA_SECRET, raw(b, tbsT), 256)),
    };
  } catch (e) {
    return e instanceof DERError ? `x509: malformed certificate` : 'x509: malformed certificate';
  }
}

/** OpenSSL's long names of the key usage bits, bit 0 first. */
export const KEY_USAGE_TEXT = ['Digital Signature', 'Non Repudiation', 'Key Encipherment', 'Data Encipherment', 'Key Agreement', 'Certificate Sign', 'CRL Sign', 'Encipher Only', 'Decipher Only'];

/** OpenSSL's long names of the extended key usages, by OID. */
const EXT_KEY_USAGE_TEXT: Record<string, string> = Object.fromEntries(EXTENDED_KEY_USAGES.map((u) => [u.oid, u.long]));

/** Decodes an extension's value for display: SAN, key usage, extended key usage, basic constraints, key ids. */
export function extensionValue(ext: Certificate['extensions'][number]): { name: string; text: string } {
  const b = Uint8Array.from(ext.value);
  const top = () => read(b, 0);
  switch (ext.id) {
    case '2.5.29.15': {
      const t = top();
      const bits = body(b, t).slice(1);
      return { name: 'X509v3 Key Usage', text: KEY_USAGE_TEXT.filter((_, i) => ((bits[i >> 3] ?? 0) >> (7 - (i & 7))) & 1).join(', ') };
    }
    case '2.5.29.37': {
      return { name: 'X509v3 Extended Key Usage', text: kids(b, top()).map((t) => EXT_KEY_USAGE_TEXT[oidText(b, t)] ?? oidText(b, t)).join(', ') };
    }
    case '2.5.29.19': {
      const k = kids(b, top());
      const ca = k[0]?.tag === 0x01 && b[k[0].start] !== 0;
      const pathlen = k.find((t) => t.tag === 0x02);
      return { name: 'X509v3 Basic Constraints', text: `CA:${ca ? 'TRUE' : 'FALSE'}${pathlen ? `, pathlen:${Number(big(body(b, pathlen)))}` : ''}` };
    }
    case '2.5.29.14':
      return { name: 'X509v3 Subject Key Identifier', text: body(b, top()).map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(':') };
    case '2.5.29.35': {
      // OpenSSL 3.0 prefixes the key id with "keyid:" only when the issuer's name and serial follow it.
      const parts = kids(b, top());
      const upper = (t: Node) => body(b, t).map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(':');
      const keyid = parts.find((t) => t.tag === 0x80);
      const issuer = parts.find((t) => t.tag === 0xa1);
      const serial = parts.find((t) => t.tag === 0x82);
      const lines: string[] = [];
      if (keyid) lines.push(issuer || serial ? `keyid:${upper(keyid)}` : upper(keyid));
      for (const g of issuer ? kids(b, issuer) : []) {
        if (g.tag === 0xa4) lines.push(`DirName:${decodeName(b, kids(b, g)[0]).attributes.map(([k, v]) => `/${k}=${v}`).join('')}`);
      }
      if (serial) lines.push(`serial:${upper(serial)}`);
      return { name: 'X509v3 Authority Key Identifier', text: lines.join('\n                ') };
    }
    case '2.5.29.17': {
      const san = noSAN();
      decodeSAN(b, top(), san);
      return { name: 'X509v3 Subject Alternative Name', text: [...san.dns.map((d) => `DNS:${d}`), ...san.ip.map((i) => `IP Address:${i}`), ...san.email.map((e) => `email:${e}`), ...san.uri.map((u) => `URI:${u}`)].join(', ') };
    }
    default:
      return { name: ext.id, text: '' };
  }
}
