/**
 * What the public hosts of hosts.ts answer over HTTP(S). The Kubernetes documentation runs
 * `kubectl apply -f https://k8s.io/examples/<path>`; the chain behind it:
 *
 *   https://k8s.io/<uri>          301 → https://kubernetes.io/<uri>   (k8s.io's nginx: `return 301 https://kubernetes.io$request_uri`)
 *   https://kubernetes.io/examples/<path>
 *                                 200 with the file: the site publishes content/en/examples itself (kubernetes/website
 *                                 issue 56640: "k8s.io/examples/… → 301, kubernetes.io/examples/… → 200 OK")
 *   raw.githubusercontent.com/kubernetes/website/main/content/en/examples/<path>
 *                                 200 with the same file, or 404 `404: Not Found`
 *
 * and each host sends plain http:// to its https:// twin first. The files are those of k8s-examples.json.
 */
import bundle from './k8s-examples.json';
import { utf8Length } from '../../util/utf8.js';
import { rfc1123 } from '../../util/time.js';
import { APACHE_NOT_FOUND_PAGE } from '../../kubelet/programs.js';

export interface WebResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

/** Where kubernetes.io sends /examples/<path>: the file in kubernetes/website's main branch. */
export const EXAMPLES_RAW_PREFIX = '/kubernetes/website/main/content/en/examples/';

const FILES: Readonly<Record<string, string>> = (bundle as { files: Record<string, string> }).files;

/** The bundled example paths (`pods/simple-pod.yaml`, ...). */
export function examplePaths(): string[] {
  return Object.keys(FILES);
}

/** The text https://k8s.io/examples/<path> leads to, if it is bundled. */
export function exampleFile(path: string): string | undefined {
  return Object.hasOwn(FILES, path) ? FILES[path] : undefined;
}

/** nginx's own page for a status it answers without content (ngx_http_special_response.c), server_tokens off. */
function nginxPage(status: number, statusText: string): string {
  const title = `${status} ${statusText}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function response(status: number, statusText: string, contentType: string, body: string, extra: Record<string, string> = {}): WebResponse {
  return { status, statusText, headers: { 'Content-Type': contentType, 'Content-Length': String(utf8Length(body)), ...extra }, body };
}

function redirect(host: string, location: string): WebResponse {
  if (host === 'k8s.io') return response(301, 'Moved Permanently', 'text/html', nginxPage(301, 'Moved Permanently'), { Location: location });
  // Netlify and GitHub's CDN say where in the body's place.
  return response(301, 'Moved Permanently', 'text/plain; charset=utf-8', `Redirecting to ${location}`, { Location: location });
}

const notFound = (host: string): WebResponse =>
  host === 'raw.githubusercontent.com' ? response(404, 'Not Found', 'text/plain; charset=utf-8', '404: Not Found')
    : host === 'k8s.io' ? response(404, 'Not Found', 'text/html', nginxPage(404, 'Not Found'))
      // kubernetes.io's own 404 page (the site's HTML) is not reproduced: only its status is.
      : response(404, 'Not Found', 'text/plain; charset=utf-8', 'Not Found');

/**
 * info.cern.ch's home page as its Apache serves it (curl -v, October 2025): the file of 5 February 2014, 646 bytes,
 * with Apache's ETag of its size and time. The first website's other pages are not bundled.
 */
const INFO_CERN_PAGE = `<html><head></head><body><header>
<title>http://info.cern.ch</title>
</header>

<h1>http://info.cern.ch - home of the first website</h1>
<p>From here you can:</p>
<ul>
<li><a href="http://info.cern.ch/hypertext/WWW/TheProject.html">Browse the first website</a></li>
<li><a href="http://line-mode.cern.ch/www/hypertext/WWW/TheProject.html">Browse the first website using the line-mode browser simulator</a></li>
<li><a href="http://home.web.cern.ch/topics/birth-web">Learn about the birth of the web</a></li>
<li><a href="http://home.web.cern.ch/about">Learn about CERN, the physics laboratory where the web was born</a></li>
</ul>
</body></html>
`;

function infoCern(path: string, now: number): WebResponse {
  const p = path.split('?')[0];
  const date = rfc1123(now, 'GMT');
  if (p !== '/' && p !== '/index.html') {
    return { status: 404, statusText: 'Not Found', headers: { Date: date, Server: 'Apache', 'Content-Length': String(APACHE_NOT_FOUND_PAGE.length), Connection: 'close', 'Content-Type': 'text/html; charset=iso-8859-1' }, body: APACHE_NOT_FOUND_PAGE };
  }
  const headers = { Date: date, Server: 'Apache', 'Last-Modified': 'Wed, 05 Feb 2014 16:00:31 GMT', ETag: '"286-4f1aadb3105c0"', 'Accept-Ranges': 'bytes', 'Content-Length': String(INFO_CERN_PAGE.length), Connection: 'close', 'Content-Type': 'text/html' };
  return { status: 200, statusText: 'OK', headers, body: INFO_CERN_PAGE };
}

/** The ports each host answers on; what a host does on 443 that is not known (info.cern.ch) is not answered. */
export function servesPort(host: string, port: number): boolean {
  return port === 80 || (port === 443 && host !== 'info.cern.ch');
}

/** One request's answer; `path` is the request target as sent (path and query), `now` the time for a Date header. */
export function webAnswer(scheme: 'http' | 'https', host: string, path: string, now = 0): WebResponse {
  if (host === 'info.cern.ch') return infoCern(path, now);
  if (scheme === 'http') return redirect(host, `https://${host}${path}`);
  const p = path.split('?')[0];
  switch (host) {
    case 'k8s.io':
      return redirect(host, `https://kubernetes.io${path}`);
    case 'kubernetes.io': {
      // The Content-Type Netlify gives a .yaml file is not known here: the IANA type stands in for it. A file of no
      // registered type (configmap/game.properties) is application/octet-stream, as a wget of it in 2019 printed.
      const path = decodeURIComponent(p.slice('/examples/'.length));
      const file = p.startsWith('/examples/') ? exampleFile(path) : undefined;
      return file === undefined ? notFound(host) : response(200, 'OK', /\.ya?ml$/.test(path) ? 'application/yaml' : 'application/octet-stream', file);
    }
    case 'raw.githubusercontent.com': {
      const file = p.startsWith(EXAMPLES_RAW_PREFIX) ? exampleFile(decodeURIComponent(p.slice(EXAMPLES_RAW_PREFIX.length))) : undefined;
      return file === undefined ? notFound(host) : response(200, 'OK', 'text/plain; charset=utf-8', file);
    }
    default:
      return notFound(host);
  }
}
