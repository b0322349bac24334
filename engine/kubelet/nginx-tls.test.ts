/**
 * nginx's TLS from its configuration (image-apps.ts nginxCertificate): the server block's `listen PORT ssl` and
 * ssl_certificate, read as a handshake happens; the certificate is the one the Connecting Applications page printed
 * (self-signed CN=nginxsvc, valid 2017-10-26 to 2018-10-26).
 */
import { describe, expect, it } from 'vitest';
import type { ProgramHost } from './programs.js';
import { nginxCertificate, nginxPlainHttpPage } from './image-apps.js';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIDHzCCAgegAwIBAgIJAJy3yP+Js2ZIMA0GCSqGSIb3DQEBBQUAMCYxETAPBgNV\nBAMTCG5naW54c3ZjMREwDwYDVQQKEwhuZ2lueHN2YzAeFw0xNzEwMjYwNzA3MTJa\nFw0xODEwMjYwNzA3MTJaMCYxETAPBgNVBAMTCG5naW54c3ZjMREwDwYDVQQKEwhu\nZ2lueHN2YzCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAJ1qIMR9WV3B\n2VHBTLFkhl4N5yc0BqaHHBKLJrLs//w6aSxQKoFlyIIOx4e+2Syj0ErwB/9XNppm\niymB/rdFWd9x9QhAALBfEZNcbWslMQUrxAentUkuvMo/8/0tilhcszZzrDaRx4J9\n/6QTmUR7kFSYJNY5PfDwpg7vUoh6fgUhjovTn6xsUGC6ADU80i5qeehMyR57ifSf\n4viiwHcxg/yYGRAE/fE4jjLBvgN676IOtKMkeuwGIc41awNm6sSK4jaCFxjXJvZe\nvo/dNQ2lxGX+JOiwHHWmsatjxY4Z5Y7GVh+D+Zv/qmf0X/mV4Fj575wj1LYPhqkl\ngaIvXG+xSQUCAwEAAaNQME4wHQYDVR0OBBYEFO4oNZB7aw59IlbDN38HbGnbxEV7\nMB8GA1UdIwQYMBaAFO4oNZB7aw59IlbDN38HbGnbxEV7MAwGA1UdEwQFMAMBAf8w\nDQYJKoZIhvcNAQEFBQADggEBAEXS1oESIEiwr08VqP4+cpLr7MnE17np0o2mxjQo\n4FoDoF7QfvjxM8O7vN0trW1ojFIm/X18fvZ/y8g5ZXn4Vo3sxJVdAq+Md/cM+sPa\n6bcNCTzFjxZTWE++195/sogf9FwT5C+u6Cpy7C716oQtTjEbWNUtKxqr46MNecB0\npDXVfgVA4ZvDx4Z7Kdbd69ys79QGbh9emOgNMdYlIK0Hktz1yYN/mZf+qjNBjmfc\nCg2ypld4Z/+QCPf9wJJ2lR+cagODxzPVplMHG2o8/LqCvxzzVOP51ywKdKqiC0IQ\nCB9Ol0YnlpOT4HuohRS0O9+e2oJtVl5B2s4il9agtSUqqRU=\n-----END CERTIFICATE-----';
const CONF = 'server {\n        listen 80 default_server;\n        listen [::]:80 default_server ipv6only=on;\n\n        listen 443 ssl;\n        ssl_certificate /etc/nginx/ssl/tls.crt;\n}';
const host = (files: Record<string, string>, now: number) => ({ readFile: (p: string) => files[p], now: () => now }) as unknown as ProgramHost;

describe('nginxCertificate', () => {
  it('serves the mounted certificate on the ssl port only, with its dates judged at the handshake', () => {
    const files = { '/etc/nginx/conf.d/default.conf': CONF, '/etc/nginx/ssl/tls.crt': CERT };
    expect(nginxCertificate(80, host(files, Date.UTC(2018, 0, 1)))).toBeUndefined();
    expect(nginxCertificate(443, host(files, Date.UTC(2018, 0, 1)))).toEqual({
      subject: 'CN = nginxsvc, O = nginxsvc', issuer: 'CN = nginxsvc, O = nginxsvc', issuerPEM: CERT.trim(), dnsNames: [], ipAddresses: [], commonName: 'nginxsvc', selfSigned: true,
    });
    expect(nginxCertificate(443, host(files, Date.UTC(2026, 0, 1)))?.validity).toBe('expired');
    expect(nginxCertificate(443, host(files, Date.UTC(2017, 0, 1)))?.validity).toBe('not-yet-valid');
  });
  it('has none without an ssl listen, a commented one, or a certificate file', () => {
    expect(nginxCertificate(443, host({ '/etc/nginx/conf.d/default.conf': CONF }, 0))).toBeUndefined();
    expect(nginxCertificate(443, host({ '/etc/nginx/conf.d/default.conf': CONF.replace('listen 443 ssl', '# listen 443 ssl'), '/etc/nginx/ssl/tls.crt': CERT }, 0))).toBeUndefined();
    expect(nginxCertificate(443, host({ '/etc/nginx/ssl/tls.crt': CERT }, 0))).toBeUndefined();
  });
  it('answers plain HTTP on that port with its own 400 page', () => {
    expect(nginxPlainHttpPage('nginx/1.9.7', '<body bgcolor="white">')).toBe('<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body bgcolor="white">\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx/1.9.7</center>\r\n</body>\r\n</html>\r\n');
  });
});
