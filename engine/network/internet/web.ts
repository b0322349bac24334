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

/** One request's answer; `path` is the request target as sent (path and query). */
export function webAnswer(scheme: 'http' | 'https', host: string, path: string): WebResponse {
  if (scheme === 'http') return redirect(host, `https://${host}${path}`);
  const p = path.split('?')[0];
  switch (host) {
    case 'k8s.io':
      return redirect(host, `https://kubernetes.io${path}`);
    case 'kubernetes.io': {
      // The Content-Type Netlify gives a .yaml file is not known here: the IANA type stands in for it.
      const file = p.startsWith('/examples/') ? exampleFile(decodeURIComponent(p.slice('/examples/'.length))) : undefined;
      return file === undefined ? notFound(host) : response(200, 'OK', 'application/yaml', file);
    }
    case 'raw.githubusercontent.com': {
      const file = p.startsWith(EXAMPLES_RAW_PREFIX) ? exampleFile(decodeURIComponent(p.slice(EXAMPLES_RAW_PREFIX.length))) : undefined;
      return file === undefined ? notFound(host) : response(200, 'OK', 'text/plain; charset=utf-8', file);
    }
    default:
      return notFound(host);
  }
}
