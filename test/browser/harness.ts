/**
 * What the browser tests and the page benchmark share: build the site once,
 * serve the built files on 127.0.0.1, and launch headless Chromium (the one
 * @sparticuz/chromium ships, or CHROMIUM_PATH) through playwright-core.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium as playwright, type Browser } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the site into a fresh temporary folder (never the shared docs/.vitepress/dist) and returns it. */
export async function buildSite(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'kubelab-site-'));
  await new Promise<void>((ok, fail) => {
    const p = spawn(process.execPath, [join(ROOT, 'node_modules/vitepress/bin/vitepress.js'), 'build', 'docs', '--outDir', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    p.stdout.on('data', (d) => (log += d));
    p.stderr.on('data', (d) => (log += d));
    p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`vitepress build failed (${code}):\n${log.slice(-4000)}`))));
  });
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain',
};

export interface StaticServer { url: string; close(): Promise<void> }

/** Serves `dir` as a static host with clean URLs would: /a/b → /a/b.html, unknown paths → 404.html with status 404. */
export async function serve(dir: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const safe = normalize(path).replace(/^(\.\.[/\\])+/, '');
    const candidates = [join(dir, safe), join(dir, safe + '.html'), join(dir, safe, 'index.html')];
    const file = candidates.find((f) => f.startsWith(dir) && existsSync(f) && statSync(f).isFile());
    if (!file) {
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      createReadStream(join(dir, '404.html')).pipe(res);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

export async function launchChromium(): Promise<Browser> {
  let executablePath = process.env.CHROMIUM_PATH;
  let args: string[] = [];
  if (!executablePath) {
    const mod = (await import('@sparticuz/chromium')) as unknown as { default: { executablePath(): Promise<string>; args: string[] } };
    executablePath = await mod.default.executablePath();
    // --single-process (meant for AWS Lambda) ends the browser when a page closes; same-origin checks stay on.
    args = mod.default.args.filter((a) => a !== '--single-process' && a !== '--disable-web-security');
  }
  return playwright.launch({ executablePath, args, headless: true });
}
