/**
 * The course site in headless Chromium: time from navigation to a ready
 * prompt with the cluster booted, and the gzipped JavaScript a lesson page
 * loads (page scripts and the engine worker). Builds the site unless
 * KUBELAB_SITE_DIST names a built one.
 */
import { gzipSync } from 'node:zlib';
import { rmSync } from 'node:fs';
import { report } from './report';
import { buildSite, launchChromium, serve } from '../test/browser/harness';

const LESSON = '/en/lessons/04-architecture';
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function pageBench(): Promise<void> {
  const given = process.env.KUBELAB_SITE_DIST;
  const dist = given ?? (await buildSite());
  const server = await serve(dist);
  const browser = await launchChromium();
  try {
    const toPrompt: number[] = [];
    const bootMs: number[] = [];
    let jsBytes = 0;
    let jsGzip = 0;
    let scripts = 0;
    for (let i = 0; i < RUNS; i++) {
      // A fresh context each time: nothing cached, no saved state.
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const bodies: Promise<Buffer | undefined>[] = [];
      ctx.on('response', (r) => {
        if (/\.m?js(\?|$)/.test(new URL(r.url()).pathname)) bodies.push(r.body().catch(() => undefined));
      });
      const page = await ctx.newPage();
      await page.goto(server.url + LESSON, { waitUntil: 'commit' });
      await page.waitForFunction('document.querySelector(".kl-terminal")?.getAttribute("data-state") === "prompt"', null, { timeout: 60_000, polling: 'raf' });
      toPrompt.push(await page.evaluate('performance.now()') as number);
      const text = await page.evaluate('document.querySelector(".kl-terminal .xterm-rows")?.textContent ?? ""') as string;
      const m = /\((\d+) ms\)|in (\d+) ms/.exec(text);
      if (m) bootMs.push(Number(m[1] ?? m[2]));
      if (i === 0) {
        for (const b of await Promise.all(bodies)) {
          if (!b) continue;
          scripts++;
          jsBytes += b.length;
          jsGzip += gzipSync(b, { level: 6 }).length;
        }
      }
      await ctx.close();
    }
    report('page', {
      lesson: LESSON,
      navigationToPromptMs: Math.round(median(toPrompt)),
      navigationToPromptRunsMs: toPrompt.map((x) => Math.round(x)).join(' '),
      clusterBootMs: bootMs.length ? median(bootMs) : 'n/a',
      scripts,
      jsKB: Math.round(jsBytes / 1024),
      jsGzipKB: Math.round(jsGzip / 1024),
    });
  } finally {
    await browser.close();
    await server.close();
    if (!given) rmSync(dist, { recursive: true, force: true });
  }
}
