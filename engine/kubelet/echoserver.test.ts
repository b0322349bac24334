/**
 * registry.k8s.io/echoserver:1.10's page and access log. The page is nginx.conf's Lua template (kubernetes
 * test/images/echoserver, copied from the 1.10 image: nginx 1.13.3, lua-nginx-module 10008) as lua-resty-template
 * renders it; the recorded outputs below are from learners' notes of the image (kubectl logs and curl), whose access
 * log's $body_bytes_sent pins the page's exact length: the text, plus the chunked encoding's 12 bytes of framing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { echoserver, echoserverPage } from './image-apps.js';
import { loadCatalogue, lookupImage, type ImageInfo } from '../images/catalogue.js';
import type { HttpRequest, ProgramHost } from './programs.js';

let image: ImageInfo;
beforeAll(async () => {
  await loadCatalogue();
  const found = lookupImage('registry.k8s.io/echoserver:1.10');
  if (!found.ok) throw new Error('echoserver:1.10 is not in the catalogue');
  image = found.image;
});

function host(hostname: string, logs: string[]): ProgramHost {
  return { hostname, podIP: '10.244.1.3', startedAt: 0, now: () => Date.UTC(2020, 5, 24, 15, 41, 36), readFile: () => undefined, log: (l) => logs.push(l) };
}

const CHROME_83 = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/83.0.4103.106 Safari/537.36';

describe('echoserver:1.10', () => {
  it('renders the template as the recorded page for curl through kubectl port-forward', () => {
    const req: HttpRequest = { method: 'GET', path: '/', remote: '127.0.0.1:51234', userAgent: 'curl/7.64.1', headers: { Host: 'localhost:8080', 'User-Agent': 'curl/7.64.1', Accept: '*/*' } };
    expect(echoserverPage(req, 'echoserver', {}, 8080)).toBe(
      '\n\nHostname: echoserver\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n' +
      'Request Information:\n\tclient_address=127.0.0.1\n\tmethod=GET\n\treal path=/\n\tquery=\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://localhost:8080/\n\n' +
      'Request Headers:\n\taccept=*/*\n\thost=localhost:8080\n\tuser-agent=curl/7.64.1\n\nRequest Body:\n\t-no body in request-\n\n');
  });

  it('logs each request in the combined format, counting the chunked framing: 416 bytes for that page, 1104 for a browser', () => {
    const logs: string[] = [];
    const p = echoserver(image, (s) => s, {});
    const curl = p.http!({ method: 'GET', path: '/', remote: '127.0.0.1:51234', userAgent: 'curl/7.64.1', port: 8080, headers: { Host: 'localhost:8080', 'User-Agent': 'curl/7.64.1', Accept: '*/*' } }, host('echoserver', logs));
    // The 2021 notes: `127.0.0.1 - - [09/Jul/2021:03:05:07 +0000] "GET / HTTP/1.1" 200 416 "-" "curl/7.64.1"`.
    expect(logs[0]).toBe('127.0.0.1 - - [24/Jun/2020:15:41:36 +0000] "GET / HTTP/1.1" 200 416 "-" "curl/7.64.1"');
    expect(curl.status).toBe(200);
    expect(Object.entries(curl.headers)).toEqual([['Server', 'echoserver'], ['Date', 'Wed, 24 Jun 2020 15:41:36 GMT'], ['Content-Type', 'text/plain'], ['Transfer-Encoding', 'chunked'], ['Connection', 'keep-alive']]);
    // The 2020 notes: Chrome 83's request through port-forward, shown in full, logged as 1104 bytes.
    const headers = {
      Host: 'localhost:8080', Connection: 'keep-alive', 'Upgrade-Insecure-Requests': '1', 'User-Agent': CHROME_83,
      Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.9',
      'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-User': '?1', 'Sec-Fetch-Dest': 'document', 'Accept-Encoding': 'gzip, deflate, br',
      'Accept-Language': 'ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7,ja;q=0.6',
      Cookie: 'csrftoken=uAThpStvanbqacQjmXWVz1b1WJjN0Gex4AaidAFLUeUwUU7l3ImZapTMl40h4z55; Pastease.passive.activated.kfzz9br7dC3Qwzl=0; Pastease.passive.chance.kfzz9br7dC3Qwzl=1; Idea-eb07ea1c=8b5cd59b-4cbd-4fbf-be8c-308d0c39c2ad',
    };
    const page = p.http!({ method: 'GET', path: '/', remote: '127.0.0.1:51240', userAgent: CHROME_83, port: 8080, headers }, host('echoserver', logs));
    expect(page.body.split('Request Headers:\n')[1].split('\n').slice(0, 13)).toEqual([
      '\taccept=text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.9',
      '\taccept-encoding=gzip, deflate, br', '\taccept-language=ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7,ja;q=0.6', '\tconnection=keep-alive',
      `\tcookie=${headers.Cookie}`, '\thost=localhost:8080', '\tsec-fetch-dest=document', '\tsec-fetch-mode=navigate', '\tsec-fetch-site=none',
      '\tsec-fetch-user=?1', '\tupgrade-insecure-requests=1', `\tuser-agent=${CHROME_83}`, '',
    ]);
    expect(logs[1]).toBe(`127.0.0.1 - - [24/Jun/2020:15:41:36 +0000] "GET / HTTP/1.1" 200 1104 "-" "${CHROME_83}"`);
  });

  it('shows the pod block when POD_NAME is set, escapes what the template escapes, and keeps the query', () => {
    const env = { NODE_NAME: 'qkcp', POD_NAME: 'production-5d84fbdb58-964mq', POD_NAMESPACE: 'ingress-demo', POD_IP: '10.233.96.107' };
    const req: HttpRequest = { method: 'GET', path: '/a?x=<b>&y="1"', remote: '10.233.96.105:40000', headers: { host: 'Kubesphere.IO:32141', 'x-note': "it's" } };
    const page = echoserverPage(req, 'production-5d84fbdb58-964mq', env, 8080);
    expect(page).toContain('Pod Information:\n\tnode name:\tqkcp\n\tpod name:\tproduction-5d84fbdb58-964mq\n\tpod namespace:\tingress-demo\n\tpod IP:\t10.233.96.107\n\nServer values:\n');
    expect(page).toContain('\treal path=/a?x=&lt;b&gt;&amp;y=&quot;1&quot;\n\tquery=x=&lt;b&gt;&amp;y=&quot;1&quot;\n');
    // $host: the Host header's name, lowercased, without its port; the port is the one the request reached.
    expect(page).toContain('\trequest_uri=http://kubesphere.io:8080/a?x=&lt;b&gt;&amp;y=&quot;1&quot;\n');
    expect(page).toContain("\thost=Kubesphere.IO:32141\n\tx-note=it&#39;s\n\nRequest Body:");
  });

  it('answers busybox wget (HTTP/1.1, Connection: close) and an HTTP/1.0 client without chunks', () => {
    const logs: string[] = [];
    const p = echoserver(image, (s) => s, {});
    const wget = p.http!({ method: 'GET', path: '/', remote: '10.244.2.3:40000', userAgent: 'Wget', port: 8080, headers: { Host: '10.96.12.34', 'User-Agent': 'Wget', Connection: 'close' } }, host('source-ip-app-x', logs));
    expect(wget.headers.Connection).toBe('close');
    expect(wget.body).toContain('\tclient_address=10.244.2.3\n');
    expect(wget.body).toContain('Request Headers:\n\tconnection=close\n\thost=10.96.12.34\n\tuser-agent=Wget\n\n');
    const old = p.http!({ method: 'GET', path: '/', remote: '10.244.2.3:40001', proto: 'HTTP/1.0', port: 8080, headers: { Host: 'hello' } }, host('source-ip-app-x', logs));
    expect(old.headers['Transfer-Encoding']).toBeUndefined();
    expect(old.body).toContain('\trequest_version=1\n');
    expect(logs[1]).toMatch(new RegExp(`"GET / HTTP/1.0" 200 ${old.body.length} "-" "-"$`));
  });

  it('answers plain HTTP on the TLS port 8443 with nginx\'s own 400 page', () => {
    const logs: string[] = [];
    const p = echoserver(image, (s) => s, {});
    const res = p.http!({ method: 'GET', path: '/', remote: '10.244.0.0:40000', userAgent: 'curl/8.5.0', port: 8443, headers: { Host: '10.244.1.3:8443' } }, host('x', logs));
    expect(res.status).toBe(400);
    expect(res.body).toBe('<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body bgcolor="white">\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx/1.13.3</center>\r\n</body>\r\n</html>\r\n');
    expect(res.headers.Server).toBe('nginx/1.13.3');
    expect(logs[0]).toMatch(/ "GET \/ HTTP\/1\.1" 400 \d+ "-" "curl\/8\.5\.0"$/);
  });

  it('starts as run.sh does and ignores SIGTERM (the shell, PID 1, never execs nginx)', () => {
    const p = echoserver(image, (s) => s, {});
    expect(p.startLogs).toEqual(['Generating self-signed cert', 'Generating a 2048 bit RSA private key', expect.stringMatching(/^\.+\+\+\+$/), expect.stringMatching(/^\.+\+\+\+$/), "writing new private key to '/certs/privateKey.key'", '-----', 'Starting nginx']);
    expect(p.ports).toEqual([8080, 8443]);
    expect(p.sigterm).toEqual({ ignore: true });
  });
});
