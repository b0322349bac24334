/**
 * What a TLS client reads of a server's X.509 certificate (RFC 5280), from its PEM: the subject's and issuer's
 * names, the subjectAltName's DNS names and IP addresses, and the validity period. Enough DER to walk
 * TBSCertificate; signatures and keys are not looked at. Loaded with the programs that serve a certificate of
 * the learner's own (nginx with `ssl_certificate`), not with the page.
 */

export interface CertificateFields {
  subject: string;
  issuer: string;
  commonName?: string;
  dnsNames: string[];
  ipAddresses: string[];
  notBefore: number;
  notAfter: number;
}

interface TLV { tag: number; start: number; end: number }

function read(b: Uint8Array, i: number): TLV {
  const tag = b[i];
  let len = b[i + 1];
  let start = i + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[start + k];
    start += n;
  }
  if (start + len > b.length) throw new Error('truncated');
  return { tag, start, end: start + len };
}

function children(b: Uint8Array, t: TLV): TLV[] {
  const out: TLV[] = [];
  for (let i = t.start; i < t.end; ) {
    const c = read(b, i);
    out.push(c);
    i = c.end;
  }
  return out;
}

const hex = (b: Uint8Array, t: TLV) => Array.from(b.subarray(t.start, t.end), (x) => x.toString(16).padStart(2, '0')).join('');
const text = (b: Uint8Array, t: TLV) => new TextDecoder().decode(b.subarray(t.start, t.end));

/** OpenSSL's short names of the attributes a subject usually has. */
const ATTRIBUTES: Record<string, string> = { '550403': 'CN', '55040a': 'O', '55040b': 'OU', '550406': 'C', '550408': 'ST', '550407': 'L' };

function name(b: Uint8Array, t: TLV): { text: string; cn?: string } {
  const parts: string[] = [];
  let cn: string | undefined;
  for (const rdn of children(b, t)) {
    for (const atv of children(b, rdn)) {
      const [oid, value] = children(b, atv);
      const key = ATTRIBUTES[hex(b, oid)] ?? hex(b, oid);
      const v = text(b, value);
      if (key === 'CN') cn = v;
      parts.push(`${key} = ${v}`);
    }
  }
  return { text: parts.join(', '), cn };
}

/** UTCTime (YYMMDDHHMMSSZ, years 1950–2049) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
function time(b: Uint8Array, t: TLV): number {
  const s = text(b, t);
  const full = t.tag === 0x18 ? s : `${Number(s.slice(0, 2)) >= 50 ? '19' : '20'}${s}`;
  return Date.UTC(Number(full.slice(0, 4)), Number(full.slice(4, 6)) - 1, Number(full.slice(6, 8)), Number(full.slice(8, 10)), Number(full.slice(10, 12)), Number(full.slice(12, 14)));
}

/** The first CERTIFICATE block of `pem`, or undefined when there is none or it does not parse. */
export function parseCertificate(pem: string): CertificateFields | undefined {
  const m = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!m) return undefined;
  try {
    const bin = atob(m[1].replace(/\s+/g, ''));
    const b = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const tbs = children(b, read(b, 0))[0];
    let fields = children(b, tbs);
    // The explicit [0] version is optional (v1 certificates leave it out).
    if (fields[0].tag === 0xa0) fields = fields.slice(1);
    const [, , issuerT, validityT, subjectT, , ...rest] = fields;
    const [from, to] = children(b, validityT);
    const subject = name(b, subjectT);
    const out: CertificateFields = { subject: subject.text, issuer: name(b, issuerT).text, dnsNames: [], ipAddresses: [], notBefore: time(b, from), notAfter: time(b, to) };
    if (subject.cn !== undefined) out.commonName = subject.cn;
    const extensions = rest.find((t) => t.tag === 0xa3);
    for (const ext of extensions ? children(b, children(b, extensions)[0]) : []) {
      const parts = children(b, ext);
      if (hex(b, parts[0]) !== '551d11') continue;
      const san = read(b, parts[parts.length - 1].start);
      for (const g of children(b, san)) {
        if (g.tag === 0x82) out.dnsNames.push(text(b, g).toLowerCase());
        else if (g.tag === 0x87 && g.end - g.start === 4) out.ipAddresses.push(Array.from(b.subarray(g.start, g.end)).join('.'));
      }
    }
    return out;
  } catch {
    return undefined;
  }
}
