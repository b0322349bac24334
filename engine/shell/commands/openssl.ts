/**
 * openssl as OpenSSL 3.0 on a kubeadm node (Ubuntu 22.04/24.04) runs the steps of "Certificates and Certificate
 * Signing Requests" and the CKA's user setup: `genrsa` (a PKCS#8 key, silent), `req -new -key -subj` (a PKCS#10
 * request), `req -in -noout -text|-subject`, `x509 -in -noout -text|-subject|-issuer|-dates|-startdate|-enddate|-serial`,
 * `req -x509` / `-newkey rsa:N -nodes -keyout` for a self-signed pair, and `x509 -req -CA -CAkey [-CAcreateserial]
 * [-extfile -extensions]`, the documentation's way to sign a user's request with kubeadm's CA (the result authenticates
 * to kube-apiserver). Without -in they read stdin. Texts and errors are OpenSSL 3.0's (checked
 * with OpenSSL 3.0.19); the keys are not real RSA (util/pkix.ts).
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import { ROOT_CA_CERT } from '../../api/pki.js';
import { ExtensionError, extensionsOf, parseConfig, type ConfigSections, type ExtensionContext } from './openssl-ext.js';
import {
  createRequest, extensionValue, signCertificate, type ExtensionDER, generateRSAKey, nameText, parseCertificatePEM, parsePrivateKey, parseRequestPEM, parseSubj, selfSignedCertificate,
  type Certificate, type CertificateRequest, type RSAKey,
} from '../../util/pkix.js';

/** The thread id OpenSSL's error lines start with (a real one differs per process). */
const THREAD = '40E7B2C1D37F0000';

const colonHex = (bytes: readonly number[]) => bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');

function wrapHex(bytes: readonly number[], perLine: number, indent: string): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += perLine) lines.push(indent + colonHex(bytes.slice(i, i + perLine)) + (i + perLine < bytes.length ? ':' : ''));
  return lines.join('\n') + '\n';
}

