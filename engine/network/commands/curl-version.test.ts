/**
 * Debian bookworm's curl 7.88.1, as `curl --version` and a refused connection print it on a bookworm machine
 * (7.88.1-10+deb12u14, OpenSSL 3.0.19): `curl -sS http://127.0.0.1:1/`.
 */
import { describe, expect, it } from 'vitest';
import { curlCore, DETACHED_NETWORK } from './curl.js';

const run = (argv: string[], f: '7.88' | '8') => {
  const r = curlCore(argv, DETACHED_NETWORK, { node: 'n' } as never, f);
  return { out: r.segments.map((s) => s.stdout ?? '').join(''), err: r.segments.map((s) => s.stderr ?? '').join(''), code: r.exitCode };
};

describe('curl 7.88.1 (Debian bookworm images)', () => {
  it('--version and -V print the build, whatever else the line holds', () => {
    const v = run(['curl', '--version'], '7.88');
    expect(v.code).toBe(0);
    expect(v.out.split('\n')[0]).toBe('curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13');
    expect(v.out.split('\n')[1]).toBe('Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u14');
    expect(run(['curl', '-V', 'http://x/'], '7.88').out).toBe(v.out);
  });
  it('a refused connection: "Couldn\'t connect to server" (8.6 and later say "Could not")', () => {
    expect(run(['curl', '-sS', 'http://127.0.0.1:1/'], '7.88').err).toBe("curl: (7) Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server\n");
    expect(run(['curl', '-sS', 'http://127.0.0.1:1/'], '8').err).toBe('curl: (7) Failed to connect to 127.0.0.1 port 1 after 0 ms: Could not connect to server\n');
  });
});

describe('a URL curl turns down before any transfer', () => {
  it('a scheme with no host, a space: 7.88.1 says so in its own words (recorded on bookworm: curl http://, curl "http://a b/")', () => {
    for (const u of ['http://', 'http://a b/']) {
      expect(run(['curl', u], '7.88')).toEqual({ out: '', err: 'curl: (3) URL using bad/illegal format or missing URL\n', code: 3 });
    }
  });
});
