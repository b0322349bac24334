/**
 * Signing a user's request with kubeadm's CA by hand, as kubernetes/website's "Certificates" task (openssl section)
 * and the usual CKA user recipe do: `openssl x509 -req -CA ca.crt -CAkey ca.key -CAcreateserial`, then the certificate
 * in a kubeconfig. Expected texts are OpenSSL 3.0.19's, run on the same commands (stderr lines, the version 1
 * certificate without -extfile, the serial file, the extensions and their order with -extfile, each error), and the
 * API server's answers for the user the certificate names.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const CA = '-CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key';
const T = /^[0-9A-F]{16}:/gm;

async function session() {
  const s = await interactiveSession();
  await s.run('cd ~ && openssl genrsa -out jane.key 2048 && openssl req -new -key jane.key -out jane.csr -subj "/CN=jane/O=dev"');
  return s;
}

describe('openssl x509 -req', () => {
  it('signs with the cluster CA: a version 1 certificate the API server accepts, the serial file counted on', async () => {
    const { run } = await session();
    expect(await run(`sudo openssl x509 -req -in jane.csr ${CA} -CAcreateserial -out jane.crt -days 500`))
      .toEqual({ out: 'Certificate request self-signature ok\nsubject=CN = jane, O = dev\n', status: 0 });
    const serial = (await run('sudo cat /etc/kubernetes/pki/ca.srl')).out;
    expect(serial).toMatch(/^[0-7][0-9A-F]{39}\n$/);
    const text = (await run('openssl x509 -in jane.crt -noout -text')).out;
    expect(text).toContain('        Version: 1 (0x0)\n');
    expect(text).toContain(`            ${serial.trim().toLowerCase().match(/../g)!.join(':')}\n`);
    expect(text).toContain('        Issuer: CN = kubernetes\n');
    expect(text).not.toContain('X509v3 extensions');
    const dates = (await run('cat jane.crt | openssl x509 -noout -startdate -enddate')).out.split('\n');
    expect(Date.parse(dates[1].slice(9)) - Date.parse(dates[0].slice(10))).toBe(500 * 86400e3);

    await run('sudo openssl x509 -req -in jane.csr ' + CA + ' -out jane2.crt');
    const next = (BigInt(`0x${serial.trim()}`) + 1n).toString(16).toUpperCase();
    expect((await run('sudo cat /etc/kubernetes/pki/ca.srl')).out).toBe(`${next}\n`);
    expect((await run('openssl x509 -in jane2.crt -noout -serial')).out).toBe(`serial=${next}\n`);

    await run('kubectl config set-credentials jane --client-certificate=jane.crt --client-key=jane.key');
    await run('kubectl config set-context jane --cluster=kubernetes --user=jane');
    expect((await run('kubectl --context=jane get pods')).out)
      .toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n');
    expect((await run('kubectl --context=jane auth whoami')).out).toMatch(/^Username +jane\nGroups +\[dev system:authenticated\]\n/m);
  });

  it('without the cluster CA the certificate does not authenticate; -set_serial and the default 30 days', async () => {
    const { run } = await session();
    expect((await run('openssl x509 -req -in jane.csr -signkey jane.key -set_serial 01 -out self.crt')).status).toBe(0);
    expect((await run('openssl x509 -in self.crt -noout -serial -issuer')).out).toBe('serial=01\nissuer=CN = jane, O = dev\n');
    const dates = (await run('openssl x509 -in self.crt -noout -dates')).out.split('\n');
    expect(Date.parse(dates[1].slice(9)) - Date.parse(dates[0].slice(10))).toBe(30 * 86400e3);
    await run('kubectl config set-credentials self --client-certificate=self.crt --client-key=jane.key');
    expect((await run('kubectl --user=self get pods')).out).toBe('error: You must be logged in to the server (Unauthorized)\n');
    // Without -CAcreateserial and no serial file, the serial is random and no file is written.
    await run(`sudo openssl x509 -req -in jane.csr ${CA} -out r.crt`);
    expect((await run('sudo ls /etc/kubernetes/pki/ca.srl')).status).toBe(2);
  });

  it('adds the -extfile section\'s extensions in order, then the key identifiers OpenSSL 3.0 adds', async () => {
    const { run } = await session();
    await run("printf '[ v3_ext ]\\nauthorityKeyIdentifier=keyid,issuer:always\\nbasicConstraints=CA:FALSE\\nkeyUsage=keyEncipherment,dataEncipherment\\n"
      + "extendedKeyUsage=serverAuth,clientAuth\\nsubjectAltName=@alt_names\\n[ alt_names ]\\nDNS.1 = kubernetes\\nDNS.2 = kubernetes.default # a comment\\nIP.1 = 10.96.0.1\\n' > csr.conf");
    expect((await run(`sudo openssl x509 -req -in jane.csr ${CA} -CAcreateserial -out s.crt -days 10000 -extensions v3_ext -extfile csr.conf -sha256`)).status).toBe(0);
    const text = (await run('openssl x509 -in s.crt -noout -text')).out;
    expect(text).toContain('        Version: 3 (0x2)\n');
    const ext = text.slice(text.indexOf('        X509v3 extensions:'), text.indexOf('\n    Signature Algorithm') + 1);
    expect(ext.replace(/[0-9A-F]{2}(:[0-9A-F]{2}){3,}/g, 'HEX')).toBe([
      '        X509v3 extensions:',
      '            X509v3 Authority Key Identifier: ', '                keyid:HEX', '                DirName:/CN=kubernetes', '                serial:HEX',
      '            X509v3 Basic Constraints: ', '                CA:FALSE',
      '            X509v3 Key Usage: ', '                Key Encipherment, Data Encipherment',
      '            X509v3 Extended Key Usage: ', '                TLS Web Server Authentication, TLS Web Client Authentication',
      '            X509v3 Subject Alternative Name: ', '                DNS:kubernetes, DNS:kubernetes.default, IP Address:10.96.0.1',
      '            X509v3 Subject Key Identifier: ', '                HEX', ''].join('\n'));
    // The CA's own subject key identifier is the authority key identifier.
    const caSKI = (await run('openssl x509 -in /etc/kubernetes/pki/ca.crt -noout -text')).out.match(/Subject Key Identifier: \n +(\S+)/)![1];
    expect(ext).toContain(`keyid:${caSKI}\n`);

    await run("printf 'extendedKeyUsage=clientAuth\\n[x]\\nbasicConstraints=critical,CA:TRUE,pathlen:0\\nkeyUsage=critical,digitalSignature,keyCertSign\\n' > e.cnf");
    await run(`sudo openssl x509 -req -in jane.csr ${CA} -out t.crt -extfile e.cnf`);
    expect((await run('openssl x509 -in t.crt -noout -text')).out.replace(/[0-9A-F]{2}(:[0-9A-F]{2}){3,}/g, 'HEX')).toContain(
      '            X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n'
      + '            X509v3 Subject Key Identifier: \n                HEX\n            X509v3 Authority Key Identifier: \n                HEX\n    Signature');
    await run(`sudo openssl x509 -req -in jane.csr ${CA} -out u.crt -extfile e.cnf -extensions x`);
    expect((await run('openssl x509 -in u.crt -noout -text')).out).toContain(
      '            X509v3 Basic Constraints: critical\n                CA:TRUE, pathlen:0\n            X509v3 Key Usage: critical\n                Digital Signature, Certificate Sign\n');
    // Every usage OpenSSL knows by a short name, printed by its long name (OpenSSL 3.0.19's output for the same file).
    await run("printf 'extendedKeyUsage=ipsecEndSystem,ipsecTunnel,ipsecUser,msSGC,nsSGC,serverAuth\\n' > i.cnf");
    await run(`sudo openssl x509 -req -in jane.csr ${CA} -out i.crt -extfile i.cnf`);
    expect((await run('openssl x509 -in i.crt -noout -text')).out).toContain('            X509v3 Extended Key Usage: \n'
      + '                IPSec End System, IPSec Tunnel, IPSec User, Microsoft Server Gated Crypto, Netscape Server Gated Crypto, TLS Web Server Authentication\n');
  });

  it('answers bad input as OpenSSL 3.0 does, writing nothing', async () => {
    const { run } = await session();
    const err = async (line: string) => { const r = await run(line); return { out: r.out.replace(T, 'T:'), status: r.status }; };
    expect(await err(`sudo openssl x509 -req -in jane.csr -CA /etc/kubernetes/pki/ca.crt -CAkey jane.key -out x.crt`)).toEqual({ status: 1, out:
      'Certificate request self-signature ok\nsubject=CN = jane, O = dev\nCA certificate and CA private key do not match\n'
      + 'T:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:../crypto/x509/x509_cmp.c:403:\n' });
    expect((await err('openssl x509 -req -in jane.csr -CA nope.crt -CAkey jane.key -out x.crt')).out).toMatch(
      /^Certificate request self-signature ok\nsubject=CN = jane, O = dev\nCould not open file or uri for loading CA certificate from nope\.crt\nT:error:16000069:.*\nT:error:80000002:.*calling stat\(nope\.crt\)\nUnable to load CA certificate\n$/);
    expect((await err('openssl x509 -req -in nope.csr -signkey jane.key')).out).toMatch(
      /^Can't open "nope\.csr" for reading, No such file or directory\nT:error:80000002:system library:BIO_new_file:.*\nT:error:10000080:.*\nUnable to load certificate request input\n$/);
    expect((await err('openssl x509 -req -in jane.key -signkey jane.key')).out).toMatch(/^Unable to load certificate request input\nT:error:0480006C:PEM routines:get_name:no start line:.*Expecting: CERTIFICATE REQUEST\n$/);
    expect(await err('openssl x509 -req -in jane.csr -signkey jane.key -days abc')).toEqual({ status: 1, out: 'x509: Can\'t parse "abc" as a number\nx509: Use -help for summary.\n' });
    for (const [line, lines] of [
      ['keyUsage=fooBar', ['T:error:1100006F:X509 V3 routines:v2i_ASN1_BIT_STRING:unknown bit string argument:../crypto/x509/v3_bitst.c:82:fooBar']],
      ['foo=bar', ['T:error:11000082:X509 V3 routines:do_ext_nconf:unknown extension name:../crypto/x509/v3_conf.c:88:']],
      ['basicConstraints=CA:maybe', ['T:error:11000068:X509 V3 routines:X509V3_get_value_bool:invalid boolean string:../crypto/x509/v3_utl.c:289:name=CA, value=maybe']],
      ['subjectAltName=IP:1.2.3', ['T:error:11000076:X509 V3 routines:a2i_GENERAL_NAME:bad ip address:../crypto/x509/v3_san.c:552:value=1.2.3']],
      ['subjectAltName=@nope', ['T:error:11000069:X509 V3 routines:do_ext_nconf:invalid extension string:../crypto/x509/v3_conf.c:102:name=subjectAltName,section=@nope']],
      ['extendedKeyUsage=fooAuth', ['T:error:04000067:object identifier routines:OBJ_txt2obj:unknown object name:../crypto/objects/obj_dat.c:372:',
        'T:error:1100006E:X509 V3 routines:v2i_EXTENDED_KEY_USAGE:invalid object identifier:../crypto/x509/v3_extku.c:94:fooAuth']],
    ] as const) {
      await run(`printf '[v3]\\n${line}\\n' > bad.cnf`);
      const [name, ...value] = line.split('=');
      expect(await err('openssl x509 -req -in jane.csr -signkey jane.key -extfile bad.cnf -extensions v3 -out bad.crt')).toEqual({ status: 1, out:
        `Error checking extension section v3\n${lines.join('\n')}\nT:error:11000080:X509 V3 routines:X509V3_EXT_nconf_int:error in extension:../crypto/x509/v3_conf.c:48:section=v3, name=${name}, value=${value.join('=')}\n` });
    }
    expect(await err('openssl x509 -req -in jane.csr -signkey jane.key -extfile bad.cnf -extensions nosuch -out bad.crt')).toEqual({ status: 1, out: 'Error checking extension section nosuch\n' });
    expect((await run('ls x.crt bad.crt')).status).toBe(2);
  });

  it('reads stdin without -in, as OpenSSL does', async () => {
    const { run } = await session();
    expect(await run('cat /etc/kubernetes/pki/ca.crt | openssl x509 -noout -subject')).toEqual({ out: 'subject=CN = kubernetes\n', status: 0 });
    expect(await run('openssl req -noout -subject < jane.csr')).toEqual({ out: 'subject=CN = jane, O = dev\n', status: 0 });
    expect((await run('cat jane.csr | openssl x509 -req -signkey jane.key -noout -subject')).out).toBe('Certificate request self-signature ok\nsubject=CN = jane, O = dev\nsubject=CN = jane, O = dev\n');
    expect((await run('openssl x509 -noout < jane.key')).out.replace(T, 'T:')).toBe(
      'Could not read certificate from <stdin>\nT:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:151:\nUnable to load certificate\n');
    expect((await run('openssl x509 -in nope.crt -noout')).out).toMatch(/\nUnable to load certificate\n$/);
  });
});
