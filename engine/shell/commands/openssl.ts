/**
 * openssl as OpenSSL 3.0 on a kubeadm node (Ubuntu 22.04/24.04) runs the steps of "Certificates and Certificate
 * Signing Requests" and the CKA's user setup: `genrsa` (a PKCS#8 key, silent), `req -new -key -subj` (a PKCS#10
 * request), `req -in -noout -text|-subject`, `x509 -in -noout -text|-subject|-issuer|-dates|-startdate|-enddate|-serial`,
 * and `req -x509` / `-newkey rsa:N -nodes -keyout` for a self-signed pair. Texts and errors are OpenSSL 3.0's (checked
 * with OpenSSL 3.0.19); the keys are not real RSA (util/pkix.ts).
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import {
  createRequest, extensionValue, generateRSAKey, nameText, parseCertificatePEM, parsePrivateKey, parseRequestPEM, parseSubj, selfSignedCertificate,
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
  let out = `Certificate:\n    Data:\n        Version: 3 (0x2)\n${serialText(c.serial)}        Signature Algorithm: sha256WithRSAEncryption\n`;
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

function readInput(ctx: ProcessContext, path: string | undefined, what: string, loading: string): string {
  if (path === undefined) throw new OpensslError(`Could not read ${what} from stdin\n`);
  const text = ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, path));
  if (text === undefined) {
    throw new OpensslError(`Could not open file or uri for loading ${loading} from ${path}\n${THREAD}:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file\n`
      + `${THREAD}:error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:267:calling stat(${path})\n`);
  }
  return text;
}

function writeOutput(ctx: ProcessContext, cmd: string, path: string | undefined, text: string): void {
  if (path === undefined) { ctx.stdout.write(text); return; }
  const abs = ctx.fs.resolve(ctx.cwd, path);
  const dir = abs.slice(0, abs.lastIndexOf('/')) || '/';
  if (!ctx.fs.stat(dir)) throw new OpensslError(`${cmd}: Can't open "${path}" for writing, No such file or directory\n`);
  ctx.fs.writeFile(abs, text);
}

function loadKey(ctx: ProcessContext, path: string | undefined): RSAKey {
  const text = readInput(ctx, path, 'private key', 'private key');
  const key = parsePrivateKey(text);
  if (!key) throw new OpensslError(`Could not read private key from ${path}\n`);
  return key;
}

const byteOf = (ctx: ProcessContext) => () => ctx.cluster.random.int(256);

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
    } else key = loadKey(ctx, f.get('key') as string | undefined);
    const subj = f.get('subj');
    const dn = typeof subj === 'string' ? parseSubj(subj) : await promptedName(ctx);
    if (typeof dn === 'string') throw new OpensslError(`req: subject name ${dn.replace(/^name /, '')}\n`);
    request = createRequest(dn, key);
  } else {
    request = readInput(ctx, f.get('in') as string | undefined, 'X509 request', 'X509 request');
    if (!request.includes('-----BEGIN CERTIFICATE REQUEST-----')) throw new OpensslError(`Unable to load X509 request\n${THREAD}:error:0480006C:PEM routines:get_name:no start line:../crypto/pem/pem_lib.c:763:Expecting: CERTIFICATE REQUEST\n`);
  }
  const parsed = parseRequestPEM(request);
  if (typeof parsed === 'string') throw new OpensslError('Unable to load X509 request\n');
  if (f.has('x509')) {
    const days = Number(f.get('days') ?? 30);
    const cert = selfSignedCertificate(parsed, { serial: Array.from({ length: 20 }, byteOf(ctx)).map((b, i) => (i === 0 ? b & 0x7f : b)), notBefore: now, notAfter: now + days * 86400e3 });
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

function x509(ctx: ProcessContext, argv: string[]): number {
  const a = parse(argv, ['in', 'out', 'inform', 'outform', 'days', 'CA', 'CAkey', 'signkey', 'set_serial', 'extfile', 'extensions', 'checkend'],
    ['noout', 'text', 'subject', 'issuer', 'dates', 'startdate', 'enddate', 'serial', 'req', 'CAcreateserial', 'fingerprint', 'pubkey', 'sha256']);
  if (typeof a === 'string') throw new OpensslError(`x509: ${a}\nx509: Use -help for summary.\n`);
  const f = a.flags;
  const path = f.get('in') as string | undefined;
  const text = readInput(ctx, path, 'certificate', 'certificate');
  const cert = parseCertificatePEM(text);
  if (typeof cert === 'string') throw new OpensslError(`Could not read certificate from ${path}\n${THREAD}:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:151:\nUnable to load certificate\n`);
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
