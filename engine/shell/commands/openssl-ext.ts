/**
 * `openssl x509 -req -extfile FILE [-extensions SECTION]`: OpenSSL 3.0's config file (NCONF: `[section]`, `name = value`,
 * `#` comments) and the x509v3 extensions the Kubernetes documentation's certificate recipes write (basicConstraints,
 * keyUsage, extendedKeyUsage, subjectAltName with `@section`, subjectKeyIdentifier, authorityKeyIdentifier), with the
 * error lines OpenSSL 3.0 prints for a bad one (checked with OpenSSL 3.0.19).
 */
import { EXTENDED_KEY_USAGES, KEY_USAGE_TEXT, extensionDER, keyIdOf, oidFromDots, type Certificate, type ExtensionDER, type RSAKey, type SubjectAltNames } from '../../util/pkix.js';
import { parseAddr } from '../../util/ip-parse.js';

export type ConfigSections = Map<string, [string, string][]>;

/** NCONF_load's sections: names outside any `[section]` belong to "default". */
export function parseConfig(text: string): ConfigSections {
  const sections: ConfigSections = new Map([['default', []]]);
  let current = sections.get('default')!;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*$/, '').trim();
    if (!line) continue;
    const header = /^\[\s*([^\]\s]+)\s*\]$/.exec(line);
    if (header) {
      if (!sections.has(header[1])) sections.set(header[1], []);
      current = sections.get(header[1])!;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) current.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return sections;
}

/** The failure of an extension section: OpenSSL's error lines after "Error checking extension section S". */
export class ExtensionError extends Error {
  constructor(readonly lines: string[]) { super(lines.join('\n')); }
}

/** What an extension's value may refer to: the certificate's key and the issuer's certificate (absent when self-signed). */
export interface ExtensionContext {
  subjectKey: RSAKey;
  issuer?: Certificate;
}

/** The key usage bits by OpenSSL's short name, bit 0 first (v2i_ASN1_BIT_STRING takes the long name too). */
const KEY_USAGE_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

/** OBJ_txt2obj's names for the extended key usages: the short ones and the long ones OpenSSL prints. */
const EXT_KEY_USAGES: Record<string, string> = Object.fromEntries(EXTENDED_KEY_USAGES.flatMap((u) => [[u.short, u.oid], [u.long, u.oid]]));

const EXTENSION_IDS: Record<string, string> = {
  basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', extendedKeyUsage: '2.5.29.37', subjectAltName: '2.5.29.17', subjectKeyIdentifier: '2.5.29.14', authorityKeyIdentifier: '2.5.29.35',
};

const err = (code: string, where: string, data = '') => `error:${code}:${where}:${data}`;

/** X509V3_parse_list: `name:value` items split at commas, or the error of an item with nothing after its colon. */
function parseList(value: string): [string, string | undefined][] | undefined {
  const out: [string, string | undefined][] = [];
  for (const item of value.split(',')) {
    const colon = item.indexOf(':');
    const name = (colon < 0 ? item : item.slice(0, colon)).trim();
    const v = colon < 0 ? undefined : item.slice(colon + 1).trim();
    if (v === '') return undefined;
    if (name) out.push([name, v]);
  }
  return out;
}

function listOf(name: string, value: string): [string, string | undefined][] {
  const list = parseList(value);
  if (list) return list;
  throw new ExtensionError([
    err('1100006D', 'X509 V3 routines:X509V3_parse_list:invalid null value:../crypto/x509/v3_utl.c:379'),
    err('11000069', 'X509 V3 routines:do_ext_nconf:invalid extension string:../crypto/x509/v3_conf.c:102', `name=${name},section=${value}`),
  ]);
}

function boolValue(name: string, v: string | undefined): boolean {
  if (v !== undefined && ['TRUE', 'true', 'Y', 'y', 'YES', 'yes'].includes(v)) return true;
  if (v !== undefined && ['FALSE', 'false', 'N', 'n', 'NO', 'no'].includes(v)) return false;
  throw new ExtensionError([err('11000068', 'X509 V3 routines:X509V3_get_value_bool:invalid boolean string:../crypto/x509/v3_utl.c:289', `name=${name}, value=${v}`)]);
}

function subjectAltNames(value: string, sections: ConfigSections): SubjectAltNames {
  let items: [string, string | undefined][];
  if (value.startsWith('@')) {
    const section = sections.get(value.slice(1));
    if (!section) throw new ExtensionError([err('11000069', 'X509 V3 routines:do_ext_nconf:invalid extension string:../crypto/x509/v3_conf.c:102', `name=subjectAltName,section=${value}`)]);
    items = section.map(([k, v]) => [k, v]);
  } else items = listOf('subjectAltName', value);
  const san: SubjectAltNames = { dns: [], ip: [], email: [], uri: [] };
  for (const [name, v] of items) {
    // In a section the names are numbered (DNS.1, IP.2): the type is what precedes the dot.
    const type = name.replace(/\..*$/, '');
    const val = v ?? '';
    if (type === 'DNS') san.dns.push(val);
    else if (type === 'email') san.email.push(val);
    else if (type === 'URI') san.uri.push(val);
    else if (type === 'IP') {
      const addr = parseAddr(val);
      if (typeof addr === 'string' || addr.zone) throw new ExtensionError([err('11000076', 'X509 V3 routines:a2i_GENERAL_NAME:bad ip address:../crypto/x509/v3_san.c:552', `value=${val}`)]);
      san.ip.push(val);
    } else throw new ExtensionError([err('11000075', 'X509 V3 routines:v2i_GENERAL_NAME_ex:unsupported option:../crypto/x509/v3_san.c:626', `name=${name}`)]);
  }
  return san;
}

