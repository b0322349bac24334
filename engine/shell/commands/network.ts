/**
 * wget and ping on the node (curl is engine/network/commands/node-curl.ts; nslookup, dig and host are
 * engine/network/commands/dnsutils.ts): they ask
 * the cluster network (ctx.network, provided by the networking model). Without it they fail as
 * on a host that cannot reach that network: names do not resolve, addresses refuse. Texts are
 * wget 1.21's and iputils' as on Ubuntu 24.04.
 */
import { parseUrl, type ParsedUrl } from '../../network/commands/url.js';
import { loadInternetFor } from '../../network/internet/hosts.js';
import type { CommandSpec, HttpResult, NetworkOrigin, ProcessContext } from '../process.js';
import { dateTime } from './date.js';
import { HOSTNAME } from './misc.js';

/** The node the shell runs on (`ssh` moves it). */
/** Where the node's network commands start from: the node the shell runs on. */
export const from = (ctx: ProcessContext): NetworkOrigin => ({ node: ctx.host?.node ?? HOSTNAME });
export const IP = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;

async function request(ctx: ProcessContext, url: ParsedUrl, method: string, headers: Record<string, string>, body?: string): Promise<HttpResult> {
  if (ctx.network) return ctx.network.request({ method, host: url.host, port: url.port, path: url.path, headers, body }, from(ctx), ctx.signal);
  if (url.host === 'localhost' || IP.test(url.host)) return { ok: false, error: 'refused', ip: url.host === 'localhost' ? '127.0.0.1' : url.host };
  return { ok: false, error: 'resolve' };
}

export const wget: CommandSpec = {
  name: 'wget',
  summary: 'the non-interactive network downloader',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let quiet = false;
    let out: string | undefined;
    const urls: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-q' || a === '--quiet') quiet = true;
      else if (a === '-O') out = args[++i];
      else if (a.startsWith('-O')) out = a.slice(2);
      else if (a.startsWith('-qO')) { quiet = true; out = a.slice(3) || args[++i]; }
      else if (a === '-T' || a === '--timeout') i++;
      else if (a.startsWith('-')) continue;
      else urls.push(a);
    }
    if (urls.length === 0) { ctx.stderr.write("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n"); return 1; }
    await loadInternetFor(urls, () => (ctx.hold ? ctx.hold() : ctx.cluster.clock.hold()));
    const log = (s: string) => { if (!quiet) ctx.stderr.write(s); };
    // The file is named after the URL as given, whatever the redirects.
    const first = parseUrl(urls[0])!;
    let url = first;
    for (let redirects = 0; ; redirects++) {
      const full = `${url.scheme}://${url.host}${url.port !== (url.scheme === 'https' ? 443 : 80) ? `:${url.port}` : ''}${url.path}`;
      log(`--${dateTime(ctx.cluster.clock.now())}--  ${full}\n`);
      const res = await request(ctx, url, 'GET', {});
      if (!res.ok) {
        if (res.error === 'resolve') {
          log(`Resolving ${url.host} (${url.host})... failed: Name or service not known.\n`);
          if (!quiet) ctx.stderr.write(`wget: unable to resolve host address ‘${url.host}’\n`);
          return 4;
        }
        const ip = res.ip ?? url.host;
        log(IP.test(url.host) ? `Connecting to ${ip}:${url.port}... ` : `Resolving ${url.host} (${url.host})... ${ip}\nConnecting to ${url.host} (${url.host})|${ip}|:${url.port}... `);
        log(res.error === 'refused' ? 'failed: Connection refused.\n' : 'failed: Connection timed out.\n');
        return 4;
      }
      log(IP.test(url.host) ? `Connecting to ${res.ip}:${url.port}... connected.\n` : `Resolving ${url.host} (${url.host})... ${resolvedList(res.addresses ?? [res.ip])}\nConnecting to ${url.host} (${url.host})|${res.ip}|:${url.port}... connected.\n`);
      log(`HTTP request sent, awaiting response... ${res.status} ${res.statusText}\n`);
      const location = res.headers.Location ?? res.headers.location;
      if (location && res.status >= 300 && res.status < 400) {
        if (redirects >= WGET_MAX_REDIRECTS) {
          log(`${WGET_MAX_REDIRECTS} redirections exceeded.\n`);
          return 8;
        }
        log(`Location: ${location} [following]\n`);
        url = parseUrl(new URL(location, full).toString())!;
        continue;
      }
      if (res.status >= 400) {
        log(`${dateTime(ctx.cluster.clock.now())} ERROR ${res.status}: ${res.statusText}.\n\n`);
        return 8;
      }
      if (out === '-') { ctx.stdout.write(res.body); return 0; }
      const file = out ?? (first.path.split('?')[0].replace(/\/$/, '').split('/').pop() || 'index.html');
      ctx.fs.writeFile(ctx.fs.resolve(ctx.cwd, file), res.body);
      // Length names the media type without its parameters.
      const type = (res.headers['Content-Type'] ?? res.headers['content-type'] ?? 'text/html').split(';')[0];
      log(`Length: ${res.body.length} [${type}]\nSaving to: ‘${file}’\n\n`);
      log(`${dateTime(ctx.cluster.clock.now())} - ‘${file}’ saved [${res.body.length}/${res.body.length}]\n\n`);
      return 0;
    }
  },
};

/** wget's default --max-redirect. */
const WGET_MAX_REDIRECTS = 20;

/** The addresses wget's "Resolving" line shows: the first three, then an ellipsis. */
function resolvedList(addresses: string[]): string {
  return addresses.slice(0, 3).join(', ') + (addresses.length > 3 ? ', ...' : '');
}
