/**
 * curl --cert/--key (lib/vtls/openssl.c cert_stuff) and kube-apiserver's x509 authenticator behind it. The 58
 * texts were compared with curl 7.88.1 on OpenSSL 3.0.19 (same wording as Ubuntu 24.04's 8.5.0) against
 * `openssl s_server`: a missing certificate file, a key that does not match, a certificate file with no key
 * (curl then reads the key from it), a file holding the certificate and then its key.
 */
import { describe, expect, it } from 'vitest';
import { lab } from '../../shell/commands/node/test-lab.js';

const P = '/etc/kubernetes/pki';
const CLIENT = `--cert ${P}/apiserver-kubelet-client.crt --key ${P}/apiserver-kubelet-client.key`;
const API = 'https://172.18.0.2:6443';

describe('curl --cert/--key', () => {
  it('a certificate the cluster CA signed authenticates its CN; one it did not is refused (401), not anonymous', async () => {
    const { run } = await lab(5);
    expect((await run(`sudo curl -s -o /dev/null -w '%{http_code}' ${CLIENT} --cacert ${P}/ca.crt ${API}/api/v1/namespaces/kube-system/pods`)).out).toBe('200');
    // Without a certificate the same request is system:anonymous's, which RBAC forbids.
    expect((await run(`curl -s -o /dev/null -w '%{http_code}' -k ${API}/api/v1/namespaces/kube-system/pods`)).out).toBe('403');
    await run(`openssl req -x509 -newkey rsa:2048 -nodes -keyout /tmp/me.key -out /tmp/me.crt -subj /CN=me -days 1 2>/dev/null`);
    const self = await run(`curl -s -w '%{http_code}' --cert /tmp/me.crt --key /tmp/me.key -k ${API}/version`);
    expect(self.out).toMatch(/"reason": "Unauthorized"[\s\S]*401$/);
    // /version is public: anonymous may read it, but a bad certificate is an error, not "no credentials".
    expect((await run(`curl -s -o /dev/null -w '%{http_code}' -k ${API}/version`)).out).toBe('200');
  });

  it('the files are read as the handshake is set up: the certificate, then the key (from --key, else the same file)', async () => {
    const { run } = await lab(5);
    const missing = await run(`sudo curl -sS --cert ${P}/nofile.crt -k ${API}/version`);
    expect(missing).toEqual({ status: 58, out: `curl: (58) could not load PEM client certificate from ${P}/nofile.crt, OpenSSL error error:80000002:system library::No such file or directory, (no key found, wrong pass phrase, or wrong file format?)\n` });
    expect((await run(`sudo curl -sS --cert ${P}/apiserver-kubelet-client.crt -k ${API}/version`)).out).toBe(`curl: (58) unable to set private key file: '${P}/apiserver-kubelet-client.crt' type PEM\n`);
    expect((await run(`sudo curl -sS --cert ${P}/apiserver-kubelet-client.crt --key ${P}/ca.key -k ${API}/version`)).out).toBe(`curl: (58) unable to set private key file: '${P}/ca.key' type PEM\n`);
    expect((await run(`sudo curl -sS --cert ${P}/ca.key -k ${API}/version`)).out).toMatch(/OpenSSL error error:0480006C:PEM routines::no start line, /);
    // The learner may read the certificate but not the key; a key file as the certificate is "Permission denied".
    expect((await run(`curl -sS ${CLIENT} -k ${API}/version`)).out).toBe(`curl: (58) unable to set private key file: '${P}/apiserver-kubelet-client.key' type PEM\n`);
    expect((await run(`curl -sS --cert ${P}/ca.key -k ${API}/version`)).out).toMatch(/error:8000000D:system library::Permission denied/);
    // One file with the certificate and then its key; "FILE:PASSWORD" names FILE.
    await run(`sudo cat ${P}/apiserver-kubelet-client.crt ${P}/apiserver-kubelet-client.key > /tmp/both.pem`);
    expect((await run(`curl -s -o /dev/null -w '%{http_code}' -E /tmp/both.pem:secret -k ${API}/api/v1/namespaces/kube-system/pods`)).out).toBe('200');
    // A plain-http URL loads no client certificate at all.
    expect((await run(`curl -s -o /dev/null -w '%{http_code}' --cert /nope http://127.0.0.1:10256/healthz`)).out).toBe('200');
  });

  it('a file curl may not read is its own error, never a crash of curl', async () => {
    const { run } = await lab(5);
    const post = await run(`curl -d @${P}/ca.key -o /dev/null -w '%{http_code}' http://127.0.0.1:10256/healthz`);
    // warnf folds its line at 79 columns, each piece after a "Warning: " of its own.
    expect(post.out).toContain(`Warning: Couldn't read data from file "${P}/ca.key", this makes \nWarning: an empty POST.\n`);
    const ca = await run(`curl -sS --cacert ${P}/ca.key ${API}/version`);
    expect(ca).toEqual({ status: 77, out: `curl: (77) error setting certificate file: ${P}/ca.key\n` });
  });
});