function extension(name: string, value: string, sections: ConfigSections, ctx: ExtensionContext): ExtensionDER {
  const id = EXTENSION_IDS[name];
  if (!id) throw new ExtensionError([err('11000082', 'X509 V3 routines:do_ext_nconf:unknown extension name:../crypto/x509/v3_conf.c:88')]);
  // v3_check_critical: only "critical," followed by the value marks it critical.
  const critical = value.startsWith('critical,');
  const v = critical ? value.slice(9).trimStart() : value;
  const make = (der: number[]): ExtensionDER => ({ id, critical, value: der });
  switch (name) {
    case 'basicConstraints': {
      let ca = false;
      let pathlen: number | undefined;
      for (const [k, val] of listOf(name, v)) {
        if (k === 'CA') ca = boolValue(k, val);
        else if (k === 'pathlen' && val !== undefined && /^\d+$/.test(val)) pathlen = Number(val);
        else throw new ExtensionError([err('1100006A', 'X509 V3 routines:v2i_BASIC_CONSTRAINTS:invalid name:../crypto/x509/v3_bcons.c:76', `name=${k}, value=${val}`)]);
      }
      return make(extensionDER.basicConstraints(ca, pathlen));
    }
    case 'keyUsage': {
      const bits = listOf(name, v).map(([k]) => {
        const i = Math.max(KEY_USAGE_NAMES.indexOf(k), KEY_USAGE_TEXT.indexOf(k));
        if (i < 0) throw new ExtensionError([err('1100006F', 'X509 V3 routines:v2i_ASN1_BIT_STRING:unknown bit string argument:../crypto/x509/v3_bitst.c:82', k)]);
        return i;
      });
      return make(extensionDER.keyUsage(bits));
    }
    case 'extendedKeyUsage': {
      const oids = listOf(name, v).map(([k]) => {
        const o = EXT_KEY_USAGES[k] ?? (oidFromDots(k) ? k : undefined);
        if (!o) {
          throw new ExtensionError([
            err('04000067', 'object identifier routines:OBJ_txt2obj:unknown object name:../crypto/objects/obj_dat.c:372'),
            err('1100006E', 'X509 V3 routines:v2i_EXTENDED_KEY_USAGE:invalid object identifier:../crypto/x509/v3_extku.c:94', k),
          ]);
        }
        return o;
      });
      return make(extensionDER.extKeyUsage(oids));
    }
    case 'subjectAltName':
      return make(extensionDER.subjectAltName(subjectAltNames(v, sections)));
    case 'subjectKeyIdentifier': {
      if (v === 'hash') return make(extensionDER.subjectKeyId(keyIdOf(ctx.subjectKey)));
      const hex = v.replace(/:/g, '');
      if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new ExtensionError([err('07800066', 'common libcrypto routines:hexstr2buf_sep:illegal hex digit:../crypto/o_str.c:167')]);
      return make(extensionDER.subjectKeyId(hex.match(/../g)!.map((x) => parseInt(x, 16))));
    }
    default: {
      let keyid = false;
      let issuer = false;
      let issuerAlways = false;
      for (const [k, val] of listOf(name, v)) {
        if (k === 'keyid') keyid = true;
        else if (k === 'issuer') { issuer = true; issuerAlways = val === 'always'; }
        else throw new ExtensionError([err('11000078', 'X509 V3 routines:v2i_AUTHORITY_KEYID:unknown option:../crypto/x509/v3_akid.c:131', `name=${k}`)]);
      }
      const id = keyid ? issuerKeyId(ctx) : undefined;
      const withIssuer = ctx.issuer && (issuerAlways || (issuer && !id));
      return make(extensionDER.authorityKeyId(id, withIssuer ? { name: ctx.issuer!.rawIssuer, serial: ctx.issuer!.serial } : undefined));
    }
  }
}

/** The issuer's subject key identifier (the subject's own key when it signs itself). */
function issuerKeyId(ctx: ExtensionContext): number[] | undefined {
  if (!ctx.issuer) return keyIdOf(ctx.subjectKey);
  const ski = ctx.issuer.extensions.find((e) => e.id === '2.5.29.14');
  return ski ? ski.value.slice(2) : undefined;
}

/**
 * The extensions of `section`, in the order written, then the subject and authority key identifiers OpenSSL 3.0 adds
 * when the section does not name them. An unknown section or a bad value throws its error lines, the last naming
 * the section, name and value as X509V3_EXT_nconf_int does.
 */
export function extensionsOf(sections: ConfigSections, section: string, ctx: ExtensionContext): ExtensionDER[] {
  const entries = sections.get(section);
  if (!entries) throw new ExtensionError([]);
  const out: ExtensionDER[] = [];
  for (const [name, value] of entries) {
    try {
      out.push(extension(name, value, sections, ctx));
    } catch (e) {
      if (!(e instanceof ExtensionError)) throw e;
      throw new ExtensionError([...e.lines, err('11000080', 'X509 V3 routines:X509V3_EXT_nconf_int:error in extension:../crypto/x509/v3_conf.c:48', `section=${section}, name=${name}, value=${value}`)]);
    }
  }
  if (!out.some((e) => e.id === EXTENSION_IDS.subjectKeyIdentifier)) out.push({ id: EXTENSION_IDS.subjectKeyIdentifier, critical: false, value: extensionDER.subjectKeyId(keyIdOf(ctx.subjectKey)) });
  if (!out.some((e) => e.id === EXTENSION_IDS.authorityKeyIdentifier)) {
    const id = issuerKeyId(ctx);
    if (id) out.push({ id: EXTENSION_IDS.authorityKeyIdentifier, critical: false, value: extensionDER.authorityKeyId(id) });
  }
  return out;
}
