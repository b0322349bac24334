/**
 * curl's progress meter (lib/progress.c progress_meter, max5data; the tool turns it off for -s, -v and
 * --no-progress-meter, and when the body goes to the terminal): on stderr, its head and a first line as the
 * transfer starts, each line after a carriage return, and the last line with a newline when it ends, before
 * curl's error message. Expected texts built from progress.c's format string:
 * "%3d %s  %3d %s  %3d %s  %s  %s %s %s %s %s".
 */
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../network.js';
import { curlCore, DETACHED_NETWORK, type CurlNetwork } from './curl.js';

const HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n'
  + '                                 Dload  Upload   Total   Spent    Left  Speed\n';
const ZERO = '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

const answering = (body: string, headers: Record<string, string>, ms: number): CurlNetwork => ({
  resolve: (host) => ({ ok: true, name: host, addresses: ['10.244.1.5'], ms: 0 }),
  exchange: (): Outcome => ({ kind: 'response', ip: '10.244.1.5', status: 200, statusText: 'OK', headers, body, ms }),
});

const run = (argv: string[], net: CurlNetwork, tty: boolean) => {
  const r = curlCore(['curl', ...argv], net, { node: 'n' }, '8', undefined, tty);
  return { out: r.segments.map((s) => s.stdout ?? '').join(''), err: r.segments.map((s) => s.stderr ?? '').join(''), order: r.segments.map((s) => (s.stdout ? 'out' : s.stderr ? 'err' : 'wait')), files: r.files };
};

describe('curl\'s progress meter', () => {
  it('shows when the body does not go to the terminal: a chunked answer\'s total is what came, its received share unknown', () => {
    const r = run(['http://web:8080/'], answering('Hello Kubernetes bootcamp!\n', { 'Transfer-Encoding': 'chunked' }, 1), false);
    expect(r.out).toBe('Hello Kubernetes bootcamp!\n');
    // 27 bytes in a millisecond: 27000 bytes/s, under 100000 so written whole.
    expect(r.err).toBe(`${HEAD}\r${ZERO}\r100    27    0    27    0     0  27000      0 --:--:-- --:--:-- --:--:-- 27000\n`);
    expect(r.order).toEqual(['err', 'out', 'err']);
  });

  it('with a Content-Length the received share is known; speeds of 100000 bytes/s and more are in KiB', () => {
    const body = 'x'.repeat(615);
    const r = run(['http://web/'], answering(body, { 'Content-Length': '615' }, 1), false);
    expect(r.err.split('\r')[2]).toBe('100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k\n');
  });

  it('a failed connection ends the meter at zero before curl\'s message', () => {
    const r = run(['http://127.0.0.1:1/'], DETACHED_NETWORK, false);
    expect(r.err).toBe(`${HEAD}\r${ZERO}\r${ZERO}\ncurl: (7) Failed to connect to 127.0.0.1 port 1 after 0 ms: Could not connect to server\n`);
  });

  it('none on a terminal, with -s, -v or --no-progress-meter, or for a URL curl turns down', () => {
    const net = answering('ok\n', { 'Content-Length': '3' }, 1);
    expect(run(['http://web/'], net, true).err).toBe('');
    expect(run(['-s', 'http://web/'], net, false).err).toBe('');
    expect(run(['--no-progress-meter', 'http://web/'], net, false).err).toBe('');
    expect(run(['-v', 'http://web/'], net, false).err).not.toContain('% Total');
    expect(run(['::'], net, false).err).toBe('curl: (3) URL rejected: Malformed input to a URL function\n');
    expect(run(['ftp://web/'], net, false).err).toBe('curl: (1) Protocol "ftp" not supported\n');
  });

  it('-o on a terminal: the body goes to the file, the meter to the terminal', () => {
    const r = run(['-o', 'page.html', 'http://web/'], answering('ok\n', { 'Content-Length': '3' }, 1), true);
    expect(r.files).toEqual({ 'page.html': 'ok\n' });
    expect(r.out).toBe('');
    expect(r.err).toBe(`${HEAD}\r${ZERO}\r100     3  100     3    0     0   3000      0 --:--:-- --:--:-- --:--:--  3000\n`);
  });
});
