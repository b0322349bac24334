/**
 * curl's TLS failures. The texts were recorded from the real curl 7.88.1
 * (Debian 12, OpenSSL 3.0.19) against `openssl s_server` with a CA-signed
 * certificate (SANs DNS:kubernetes, DNS:kubernetes.default, IP:10.96.0.1,
 * IP:127.0.0.1) and against `python3 -m http.server`; 7.88's
 * tool_operate.c and lib/vtls/openssl.c print what 8.5.0 prints (the
 * "web page" hint), only the OpenSSL version in error 35 is the build's own.
 */
import { describe, expect, it } from 'vitest';
import { apiserverCertificate, ROOT_CA_CERT } from '../../api/pki.js';
import { curlHandshake } from './curl-tls.js';

const HINT = 'More details here: https://curl.se/docs/sslcerts.html\n\n'
  + 'curl failed to verify the legitimacy of the server and therefore could not\n'
  + 'establish a secure connection to it. To learn more about this situation and\n'
  + 'how to fix it, please visit the web page mentioned above.\n';

const cert = apiserverCertificate('control-plane', '172.18.0.2');
const OTHER_CA = '-----BEGIN CERTIFICATE-----\nMIIBeDCCAR+gAwIBAgIUb1uryqPsfdtZio07j6bMEHiV/Jcw\n-----END CERTIFICATE-----\n';
const files: Record<string, string> = { 'ca.crt': ROOT_CA_CERT, 'other.crt': OTHER_CA, 'ext.cnf': 'subjectAltName=DNS:kubernetes\n' };
const read = (p: string) => files[p];

describe('curl 8.5 (the node) against a kube-apiserver certificate', () => {
  it('the system bundle does not hold the cluster CA: 60 with the issuer error and the hint', () => {
    expect(curlHandshake('8.5', { insecure: false, readFile: read }, '10.96.0.1', cert))
      .toEqual({ code: 60, text: `curl: (60) SSL certificate problem: unable to get local issuer certificate\n${HINT}` });
  });
  it('--cacert with another CA: the same 60', () => {
    expect(curlHandshake('8.5', { insecure: false, cacert: 'other.crt', readFile: read }, '10.96.0.1', cert)?.code).toBe(60);
  });
  it('--cacert naming no file, or a file with no certificate: 77', () => {
    expect(curlHandshake('8.5', { insecure: false, cacert: 'nofile', readFile: read }, '10.96.0.1', cert)).toEqual({ code: 77, text: 'curl: (77) error setting certificate file: nofile\n' });
    expect(curlHandshake('8.5', { insecure: false, cacert: 'ext.cnf', readFile: read }, '10.96.0.1', cert)).toEqual({ code: 77, text: 'curl: (77) error setting certificate file: ext.cnf\n' });
  });
  it('the right CA and a name the certificate holds: the handshake goes on', () => {
    for (const host of ['10.96.0.1', '172.18.0.2', 'kubernetes', 'kubernetes.default.svc.cluster.local', 'control-plane']) {
      expect(curlHandshake('8.5', { insecure: false, cacert: 'ca.crt', readFile: read }, host, cert)).toBeUndefined();
    }
  });
  it('the right CA but a name it does not hold: 60 from the host name check', () => {
    expect(curlHandshake('8.5', { insecure: false, cacert: 'ca.crt', readFile: read }, 'localhost', cert))
      .toEqual({ code: 60, text: `curl: (60) SSL: no alternative certificate subject name matches target host name 'localhost'\n${HINT}` });
  });
  it('-k checks neither chain nor name, and a missing CA file only warns', () => {
    expect(curlHandshake('8.5', { insecure: true, readFile: read }, 'localhost', cert)).toBeUndefined();
    expect(curlHandshake('8.5', { insecure: true, cacert: 'nofile', readFile: read }, 'localhost', cert)).toBeUndefined();
  });
  it('a plain HTTP server answering the ClientHello: 35, even with -k', () => {
    expect(curlHandshake('8.5', { insecure: true, readFile: read }, '10.96.0.10', undefined))
      .toEqual({ code: 35, text: 'curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n' });
  });
});

