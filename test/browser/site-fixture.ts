/**
 * What every browser test file shares: the site built once for the file, a
 * static server and one Chromium (started before the tests, stopped after),
 * pages that collect uncaught errors and dialogs, and the wait for the lab's
 * prompt. Vitest hooks live here, not in harness.ts, which the page benchmark
 * imports outside vitest.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { rmSync } from 'node:fs';
import { buildSite, launchChromium, serve, type StaticServer } from './harness';

export interface Site {
  /** The static server's address (valid once the file's tests run). */
  readonly url: string;
  readonly browser: Browser;
  /** A page of the site at `path`, with its uncaught errors and dialogs collected in `errors`. */
  open(path: string, target?: Browser | BrowserContext, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
}

export function useSite(): Site {
  let dist = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    dist = await buildSite();
    server = await serve(dist);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });
  return {
    get url() { return server!.url; },
    get browser() { return browser!; },
    async open(path, target, viewport = { width: 1440, height: 900 }) {
      // A context already has its viewport; a browser's new page gets the one asked for.
      const page = target && !('newContext' in target) ? await target.newPage() : await (target ?? browser!).newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
      await page.goto(server!.url + path);
      return { page, errors };
    },
  };
}

/** The lab marks its terminal `data-state="prompt"` once the shell waits for a line. */
export async function waitForPrompt(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.kl-terminal')?.getAttribute('data-state') === 'prompt', null, { timeout });
}
