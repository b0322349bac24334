/**
 * busybox wget's -S and its progress meter, as busybox 1.35's wget prints them against a local server on this
 * machine: the head's lines two spaces in (also under -q), a blank indented line after the headers, only the
 * status line before an error, and the meter labelled with the output file's last path component. The request
 * says `Connection: close`, which nginx answers in kind.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';

describe('busybox wget', () => {
  it('prints the response head with -S and labels the meter with the file name', async () => {
    const out = await runScript([
      'kubectl create deployment web --image=nginx:1.25',
      'kubectl expose deployment web --port=80',
      'kubectl run c --image=busybox:1.36 --restart=Never -- sleep 3600',
      'sleep 20',
      'kubectl exec c -- wget -S -O /dev/null web',
      'kubectl exec c -- wget -qS -O /dev/null web/nope',
      'kubectl exec c -- wget -O /tmp/x.html web',
    ].join('\n') + '\n');
    expect(out).toMatch(/\$ kubectl exec c -- wget -S -O \/dev\/null web\nConnecting to web \(10[.\d]+:80\)\n {2}HTTP\/1\.1 200 OK\n {2}Server: nginx\/1\.25\.5\n {2}Date: .* GMT\n {2}Content-Type: text\/html\n {2}Content-Length: 615\n {2}Last-Modified: Tue, 16 Apr 2024 14:29:59 GMT\n {2}Connection: close\n {2}ETag: "661e8b67-267"\n {2}Accept-Ranges: bytes\n {2}\nsaving to '\/dev\/null'\nnull {17}100% \|\*{32}\| {3}615 {2}0:00:00 ETA\n'\/dev\/null' saved\n/);
    expect(out).toContain("$ kubectl exec c -- wget -qS -O /dev/null web/nope\n  HTTP/1.1 404 Not Found\nwget: server returned error: HTTP/1.1 404 Not Found\ncommand terminated with exit code 1\n");
    expect(out).toContain("saving to '/tmp/x.html'\nx.html               100% |");
  });
});
