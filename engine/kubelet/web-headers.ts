/**
 * The response heads of the images' web servers, as the client sees them in `curl -i`/`-I`/`-v`: loaded with the
 * clients' code (the container tools and the node's curl register it), since nothing else shows a header. The
 * programs (programs.ts) decide status, body and type themselves; a probe or the load generator, which read the
 * status only, get the same answer before this module is there.
 */
import type { ImageInfo } from '../images/catalogue.js';
import type { HttpResponse } from './programs.js';
import { rfc1123 } from '../util/time.js';
import { utf8Length } from '../util/utf8.js';

/**
 * nginx's header filter (ngx_http_header_filter_module.c) writes Server, Date, Content-Type, Content-Length,
 * Last-Modified and Connection, then the headers list, where the static module put ETag (`"<mtime hex>-<length
 * hex>"`, ngx_http_set_etag) and Accept-Ranges. Its own error pages have no mtime: none of the three.
 */
export function nginx(res: HttpResponse, page: Page | undefined, now: number, close = false): HttpResponse {
  const length = utf8Length(res.body);
  const mtime = page && pageMtime(page);
  const h: Record<string, string> = { Server: res.headers.Server, Date: rfc1123(now, 'GMT'), 'Content-Type': page ? mimeType(page.file) : res.headers['Content-Type'], 'Content-Length': String(length) };
  if (mtime !== undefined) h['Last-Modified'] = rfc1123(mtime, 'GMT');
  // A client that sent `Connection: close` (busybox wget) is told so.
  h.Connection = close ? 'close' : 'keep-alive';
  if (mtime !== undefined) Object.assign(h, { ETag: `"${Math.floor(mtime / 1000).toString(16)}-${length.toString(16)}"`, 'Accept-Ranges': 'bytes' });
  return { ...res, headers: h, ordered: true };
}

/**
 * Apache httpd 2.4: Date and Server first, then for a file Last-Modified, ETag (FileETag MTime Size: `"<length
 * hex>-<mtime in µs hex>"`) and Accept-Ranges, then Content-Length and Content-Type. An HTTP/1.1 client that does
 * not ask for keep-alive gets no Connection or Keep-Alive header; one that asks to close gets `Connection: close`.
 */
export function apache(res: HttpResponse, page: Page | undefined, now: number, close = false): HttpResponse {
  const length = utf8Length(res.body);
  const mtime = page && pageMtime(page);
  const h: Record<string, string> = { Date: rfc1123(now, 'GMT'), Server: res.headers.Server };
  if (mtime !== undefined) {
    Object.assign(h, { 'Last-Modified': rfc1123(mtime, 'GMT'), ETag: `"${length.toString(16)}-${(BigInt(Math.floor(mtime / 1000)) * 1_000_000n).toString(16)}"`, 'Accept-Ranges': 'bytes' });
  }
  h['Content-Length'] = String(length);
  // ap_set_keepalive: an HTTP/1.1 client that sent `Connection: close` gets it back.
  if (close) h.Connection = 'close';
  h['Content-Type'] = page ? mimeType(page.file) : res.headers['Content-Type'];
  return { ...res, headers: h, ordered: true };
}

/** A file the server sends: the image it comes from, its path and text, and when its container started. */
export interface Page { image: ImageInfo; file: string; text: string; startedAt: number }

/**
 * When the image's packages wrote its stock pages, as each image's server shows them (Last-Modified of index.html
 * in `curl -I` of these tags): nginx's Debian packages build them with the release, httpd's index.html dates from
 * 2007. Tags missing here (nginx 1.24, 1.26, the alpine variant, nginx-slim) are not known.
 */
const STOCK_PAGES: Record<string, string> = {
  'docker.io/library/nginx:1.14.2': '2018-12-04T14:44:49Z',
  'docker.io/library/nginx:1.16.1': '2019-08-13T10:05:00Z',
  'docker.io/library/nginx:1.25.5': '2024-04-16T14:29:59Z',
  'docker.io/library/nginx:1.27.5': '2025-04-16T12:01:11Z',
  'docker.io/library/nginx:1.28.0': '2025-04-23T11:48:54Z',
  'docker.io/library/nginx:1.29.3': '2025-10-28T12:05:10Z',
  'docker.io/library/httpd:2.4.65': '2007-06-11T18:53:14Z',
};

/**
 * A served file's mtime: an image's stock page has its package's; a file from a volume or written since is taken
 * as written when the container started (the kubelet fills volumes then).
 */
function pageMtime({ image, file, text, startedAt }: Page): number {
  const stock = image.files[file] === text ? STOCK_PAGES[`${image.repository}:${image.version}`] : undefined;
  return stock ? Date.parse(stock) : startedAt;
}

/** The types of nginx's and Apache's mime.types for the files a lesson serves; others are application/octet-stream. */
const MIME: Record<string, string> = {
  html: 'text/html', htm: 'text/html', css: 'text/css', txt: 'text/plain', js: 'application/javascript',
  json: 'application/json', xml: 'text/xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml',
};

function mimeType(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot > file.lastIndexOf('/') && MIME[file.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

/** kube-proxy's health check answers come with the clients too: only they ask for them. */
export { healthCheckedService, proxierHealthAnswer, serviceHealthAnswer } from '../network/service-health.js';