function publicKeyText(key: RSAKey, indent: string): string {
  return `${indent}Subject Public Key Info:\n${indent}    Public Key Algorithm: rsaEncryption\n${indent}        Public-Key: (${key.bits} bit)\n${indent}        Modulus:\n`
    + wrapHex([0, ...key.modulus], 15, `${indent}            `) + `${indent}        Exponent: 65537 (0x10001)\n`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** ASN1_TIME_print: `Nov 28 12:00:00 2026 GMT`, the day padded with a space. */
function timeText(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

function serialText(serial: readonly number[]): string {
  const trimmed = serial[0] === 0 && serial.length > 1 ? serial.slice(1) : serial;
  if (trimmed.length <= 8) {
    const v = trimmed.reduce((a, b) => a * 256n + BigInt(b), 0n);
    return `        Serial Number: ${v} (0x${v.toString(16)})\n`;
  }
  return `        Serial Number:\n            ${colonHex(serial)}\n`;
}

function certificateText(c: Certificate): string {
  let out = `Certificate:\n    Data:\n        Version: ${c.version} (0x${c.version - 1})\n${serialText(c.serial)}        Signature Algorithm: sha256WithRSAEncryption\n`;
  out += `        Issuer: ${nameText(c.issuer)}\n        Validity\n            Not Before: ${timeText(c.notBefore)}\n            Not After : ${timeText(c.notAfter)}\n`;
  out += `        Subject: ${nameText(c.subject)}\n${publicKeyText(c.key, '        ')}`;
  if (c.extensions.length) {
    out += '        X509v3 extensions:\n';
    for (const e of c.extensions) {
      const v = extensionValue(e);
      out += `            ${v.name}: ${e.critical ? 'critical' : ''}\n                ${v.text}\n`;
    }
  }
  return out + `    Signature Algorithm: sha256WithRSAEncryption\n    Signature Value:\n${wrapHex(c.signature, 18, '        ')}`;
}

function requestText(r: CertificateRequest, signature: readonly number[]): string {
  let out = `Certificate Request:\n    Data:\n        Version: 1 (0x0)\n        Subject: ${nameText(r.subject)}\n${publicKeyText(r.key, '        ')}        Attributes:\n`;
  const san = [...r.san.dns.map((d) => `DNS:${d}`), ...r.san.ip.map((i) => `IP Address:${i}`), ...r.san.email.map((e) => `email:${e}`), ...r.san.uri.map((u) => `URI:${u}`)];
  out += san.length ? `            Requested Extensions:\n                X509v3 Subject Alternative Name: \n                    ${san.join(', ')}\n` : '            (none)\n            Requested Extensions:\n';
  return out + `    Signature Algorithm: sha256WithRSAEncryption\n    Signature Value:\n${wrapHex(signature, 18, '        ')}`;
}

/** The signature bytes of a PEM object (the last BIT STRING of its outer SEQUENCE). */
function signatureOf(text: string, bytes: number): number[] {
  const m = /-----BEGIN [^-]+-----\r?\n([\s\S]*?)-----END/.exec(text);
  if (!m) return [];
  const der = Array.from(atob(m[1].replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  // The signature BIT STRING closes the object: as long as the signer's modulus (2048 bits for the cluster CA).
  return der.slice(der.length - bytes);
}

interface Args { flags: Map<string, string | true>; bare: string[] }

/** OpenSSL's option parser: `-name value` or `-name` alone (those in `bool`), one dash or two. */
function parse(argv: string[], valued: string[], bool: string[]): Args | string {
  const flags = new Map<string, string | true>();
  const bare: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-') { bare.push(a); continue; }
    const name = a.replace(/^--?/, '');
    if (bool.includes(name)) flags.set(name, true);
    else if (valued.includes(name)) {
      if (i + 1 >= argv.length) return `Option -${name} needs a value`;
      flags.set(name, argv[++i]);
    } else return `Unknown option: -${name}`;
  }
  return { flags, bare };
}

class OpensslError extends Error {}

const noFile = (path: string) => `${THREAD}:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file\n`
  + `${THREAD}:error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:267:calling stat(${path})\n`;

/** The file, or, when the kernel refuses it (the store's stat passed), BIO_new_file's errno-13 lines after `first`. */
function readOrRefuse(ctx: ProcessContext, path: string, mode: string, first: string, unable: string): string | undefined {
  try {
    return ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, path));
  } catch {
    throw new OpensslError(`${first}${THREAD}:error:8000000D:system library:BIO_new_file:Permission denied:../crypto/bio/bss_file.c:67:calling fopen(${path}, ${mode})\n`
      + `${THREAD}:error:10000002:BIO routines:BIO_new_file:system lib:../crypto/bio/bss_file.c:75:\n${unable}`);
  }
}

/**
 * What load_key_certs_crls reads (OSSL_STORE): the file, or stdin without one. A missing file is "Could not open file
 * or uri"; `unable`, when given, is the line the caller (load_cert) adds after the store's errors.
 */
async function readInput(ctx: ProcessContext, path: string | undefined, loading: string, unable = ''): Promise<string> {
  if (path === undefined) return ctx.stdin.readAll();
  const text = readOrRefuse(ctx, path, 'rb', `Could not open file or uri for loading ${loading} from ${path}\n${THREAD}:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file\n`, unable);
  if (text === undefined) throw new OpensslError(`Could not open file or uri for loading ${loading} from ${path}\n${noFile(path)}${unable}`);
  return text;
}

/** What bio_open_default reads (req -in, x509 -req -in, -extfile): the file, or stdin without one. */
async function readBIO(ctx: ProcessContext, path: string | undefined, unable: string): Promise<string> {
  if (path === undefined) return ctx.stdin.readAll();
  const text = readOrRefuse(ctx, path, 'r', `Can't open "${path}" for reading, Permission denied\n`, unable);
  if (text === undefined) {
    throw new OpensslError(`Can't open "${path}" for reading, No such file or directory\n`
      + `${THREAD}:error:80000002:system library:BIO_new_file:No such file or directory:../crypto/bio/bss_file.c:67:calling fopen(${path}, r)\n`
      + `${THREAD}:error:10000080:BIO routines:BIO_new_file:no such file:../crypto/bio/bss_file.c:75:\n${unable}`);
  }
  return text;
}

const noStartLine = (expecting: string) => `${THREAD}:error:0480006C:PEM routines:get_name:no start line:../crypto/pem/pem_lib.c:763:Expecting: ${expecting}\n`;

/** A certificate through the store (x509 -in, -CA): its text and parsed form, or load_cert's failure. */
async function loadCertificate(ctx: ProcessContext, path: string | undefined, what: string): Promise<{ text: string; cert: Certificate }> {
  const unable = `Unable to load ${what}\n`;
  const text = await readInput(ctx, path, what, unable);
  const cert = parseCertificatePEM(text);
  if (typeof cert === 'string') {
    throw new OpensslError(`Could not read ${what} from ${path ?? '<stdin>'}\n${THREAD}:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:151:\n${unable}`);
  }
  return { text, cert };
}

function writeOutput(ctx: ProcessContext, cmd: string, path: string | undefined, text: string): void {
  if (path === undefined) { ctx.stdout.write(text); return; }
  const abs = ctx.fs.resolve(ctx.cwd, path);
  const dir = abs.slice(0, abs.lastIndexOf('/')) || '/';
  if (!ctx.fs.stat(dir)) throw new OpensslError(`${cmd}: Can't open "${path}" for writing, No such file or directory\n`);
  ctx.fs.writeFile(abs, text);
}

async function loadKey(ctx: ProcessContext, path: string | undefined, what = 'private key'): Promise<RSAKey> {
  const text = await readInput(ctx, path, what);
  const key = parsePrivateKey(text);
  if (!key) throw new OpensslError(`Could not read ${what} from ${path ?? '<stdin>'}\n`);
  return key;
}

const byteOf = (ctx: ProcessContext) => () => ctx.cluster.random.int(256);

/** OpenSSL's rand_serial: a random 159-bit serial (the top bit clear, so it stays positive). */
const randomSerial = (ctx: ProcessContext) => Array.from({ length: 20 }, byteOf(ctx)).map((b, i) => (i === 0 ? b & 0x7f : b));

/**
 * req -newkey's key generation callback on stderr (genrsa 3.0 is silent without -verbose): per prime, candidates
 * rejected ('.', '+' for one that passed sieving), then the 65 '+' of a prime's rounds and '*', three times, the last
 * without '*'; then "-----". The lengths vary with the candidates, as with a real key.
 */
function keyProgress(ctx: ProcessContext): string {
  const r = (n: number) => ctx.cluster.random.int(n);
  const tries = () => Array.from({ length: r(40) }, () => '.'.repeat(1 + r(6)) + '+').join('') + '.'.repeat(1 + r(6));
  const prime = () => `${tries()}${'+'.repeat(65)}*${tries()}${'+'.repeat(65)}*${tries()}${'+'.repeat(65)}\n`;
  return prime() + prime() + '-----\n';
}

function genrsa(ctx: ProcessContext, argv: string[]): number {
  const a = parse(argv, ['out', 'passout', 'cipher'], ['quiet', 'verbose', 'traditional', 'aes256', 'aes128', 'des3']);
  if (typeof a === 'string') throw new OpensslError(`genrsa: ${a}\ngenrsa: Use -help for summary.\n`);
  const bits = a.bare.length ? Number(a.bare[0]) : 2048;
  if (!Number.isInteger(bits) || bits < 512 || bits % 8) throw new OpensslError(`genrsa: Use -help for summary.\n`);
  writeOutput(ctx, 'genrsa', a.flags.get('out') as string | undefined, generateRSAKey(bits, byteOf(ctx)).pem);
  return 0;
}

/** openssl.cnf's [req_distinguished_name] on Ubuntu: prompt, default, attribute. */
const DN_PROMPTS: [string, string, string][] = [
  ['Country Name (2 letter code)', 'AU', 'C'], ['State or Province Name (full name)', 'Some-State', 'ST'], ['Locality Name (eg, city)', '', 'L'],
  ['Organization Name (eg, company)', 'Internet Widgits Pty Ltd', 'O'], ['Organizational Unit Name (eg, section)', '', 'OU'],
  ['Common Name (e.g. server FQDN or YOUR name)', '', 'CN'], ['Email Address', '', 'emailAddress'],
];

/** Without -subj, req asks for the name on the terminal (stderr): empty takes the default, '.' leaves the field out. */
async function promptedName(ctx: ProcessContext): Promise<{ attributes: [string, string][] }> {
  ctx.stderr.write('You are about to be asked to enter information that will be incorporated\ninto your certificate request.\nWhat you are about to enter is what is called a Distinguished Name or a DN.\n'
    + 'There are quite a few fields but you can leave some blank\nFor some fields there will be a default value,\nIf you enter \'.\', the field will be left blank.\n-----\n');
  const lines = ctx.stdin.lines()[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string> => {
    ctx.stderr.write(prompt);
    const r = await lines.next();
    if (r.done) throw new OpensslError('Error making certificate request\n');
    return r.value;
  };
  const attributes: [string, string][] = [];
  for (const [prompt, def, key] of DN_PROMPTS) {
    const answer = await ask(`${prompt} [${def}]:`);
    const value = answer === '' ? def : answer === '.' ? '' : answer;
    if (value) attributes.push([key, value]);
  }
  ctx.stderr.write('\nPlease enter the following \'extra\' attributes\nto be sent with your certificate request\n');
  await ask('A challenge password []:');
  await ask('An optional company name []:');
  return { attributes };
}

const REQ_VALUED = ['key', 'out', 'in', 'subj', 'days', 'newkey', 'keyout', 'addext', 'config', 'set_serial', 'outform', 'inform', 'sha256', 'passin', 'passout'];
const REQ_BOOL = ['new', 'noout', 'text', 'subject', 'x509', 'nodes', 'noenc', 'verify', 'pubkey', 'batch', 'sha256'];

async function req(ctx: ProcessContext, argv: string[]): Promise<number> {
  const a = parse(argv, REQ_VALUED, REQ_BOOL);
  if (typeof a === 'string') throw new OpensslError(`req: ${a}\nreq: Use -help for summary.\n`);
  const f = a.flags;
  const now = ctx.cluster.clock.now();
  let request: string;
  let key: RSAKey | undefined;
  if (f.has('new') || f.has('newkey') || (f.has('x509') && !f.has('in'))) {
    const newkey = f.get('newkey');
    if (typeof newkey === 'string') {
      const bits = Number(/^rsa:(\d+)$/.exec(newkey)?.[1] ?? 2048);
      const k = generateRSAKey(bits, byteOf(ctx));
      ctx.stderr.write(keyProgress(ctx));
      writeOutput(ctx, 'req', (f.get('keyout') as string | undefined) ?? 'privkey.pem', k.pem);
      key = parsePrivateKey(k.pem)!;
    } else key = await loadKey(ctx, f.get('key') as string | undefined);
    const subj = f.get('subj');
    const dn = typeof subj === 'string' ? parseSubj(subj) : await promptedName(ctx);
    if (typeof dn === 'string') throw new OpensslError(`req: subject name ${dn.replace(/^name /, '')}\n`);
    request = createRequest(dn, key);
  } else {
    request = await readBIO(ctx, f.get('in') as string | undefined, 'Unable to load X509 request\n');
    if (!request.includes('-----BEGIN CERTIFICATE REQUEST-----')) throw new OpensslError(`Unable to load X509 request\n${noStartLine('CERTIFICATE REQUEST')}`);
  }
  const parsed = parseRequestPEM(request);
  if (typeof parsed === 'string') throw new OpensslError('Unable to load X509 request\n');
  if (f.has('x509')) {
    const days = Number(f.get('days') ?? 30);
    const cert = selfSignedCertificate(parsed, { serial: randomSerial(ctx), notBefore: now, notAfter: now + days * 86400e3 });
    if (f.has('text')) ctx.stdout.write(certificateText(parseCertificatePEM(cert) as Certificate));
    if (!f.has('noout')) writeOutput(ctx, 'req', f.get('out') as string | undefined, cert);
    return 0;
  }
  if (f.has('verify')) ctx.stderr.write(parsed.signatureValid ? 'Certificate request self-signature verify OK\n' : 'Certificate request self-signature verify failure\n');
  if (f.has('text')) ctx.stdout.write(requestText(parsed, signatureOf(request, parsed.key.bits / 8)));
  if (f.has('subject')) ctx.stdout.write(`subject=${nameText(parsed.subject)}\n`);
  if (!f.has('noout')) writeOutput(ctx, 'req', f.get('out') as string | undefined, request);
  return 0;
}

const X509_VALUED = ['in', 'out', 'inform', 'outform', 'days', 'CA', 'CAkey', 'CAserial', 'signkey', 'set_serial', 'extfile', 'extensions', 'checkend'];
const X509_BOOL = ['noout', 'text', 'subject', 'issuer', 'dates', 'startdate', 'enddate', 'serial', 'req', 'CAcreateserial', 'fingerprint', 'pubkey', 'sha256'];

/** BN_asc2bn of -set_serial: decimal, or hex after 0x; its magnitude bytes. */
function serialFromText(text: string): number[] | undefined {
  const hexText = /^0[xX]([0-9a-fA-F]+)$/.exec(text)?.[1];
  if (hexText === undefined && !/^\d+$/.test(text)) return undefined;
  return bigBytes(hexText !== undefined ? BigInt(`0x${hexText}`) : BigInt(text));
}

/** A non-negative number's big-endian bytes (at least one). */
function bigBytes(n: bigint): number[] {
  const out: number[] = [];
  let v = n;
  do { out.unshift(Number(v & 0xffn)); v >>= 8n; } while (v > 0n);
  return out;
}

/**
 * The serial of a certificate the CA signs: -set_serial; else the CA's serial file (CA path with .srl for its
 * extension) plus one, written back; else, without the file, a random 159-bit number, saved only with -CAcreateserial.
 */
function nextSerial(ctx: ProcessContext, f: Map<string, string | true>, caPath: string): number[] {
  const file = (f.get('CAserial') as string | undefined) ?? `${caPath.replace(/\.[^./]*$/, '')}.srl`;
  const abs = ctx.fs.resolve(ctx.cwd, file);
  const saved = ctx.fs.readFile(abs)?.trim();
  let serial: number[];
  if (saved && /^([0-9A-Fa-f]{2})+$/.test(saved)) {
    serial = bigBytes(BigInt(`0x${saved}`) + 1n);
  } else {
    serial = randomSerial(ctx);
    if (!f.has('CAcreateserial') && !f.has('CAserial')) return serial;
  }
  writeOutput(ctx, 'x509', file, `${colonHex(serial).replace(/:/g, '').toUpperCase()}\n`);
  return serial;
}

/**
 * x509 -req: the request (verified, "Certificate request self-signature ok" on stderr) signed by -CA/-CAkey or,
 * with -signkey, by its own key; version 1 without -extfile, else version 3 with the section's extensions.
 */
async function signRequestArgs(ctx: ProcessContext, f: Map<string, string | true>): Promise<string> {
  const days = f.has('days') ? Number(f.get('days')) : 30;
  let sections: ConfigSections | undefined;
  let section = '';
  const extfile = f.get('extfile') as string | undefined;
  if (extfile !== undefined) {
    sections = parseConfig(await readBIO(ctx, extfile, ''));
    section = (f.get('extensions') as string | undefined) ?? sections.get('default')!.find(([k]) => k === 'extensions')?.[1] ?? 'default';
    // OpenSSL checks the section (X509V3_CTX_TEST, no key yet) before it reads the request: a bad one fails first.
    extensionsChecked(sections, section, { subjectKey: { modulus: [1], bits: 8 } });
  }
  const text = await readBIO(ctx, f.get('in') as string | undefined, 'Unable to load certificate request input\n');
  const request = parseRequestPEM(text);
  if (typeof request === 'string') throw new OpensslError(`Unable to load certificate request input\n${noStartLine('CERTIFICATE REQUEST')}`);
  if (!request.signatureValid) throw new OpensslError('Certificate request self-signature did not match the contents\n');
  ctx.stderr.write(`Certificate request self-signature ok\nsubject=${nameText(request.subject)}\n`);
  const caPath = f.get('CA') as string | undefined;
  let signerKey: RSAKey;
  let issuer: Certificate | undefined;
  let serial: number[];
  if (caPath !== undefined) {
    issuer = (await loadCertificate(ctx, caPath, 'CA certificate')).cert;
    signerKey = await loadKey(ctx, (f.get('CAkey') as string | undefined) ?? caPath, 'CA private key');
    if (colonHex(signerKey.modulus) !== colonHex(issuer.key.modulus)) {
      throw new OpensslError(`CA certificate and CA private key do not match\n${THREAD}:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:../crypto/x509/x509_cmp.c:403:\n`);
    }
  } else {
    signerKey = await loadKey(ctx, f.get('signkey') as string | undefined);
  }
  const set = f.get('set_serial');
  if (typeof set === 'string') serial = serialFromText(set)!;
  else if (caPath !== undefined) serial = nextSerial(ctx, f, caPath);
  else serial = randomSerial(ctx);
  const now = ctx.cluster.clock.now();
  return signCertificate({
    serial, notBefore: now, notAfter: now + days * 86400e3, issuerName: issuer ? issuer.rawSubject : request.rawSubject, subject: request.rawSubject, publicKey: request.rawPublicKey,
    extensions: sections ? extensionsChecked(sections, section, { subjectKey: request.key, issuer }) : undefined,
  }, signerKey, issuer !== undefined && colonHex(issuer.key.modulus) === colonHex(clusterCA().key.modulus));
}

function extensionsChecked(sections: ConfigSections, section: string, ctx: ExtensionContext): ExtensionDER[] {
  try {
    return extensionsOf(sections, section, ctx);
  } catch (e) {
    if (!(e instanceof ExtensionError)) throw e;
    throw new OpensslError(`Error checking extension section ${section}\n${e.lines.map((l) => `${THREAD}:${l}\n`).join('')}`);
  }
}

async function x509(ctx: ProcessContext, argv: string[]): Promise<number> {
  const a = parse(argv, X509_VALUED, X509_BOOL);
  if (typeof a === 'string') throw new OpensslError(`x509: ${a}\nx509: Use -help for summary.\n`);
  const f = a.flags;
  const days = f.get('days');
  if (typeof days === 'string' && !/^-?\d+$/.test(days)) throw new OpensslError(`x509: Can't parse "${days}" as a number\nx509: Use -help for summary.\n`);
  const set = f.get('set_serial');
  if (typeof set === 'string' && !serialFromText(set)) {
    throw new OpensslError(`x509: Use -help for summary.\n${THREAD}:error:11000064:X509 V3 routines:s2i_ASN1_INTEGER:bn dec2bn error:../crypto/x509/v3_utl.c:231:\n`);
  }
  let text: string;
  let cert: Certificate;
  if (f.has('req')) {
    text = await signRequestArgs(ctx, f);
    cert = parseCertificatePEM(text) as Certificate;
  } else {
    ({ text, cert } = await loadCertificate(ctx, f.get('in') as string | undefined, 'certificate'));
  }
  // OpenSSL prints the requested fields in its own order, each once.
  if (f.has('serial')) ctx.stdout.write(`serial=${colonHex(cert.serial).replace(/:/g, '').toUpperCase()}\n`);
  if (f.has('subject')) ctx.stdout.write(`subject=${nameText(cert.subject)}\n`);
  if (f.has('issuer')) ctx.stdout.write(`issuer=${nameText(cert.issuer)}\n`);
  if (f.has('startdate') || f.has('dates')) ctx.stdout.write(`notBefore=${timeText(cert.notBefore)}\n`);
  if (f.has('enddate') || f.has('dates')) ctx.stdout.write(`notAfter=${timeText(cert.notAfter)}\n`);
  if (f.has('text')) ctx.stdout.write(certificateText(cert));
  if (f.has('checkend')) {
    const expires = cert.notAfter <= ctx.cluster.clock.now() + Number(f.get('checkend')) * 1000;
    ctx.stdout.write(expires ? 'Certificate will expire\n' : 'Certificate will not expire\n');
    return expires ? 1 : 0;
  }
  if (!f.has('noout')) writeOutput(ctx, 'x509', f.get('out') as string | undefined, /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/.exec(text)![0]);
  return 0;
}

/** kubeadm's ca.crt, whose key (ca.key) signs what kube-apiserver's --client-ca-file trusts. */
const clusterCA = () => parseCertificatePEM(ROOT_CA_CERT) as Certificate;

const COMMANDS: Record<string, (ctx: ProcessContext, argv: string[]) => number | Promise<number>> = { genrsa, req, x509 };

export const openssl: CommandSpec = {
  name: 'openssl',
  summary: 'OpenSSL command line tool',
  async run(ctx) {
    const [sub, ...rest] = ctx.argv.slice(1);
    if (sub === 'version') { ctx.stdout.write('OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)\n'); return 0; }
    const cmd = sub === undefined ? undefined : COMMANDS[sub];
    if (!cmd) {
      ctx.stderr.write(sub === undefined ? '' : `Invalid command '${sub}'; type "help" for a list.\n`);
      return 1;
    }
    try {
      return await cmd(ctx, rest);
    } catch (e) {
      if (!(e instanceof OpensslError)) throw e;
      ctx.stderr.write(e.message);
      return 1;
    }
  },
};
