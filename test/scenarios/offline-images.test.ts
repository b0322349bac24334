/**
 * What runs inside the images, in a cluster without internet access: alpine's apk and Debian's apt-get fail to
 * reach their repositories as they do offline; busybox has no package manager; nginx answers `curl -I` with its
 * real headers from the node and from a pod; curlimages/curl runs as curl_user; nginx-slim serves the directory a
 * volume is mounted over. Expected texts are the real tools' (see engine/kubelet/package-managers.test.ts and the
 * sources named in engine/kubelet/programs.ts).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const DATE = /^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

/** The response head with the Date line checked and replaced, the line ends shown. */
function head(out: string): string {
  return out.split('\r\n').map((l) => (DATE.test(l) ? 'Date: <date>' : l)).join('\n');
}

describe('package managers offline', () => {
  it('alpine: apk add curl fails to fetch the indexes and selects nothing; debian: apt-get update retries, then warns; busybox has no apk', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl run al --image=alpine:3.21 -- sleep 3600');
    await run('kubectl run de --image=debian:12 -- sleep 3600');
    await run('kubectl run bb --image=busybox:1.36 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/al pod/de pod/bb --timeout=60s');

    const add = await run('kubectl exec al -- apk add curl');
    expect(add.out).toBe(
      'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\n'
      + 'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/main: temporary error (try again later)\n'
      + 'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\n'
      + 'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/community: temporary error (try again later)\n'
      + 'ERROR: unable to select packages:\n'
      + '  curl (no such package):\n'
      + '    required by: world[curl]\n'
      + 'command terminated with exit code 1\n');
    expect(add.status).toBe(1);

    const before = cluster.clock.now();
    const update = await run('kubectl exec de -- apt-get update');
    // Acquire::Retries (3) waits 1, 2 and 4 s before the retries.
    expect(cluster.clock.now() - before).toBeGreaterThanOrEqual(7000);
    expect(update.status).toBe(0);
    const lines = update.out.split('\n');
    expect(lines.filter((l) => l.startsWith('Ign:'))).toHaveLength(9);
    expect(lines.slice(9)).toEqual([
      'Err:1 http://deb.debian.org/debian bookworm InRelease',
      "  Temporary failure resolving 'deb.debian.org'",
      'Err:2 http://deb.debian.org/debian bookworm-updates InRelease',
      "  Temporary failure resolving 'deb.debian.org'",
      'Err:3 http://deb.debian.org/debian-security bookworm-security InRelease',
      "  Temporary failure resolving 'deb.debian.org'",
      'Reading package lists...',
      "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'",
      "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm-updates/InRelease  Temporary failure resolving 'deb.debian.org'",
      "W: Failed to fetch http://deb.debian.org/debian-security/dists/bookworm-security/InRelease  Temporary failure resolving 'deb.debian.org'",
      'W: Some index files failed to download. They have been ignored, or old ones used instead.',
      '',
    ]);
    const install = await run('kubectl exec de -- apt-get install -y curl');
    expect(install.out).toBe('Reading package lists...\nBuilding dependency tree...\nReading state information...\nE: Unable to locate package curl\ncommand terminated with exit code 100\n');

    expect((await run("kubectl exec bb -- sh -c 'apk add curl'")).out).toBe('sh: apk: not found\ncommand terminated with exit code 127\n');
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('nginx and httpd response headers', () => {
  it('curl -I to an nginx Service from the node and from a pod: the static module\'s Last-Modified, ETag and Accept-Ranges', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl create deployment web --image=nginx:1.27');
    await run('kubectl expose deployment web --port=80');
    await run('kubectl run cu --image=curlimages/curl -- sleep 3600');
    await run('kubectl wait --for=condition=Available deploy/web --timeout=60s');
    await run('kubectl wait --for=condition=Ready pod/cu --timeout=60s');
    await run('sleep 2');
    // nginx:1.27.5's index.html, as its image serves it (a real `curl -I` of that image's default page).
    const expected = 'HTTP/1.1 200 OK\nServer: nginx/1.27.5\nDate: <date>\nContent-Type: text/html\nContent-Length: 615\n'
      + 'Last-Modified: Wed, 16 Apr 2025 12:01:11 GMT\nConnection: keep-alive\nETag: "67ff9c07-267"\nAccept-Ranges: bytes\n\n';
    const ip = (await run("kubectl get svc web -o jsonpath='{.spec.clusterIP}'")).out;
    const fromNode = await run(`curl -sI ${ip}`);
    expect(head(fromNode.out)).toBe(expected);
    const fromPod = await run('kubectl exec cu -- curl -sI web');
    expect(head(fromPod.out)).toBe(expected);

    // An error page carries no Last-Modified, ETag or Accept-Ranges.
    const missing = await run('kubectl exec cu -- curl -si web/nope');
    expect(head(missing.out)).toBe('HTTP/1.1 404 Not Found\nServer: nginx/1.27.5\nDate: <date>\nContent-Type: text/html\nContent-Length: 153\nConnection: keep-alive\n\n'
      + '<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx/1.27.5</center>\n</body>\n</html>\n');
    // A HEAD is logged with no body bytes sent.
    expect((await run('kubectl logs deploy/web --tail=2')).out).toMatch(/"HEAD \/ HTTP\/1\.1" 200 0 "-" "curl\/8\.12\.1" "-"\n.*"GET \/nope HTTP\/1\.1" 404 153 /);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('nginx 1.14.2 (the Deployment tutorial\'s image) and httpd 2.4', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create deployment old --image=nginx:1.14.2');
    await run('kubectl expose deployment old --port=80');
    await run('kubectl create deployment ap --image=httpd:2.4');
    await run('kubectl expose deployment ap --port=80');
    await run('kubectl wait --for=condition=Available deploy/old deploy/ap --timeout=60s');
    await run('sleep 2');
    const ip = async (svc: string) => (await run(`kubectl get svc ${svc} -o jsonpath='{.spec.clusterIP}'`)).out;
    const old = await ip('old');
    expect(head((await run(`curl -sI ${old}`)).out)).toBe('HTTP/1.1 200 OK\nServer: nginx/1.14.2\nDate: <date>\nContent-Type: text/html\nContent-Length: 612\n'
      + 'Last-Modified: Tue, 04 Dec 2018 14:44:49 GMT\nConnection: keep-alive\nETag: "5c0692e1-264"\nAccept-Ranges: bytes\n\n');
    // nginx before 1.15 gave its error pages a white background.
    expect((await run(`curl -s ${old}/nope`)).out).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body bgcolor="white">\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.14.2</center>\r\n</body>\r\n</html>\r\n');
    const ap = await ip('ap');
    expect(head((await run(`curl -sI ${ap}`)).out)).toBe('HTTP/1.1 200 OK\nDate: <date>\nServer: Apache/2.4.65 (Unix)\nLast-Modified: Mon, 11 Jun 2007 18:53:14 GMT\n'
      + 'ETag: "2d-432a5e4a73a80"\nAccept-Ranges: bytes\nContent-Length: 45\nContent-Type: text/html\n\n');
    expect(head((await run(`curl -sI ${ap}/nope`)).out)).toBe('HTTP/1.1 404 Not Found\nDate: <date>\nServer: Apache/2.4.65 (Unix)\nContent-Length: 196\nContent-Type: text/html; charset=iso-8859-1\n\n');
  });
});

describe('curlimages/curl runs as curl_user', () => {
  it('id, whoami, its home as working directory and HOME, ps, the $ prompt, and root\'s directories refuse it', async () => {
    const { run, screen } = await interactiveSession(['pwd', 'touch /x', 'exit']);
    await run('kubectl run cu --image=curlimages/curl -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/cu --timeout=60s');
    expect((await run('kubectl exec cu -- id')).out).toBe('uid=100(curl_user) gid=101(curl_group) groups=101(curl_group)\n');
    expect((await run('kubectl exec cu -- whoami')).out).toBe('curl_user\n');
    expect((await run('kubectl exec cu -- pwd')).out).toBe('/home/curl_user\n');
    expect((await run('kubectl exec cu -- printenv HOME')).out).toBe('/home/curl_user\n');
    expect((await run('kubectl exec cu -- ps')).out).toMatch(/^PID   USER     TIME  COMMAND\n    1 curl_use  0:00 sleep 3600\n/);
    expect((await run("kubectl exec cu -- sh -c 'echo hi > /hi.txt; echo hi > /tmp/hi.txt && cat /tmp/hi.txt; mkdir /etc/x'")).out)
      .toBe("sh: can't create /hi.txt: Permission denied\nhi\nmkdir: can't create directory '/etc/x': Permission denied\ncommand terminated with exit code 1\n");
    await run('kubectl exec -it cu -- sh');
    expect(screen.text).toBe('~ $ pwd\n/home/curl_user\n~ $ touch /x\ntouch: /x: Permission denied\n~ $ exit\n');
  });
});

describe('registry.k8s.io/nginx-slim (the StatefulSet tutorial\'s image)', () => {
  it('serves /usr/share/nginx/html: 403 while the volume mounted there is empty, the page written into it after', async () => {
    const { run } = await interactiveSession();
    await run(`kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: web-0
spec:
  containers:
  - name: nginx
    image: registry.k8s.io/nginx-slim:0.24
    ports:
    - containerPort: 80
    volumeMounts:
    - name: www
      mountPath: /usr/share/nginx/html
  volumes:
  - name: www
    emptyDir: {}
EOF`);
    await run('kubectl wait --for=condition=Ready pod/web-0 --timeout=60s');
    await run('sleep 1');
    const ip = (await run("kubectl get pod web-0 -o jsonpath='{.status.podIP}'")).out;
    const forbidden = await run(`curl -si ${ip}`);
    expect(head(forbidden.out)).toBe('HTTP/1.1 403 Forbidden\nServer: nginx/1.13.5\nDate: <date>\nContent-Type: text/html\nContent-Length: 169\nConnection: keep-alive\n\n'
      + '<html>\n<head><title>403 Forbidden</title></head>\n<body bgcolor="white">\n<center><h1>403 Forbidden</h1></center>\n<hr><center>nginx/1.13.5</center>\n</body>\n</html>\n');
    await run("kubectl exec web-0 -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'");
    expect((await run(`curl -s ${ip}`)).out).toBe('web-0\n');
    // The stock nginx.conf logs in the combined format and nothing at start.
    expect((await run('kubectl logs web-0')).out).toMatch(/^10\.244\.\d+\.\d+ - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 403 169 "-" "curl\/8\.5\.0"\n[^\n]+"GET \/ HTTP\/1\.1" 200 6 "-" "curl\/8\.5\.0"\n$/);
  });
});
