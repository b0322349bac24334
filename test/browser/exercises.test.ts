/**
 * The exercise pages in real Chromium: an exercise is set up in the lab, its
 * tasks fail at first with what the checker saw, the solution (behind a
 * confirmation) runs through its Run buttons into the terminal, the tasks
 * pass and show their explanation, progress is saved and reaches the
 * overview in another tab, and unreadable progress is discarded with a notice.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useSite, waitForPrompt as waitForLabPrompt } from './site-fixture';

const site = useSite();
const open = (context: BrowserContext, path: string) => site.open(path, context);

const termState = (page: Page) => page.getAttribute('.kl-terminal', 'data-state');

const waitForPrompt = (page: Page, timeout = 60_000) => waitForLabPrompt(page, timeout);

async function terminalText(page: Page): Promise<string> {
  return (await page.textContent('.kl-terminal .xterm-rows'))?.replace(/\u00a0/g, ' ') ?? '';
}

describe('exercise pages in Chromium', () => {
  it('sets the exercise up, fails with what it saw, then passes after the solution runs through its Run buttons', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const { page, errors } = await open(context, '/en/exercises/scale-kubectl');
    await waitForPrompt(page);
    await page.waitForSelector('[data-check="shop-five"][data-status="fail"]');
    expect(await page.textContent('[data-check="shop-five"] .kl-ex-check-msg')).toBe('Deployment shop asks for 2 replicas; the goal is 5.');
    expect(await page.textContent('[data-testid=exercise-status]')).toBe('0 of 1 tasks done');
    expect(await page.$('.kl-ex-explanation')).toBeNull();

    // Hints one at a time.
    await page.click('[data-testid=exercise-hint]');
    expect(await page.$$eval('.kl-ex-hint', (h) => h.length)).toBe(1);
    expect(await page.textContent('[data-testid=exercise-hint]')).toContain('Show hint 2 of 3');

    // The solution stays hidden until confirmed.
    expect(await page.$('[data-testid=solution-run]')).toBeNull();
    await page.click('[data-testid=solution-show]');
    expect(await page.textContent('.kl-ex-confirm')).toContain('Show the reference solution?');
    await page.click('[data-testid=solution-confirm]');
    const lines = await page.$$eval('.kl-ex-lines code', (c) => c.map((x) => x.textContent));
    expect(lines).toEqual(['kubectl scale deployment shop --replicas=5', 'kubectl rollout status deployment/shop', 'kubectl get deployment shop']);
    for (let i = 0; i < lines.length; i++) {
      await page.click(`.kl-ex-lines li:nth-child(${i + 1}) [data-testid=solution-run]`);
      await page.waitForFunction((l) => (document.querySelector('.kl-terminal .xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' ').includes(l), lines[i]!.slice(0, 40));
      await waitForPrompt(page);
    }
    expect(await terminalText(page)).toContain('deployment.apps/shop scaled');
    await page.waitForSelector('[data-task="five"][data-passed="true"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=exercise-status]')).toBe('Every task passed. Well done!');
    expect(await page.textContent('.kl-ex-explanation')).toContain('scale subresource');
    expect(await page.textContent('[data-check="shop-five"] .kl-ex-check-msg')).toMatch(/^Deployment shop has 5\/5 ready replicas/);

    const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('kubelab.exercises'))) ?? 'null');
    expect(stored.version).toBe(1);
    expect(stored.exercises['scale-kubectl'].tasks.five.passedAt).toBeGreaterThan(0);
    expect(stored.exercises['scale-kubectl'].tasks.five.hints).toBe(1);
    expect(stored.exercises['scale-kubectl'].solutionShown).toBe(true);

    // Back to the lesson: the lab leaves the exercise's cluster for a plain one.
    await page.click('.kl-ex-meta a[href$="/lessons/08-scaling"]');
    await page.waitForSelector('[data-testid=exercise]', { state: 'detached' });
    await page.waitForFunction(() => !(document.querySelector('.kl-terminal .xterm-rows')?.textContent ?? '').includes('deployment.apps/shop scaled'));
    await waitForPrompt(page);
    await page.click('.kl-terminal');
    await page.keyboard.type('kubectl get deployments');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('.kl-terminal .xterm-rows')?.textContent ?? '').includes('No resources found in default namespace.'));
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('progress from one tab reaches the Korean overview open in another, and Reset starts the exercise again', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const overview = await open(context, '/exercises/');
    await overview.page.waitForSelector('[data-testid=overview-summary]');
    expect(await overview.page.textContent('[data-testid=overview-summary]')).toMatch(/^과제 \d+개 중 0개 완료$/);
    const total = Number(/과제 (\d+)개/.exec((await overview.page.textContent('[data-testid=overview-summary]'))!)![1]);
    expect(total).toBeGreaterThanOrEqual(20);

    const { page, errors } = await open(context, '/exercises/scale-kubectl');
    await waitForPrompt(page);
    await page.waitForSelector('[data-check="shop-five"][data-status="fail"]');
    await page.click('.kl-terminal');
    await page.keyboard.type('kubectl scale deployment shop --replicas=5');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-task="five"][data-passed="true"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=exercise-status]')).toBe('모든 과제를 통과했습니다. 잘했습니다!');

    // The other tab learns of it through the storage event, without a reload.
    await overview.page.waitForFunction(() => document.querySelector('[data-exercise="scale-kubectl"]')?.getAttribute('data-state') === 'done');
    expect(await overview.page.textContent('[data-testid=overview-summary]')).toBe(`과제 ${total}개 중 1개 완료`);

    // Reset: a fresh cluster with the exercise set up again; the saved progress stays.
    await page.click('[data-testid=exercise-reset]');
    await page.waitForSelector('[data-check="shop-five"][data-status="fail"]', { timeout: 60_000 });
    expect(await termState(page)).toBe('prompt');
    expect(await page.textContent('[data-task="five"] .kl-ex-mark')).toBe('↺');
    expect(await overview.page.textContent('[data-testid=overview-summary]')).toBe(`과제 ${total}개 중 1개 완료`);
    expect([...errors, ...overview.errors]).toEqual([]);
    await context.close();
  }, 240_000);

  it('unreadable saved progress is discarded with a notice', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Written from a page that does not read progress, so nothing discards it before the overview loads.
    const first = await open(context, '/en/');
    await first.page.evaluate(() => localStorage.setItem('kubelab.exercises', '{"version":1,"exercises":{"x":{"startedAt":"yesterday"}}}'));
    await first.page.goto(site.url + '/en/exercises/');
    await first.page.waitForSelector('.kl-ex-notice');
    expect(await first.page.textContent('.kl-ex-notice')).toBe('Saved exercise progress could not be read and was discarded.');
    expect(await first.page.evaluate(() => localStorage.getItem('kubelab.exercises'))).toBeNull();
    expect(await first.page.textContent('[data-testid=overview-summary]')).toMatch(/^0 of \d+ exercises done$/);
    expect(first.errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('wraps a task whose text holds a long address inside its box', async () => {
    const { page, errors } = await site.open('/en/exercises/service-cross-namespace', undefined, { width: 1280, height: 900 });
    await waitForPrompt(page);
    await page.waitForSelector('[data-status]');
    // http://catalog.catalog.svc.cluster.local in task 1 ran past the box (a flex item keeps its content's width).
    expect(await page.$$eval('.kl-ex-task', (ts) => ts.filter((t) => t.scrollWidth > t.clientWidth + 1).length)).toBe(0);
    expect(errors).toEqual([]);
  });
});
