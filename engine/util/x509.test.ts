/**
 * The X.509 fields a TLS client checks, from PEM: a certificate the Connecting Applications page printed in its
 * Secret manifest (openssl req -x509 -subj "/CN=nginxsvc/O=nginxsvc", no extensions; `openssl x509 -noout
 * -subject -dates` says subject=CN = nginxsvc, O = nginxsvc, notBefore=Oct 26 07:07:12 2017 GMT, notAfter=Oct 26
 * 07:07:12 2018 GMT).
 */
import { describe, expect, it } from 'vitest';
import { parseCertificate } from './x509.js';

const PAGE_CERT = '-----BEGIN CERTIFICATE-----\nMIIDHzCCAgegAwIBAgIJAJy3yP+Js2ZIMA0GCSqGSIb3DQEBBQUAMCYxETAPBgNV\nBAMTCG5naW54c3ZjMREwDwYDVQQKEwhuZ2lueHN2YzAeFw0xNzEwMjYwNzA3MTJa\nFw0xODEwMjYwNzA3MTJaMCYxETAPBgNVBAMTCG5naW54c3ZjMREwDwYDVQQKEwhu\nZ2lueHN2YzCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAJ1qIMR9WV3B\n2VHBTLFkhl4N5yc0BqaHHBKLJrLs//w6aSxQKoFlyIIOx4e+2Syj0ErwB/9XNppm\niymB/rdFWd9x9QhAALBfEZNcbWslMQUrxAentUkuvMo/8/0tilhcszZzrDaRx4J9\n/6QTmUR7kFSYJNY5PfDwpg7vUoh6fgUhjovTn6xsUGC6ADU80i5qeehMyR57ifSf\n4viiwHcxg/yYGRAE/fE4jjLBvgN676IOtKMkeuwGIc41awNm6sSK4jaCFxjXJvZe\nvo/dNQ2lxGX+JOiwHHWmsatjxY4Z5Y7GVh+D+Zv/qmf0X/mV4Fj575wj1LYPhqkl\ngaIvXG+xSQUCAwEAAaNQME4wHQYDVR0OBBYEFO4oNZB7aw59IlbDN38HbGnbxEV7\nMB8GA1UdIwQYMBaAFO4oNZB7aw59IlbDN38HbGnbxEV7MAwGA1UdEwQFMAMBAf8w\nDQYJKoZIhvcNAQEFBQADggEBAEXS1oESIEiwr08VqP4+cpLr7MnE17np0o2mxjQo\n4FoDoF7QfvjxM8O7vN0trW1ojFIm/X18fvZ/y8g5ZXn4Vo3sxJVdAq+Md/cM+sPa\n6bcNCTzFjxZTWE++195/sogf9FwT5C+u6Cpy7C716oQtTjEbWNUtKxqr46MNecB0\npDXVfgVA4ZvDx4Z7Kdbd69ys79QGbh9emOgNMdYlIK0Hktz1yYN/mZf+qjNBjmfc\nCg2ypld4Z/+QCPf9wJJ2lR+cagODxzPVplMHG2o8/LqCvxzzVOP51ywKdKqiC0IQ\nCB9Ol0YnlpOT4HuohRS0O9+e2oJtVl5B2s4il9agtSUqqRU=\n-----END CERTIFICATE-----';

describe('parseCertificate', () => {
  it('reads the subject, issuer and validity of a certificate without extensions', () => {
    expect(parseCertificate(PAGE_CERT)).toEqual({
      subject: 'CN = nginxsvc, O = nginxsvc', issuer: 'CN = nginxsvc, O = nginxsvc', commonName: 'nginxsvc', dnsNames: [], ipAddresses: [],
      notBefore: Date.UTC(2017, 9, 26, 7, 7, 12), notAfter: Date.UTC(2018, 9, 26, 7, 7, 12),
    });
  });
  it('is undefined for text that is no certificate', () => {
    expect(parseCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toBeUndefined();
    expect(parseCertificate('hello')).toBeUndefined();
  });
});