describe('other curl builds (texts from their source: curl-8_12_1 and curl-7_38_0 tool_operate.c, lib/vtls/openssl.c)', () => {
  it('8.12.1 says "webpage"', () => {
    expect(curlHandshake('8', { insecure: false, readFile: read }, '10.96.0.1', cert)?.text).toContain('please visit the webpage mentioned above.\n');
  });
  it('7.38 on OpenSSL 1.0.1: its own two paragraphs, a 51 for the name, and the CAfile/CApath lines', () => {
    const t = curlHandshake('7', { insecure: false, readFile: read }, '10.96.0.1', cert)!;
    expect(t.code).toBe(60);
    expect(t.text).toMatch(/^curl: \(60\) SSL certificate problem: unable to get local issuer certificate\nMore details here: http:\/\/curl.haxx.se\/docs\/sslcerts.html\n\ncurl performs SSL certificate verification by default/);
    expect(curlHandshake('7', { insecure: false, cacert: 'ca.crt', readFile: read }, 'localhost', cert))
      .toEqual({ code: 51, text: "curl: (51) SSL: no alternative certificate subject name matches target host name 'localhost'\n" });
    expect(curlHandshake('7', { insecure: false, cacert: 'x', readFile: read }, 'localhost', cert)?.text)
      .toBe('curl: (77) error setting certificate verify locations:\n  CAfile: x\n  CApath: /etc/ssl/certs\n');
    expect(curlHandshake('7', { insecure: false, readFile: read }, 'h', undefined)?.text)
      .toBe('curl: (35) error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol\n');
  });
});

describe('a self-signed certificate with no subjectAltName (openssl req -x509 -subj "/CN=nginxsvc/O=nginxsvc")', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const own = { subject: 'CN = nginxsvc, O = nginxsvc', issuer: 'CN = nginxsvc, O = nginxsvc', issuerPEM: pem.trim(), dnsNames: [], ipAddresses: [], commonName: 'nginxsvc', selfSigned: true };
  const readOwn = (p: string) => (p === 'tls.crt' ? pem : undefined);
  it('is not trusted without it in the CA file: OpenSSL 3 says "self-signed", 1.0 "self signed"', () => {
    expect(curlHandshake('8', { insecure: false, readFile: readOwn }, 'my-nginx', own)?.text.split('\n')[0]).toBe('curl: (60) SSL certificate problem: self-signed certificate');
    expect(curlHandshake('7', { insecure: false, readFile: readOwn }, 'my-nginx', own)?.text.split('\n')[0]).toBe('curl: (60) SSL certificate problem: self signed certificate');
  });
  it('trusted through --cacert, its dates come next, then the host name against the CN', () => {
    expect(curlHandshake('8', { insecure: false, cacert: 'tls.crt', readFile: readOwn }, 'my-nginx', { ...own, validity: 'expired' })?.text.split('\n')[0]).toBe('curl: (60) SSL certificate problem: certificate has expired');
    expect(curlHandshake('8', { insecure: false, cacert: 'tls.crt', readFile: readOwn }, 'nginxsvc', own)).toBeUndefined();
    expect(curlHandshake('8', { insecure: false, cacert: 'tls.crt', readFile: readOwn }, 'my-nginx', own)?.text.split('\n')[0]).toBe("curl: (60) SSL: certificate subject name 'nginxsvc' does not match target host name 'my-nginx'");
    expect(curlHandshake('7', { insecure: false, cacert: 'tls.crt', readFile: readOwn }, 'my-nginx', own)?.text).toBe("curl: (51) SSL: certificate subject name 'nginxsvc' does not match target host name 'my-nginx'\n");
    expect(curlHandshake('8', { insecure: true, readFile: readOwn }, 'my-nginx', { ...own, validity: 'expired' })).toBeUndefined();
  });
});
