/**
 * The built site in real Chromium: lesson pages, the terminal, Run buttons,
 * the cluster map, both languages, learner text rendered as text, the 404
 * page and unreadable saved state. One build, one server, one browser.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSite, waitForPrompt } from './site-fixture';

const site = useSite();

const PROMPT = 'learner@control-plane:~$';

const open = (path: string, viewport?: { width: number; height: number }) => site.open(path, undefined, viewport);

/** The terminal's text, one string per row (xterm's DOM renderer keeps a row per div). */
async function rows(page: Page): Promise<string[]> {
  return page.$$eval('.kl-terminal .xterm-rows > div', (ds) => ds.map((d) => (d.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

async function waitForText(page: Page, re: RegExp, timeout = 20_000): Promise<void> {
  await page.waitForFunction((src) => new RegExp(src).test((document.querySelector('.kl-terminal .xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' ')), re.source, { timeout });
}

/** The terminal waits for a line of an interactive session (kubectl exec -it). */
async function waitForInteractive(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.kl-terminal')?.getAttribute('data-state') === 'interactive', null, { timeout: 20_000 });
}

async function type(page: Page, line: string): Promise<void> {
  await page.click('.kl-terminal');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

describe('course site in Chromium', () => {
  it('a Korean lesson page loads with the lab, a prompt, and kubectl get nodes lists three Ready nodes', async () => {
    const { page, errors } = await open('/lessons/04-architecture');
    expect(await page.getAttribute('html', 'lang')).toBe('ko-KR');
    expect(await page.textContent('h1')).toContain('클러스터 아키텍처');
    await waitForPrompt(page);
    // The terminal draws on the next animation frame: wait for the prompt's row, then read the rows.
    await page.waitForFunction((p) => Array.from(document.querySelectorAll('.kl-terminal .xterm-rows > div')).some((d) => (d.textContent ?? '').replace(/\u00a0/g, ' ').startsWith(p)), PROMPT, { timeout: 10_000 });
    expect((await rows(page)).some((r) => r.startsWith(PROMPT))).toBe(true);
    await type(page, 'kubectl get nodes');
    await waitForText(page, /worker-2 +Ready/);
    const table = (await rows(page)).filter((r) => /^(control-plane|worker-\d) /.test(r)).map((r) => r.split(/\s+/).slice(0, 3));
    expect(table).toEqual([['control-plane', 'Ready', 'control-plane'], ['worker-1', 'Ready', '<none>'], ['worker-2', 'Ready', '<none>']]);
    // Pod names on the map are drawn as typed: Inter's contextual alternates (which turn the "x" of
    // "coredns-…-2x4kb" into "×") are off.
    await page.waitForSelector('.kl-map .kl-pod-name');
    expect(await page.$eval('.kl-map .kl-pod-name', (e) => getComputedStyle(e).fontFeatureSettings)).toBe('"calt" 0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the English page renders the same lesson; a Run button types and runs its command', async () => {
    const { page, errors } = await open('/en/lessons/04-architecture');
    expect(await page.getAttribute('html', 'lang')).toBe('en-US');
    expect(await page.textContent('h1')).toContain('Cluster architecture');
    await waitForPrompt(page);
    const button = page.locator('.kl-run', { hasText: 'ls /etc/kubernetes/manifests' }).locator('button');
    await button.click();
    await waitForText(page, /kube-scheduler\.yaml/);
    const all = await rows(page);
    expect(all.some((r) => r === `${PROMPT} ls /etc/kubernetes/manifests`)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('kubectl apply -f as the first command reads the manifest with the YAML library, which the worker loads on demand', async () => {
    const { page, errors } = await open('/en/lessons/05-pods');
    await waitForPrompt(page);
    // Typed at once: before the idle prefetch, the first -f loads the library itself.
    await type(page, 'kubectl apply -f pod.yaml');
    await waitForText(page, /pod\/hello created/);
    await type(page, 'kubectl patch pod hello -p "metadata: {labels: {tier: demo}}"');
    await waitForText(page, /pod\/hello patched/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the cluster map shows the pods of a new Deployment, and the lab survives moving to the next lesson', async () => {
    const { page, errors } = await open('/en/lessons/05-pods');
    await waitForPrompt(page);
    await page.click('[data-testid="speed-60"]');
    await type(page, 'kubectl create deployment web --image=nginx:1.25 --replicas=2');
    await waitForText(page, /deployment\.apps\/web created/);
    await page.waitForSelector('[data-pod^="default/web-"]', { timeout: 20_000 });
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-pod^="default/web-"]')).filter((e) => e.getAttribute('data-status') === 'Running').length === 2, null, { timeout: 30_000 });
    // Pods sit inside worker boxes (the control plane is tainted).
    const nodes = await page.$$eval('[data-pod^="default/web-"]', (ps) => ps.map((p) => p.closest('[data-node]')?.getAttribute('data-node')));
    expect(nodes.every((n) => n === 'worker-1' || n === 'worker-2')).toBe(true);
    // Client-side navigation (the pager's "next" link) keeps the same cluster and terminal.
    await page.click('.VPDocFooter .pager-link.next');
    await page.waitForURL(/06-services/);
    await waitForPrompt(page);
    // The same terminal's earlier output is still there (polled: xterm paints on the next animation frame).
    await waitForText(page, /deployment\.apps\/web created/, 10_000);
    expect(await page.locator('[data-pod^="default/web-"]').count()).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a loop typed into kubectl exec -it prints as it runs, and Ctrl-C stops it and returns to the container prompt', async () => {
    const { page, errors } = await open('/en/lessons/05-pods');
    await waitForPrompt(page);
    await page.click('[data-testid="speed-60"]');
    await type(page, 'kubectl run bb --image=busybox -- sleep 3600 && kubectl wait --for=condition=Ready pod/bb');
    await waitForText(page, /pod\/bb condition met/);
    await waitForPrompt(page);
    await type(page, 'kubectl exec -it bb -- sh');
    await waitForInteractive(page);
    await type(page, 'while true; do echo tick-$((i=i+1)); sleep 1; done');
    // Lines appear while the loop still runs (before, nothing showed until the line was cut a day later).
    await waitForText(page, /tick-3/);
    await page.keyboard.press('Control+C');
    await waitForInteractive(page);
    // xterm paints its rows on the next animation frame, after the state attribute changes: wait for the paint.
    await page.waitForFunction(() => {
      const rs = Array.from(document.querySelectorAll('.kl-terminal .xterm-rows > div'), (d) => (d.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd());
      const marks = rs.filter((r) => r.startsWith('^C') || r.startsWith('/ #'));
      return marks.length >= 2 && marks[marks.length - 2] === '^C';
    }, null, { timeout: 10_000 });
    expect((await rows(page)).filter((r) => r.startsWith('^C') || r.startsWith('/ #')).slice(-2)).toEqual(['^C', '/ #']);
    await type(page, 'echo status=$?');
    await waitForText(page, /status=130/);
    await type(page, 'exit');
    await waitForPrompt(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('learner text that looks like HTML is shown as text in the pod panel and no script runs', async () => {
    const { page, errors } = await open('/en/lessons/05-pods');
    await waitForPrompt(page);
    const evil = '<img src=x onerror=window.__xss=1>';
    await type(page, 'kubectl run xss --image=nginx:1.25');
    await waitForText(page, /pod\/xss created/);
    await waitForPrompt(page);
    await type(page, `kubectl annotate pod xss 'note=${evil}'`);
    await waitForText(page, /pod\/xss annotated/);
    await page.waitForSelector('[data-pod="default/xss"]');
    await page.click('[data-pod="default/xss"]');
    await page.waitForSelector('[data-testid="annotations"]');
    expect(await page.textContent('[data-testid="annotations"]')).toContain(`note: ${evil}`);
    expect(await page.locator('[data-testid="pod-panel"] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the Break things menu opens inside the window beside the text', async () => {
    const { page, errors } = await open('/en/lessons/04-architecture', { width: 1440, height: 900 });
    await waitForPrompt(page);
    await page.click('.kl-inject > summary');
    const box = await page.locator('.kl-inject-menu').boundingBox();
    const lab = await page.locator('.kl-lab').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(lab!.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(1440);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("between 1200 and 1280 px nothing covers the lab's controls (VitePress's \"On this page\" bar did)", async () => {
    const { page, errors } = await open('/en/lessons/08-scaling', { width: 1240, height: 800 });
    await waitForPrompt(page);
    const covered = await page.evaluate(() => ['[data-testid=speed-1]', '[data-testid=forward-1]', '.kl-inject > summary', '[data-testid=reset]'].filter((sel) => {
      const el = document.querySelector(sel)!;
      const b = el.getBoundingClientRect();
      const top = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      return !top || !el.contains(top);
    }));
    expect(covered).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every internal link of the built site leads to a page, in both languages', async () => {
    // Every page the build wrote is in VitePress's hash map ("en_lessons_05-pods.md"), linked from anywhere or not.
    const index = await (await fetch(site.url + '/')).text();
    const hashMap = JSON.parse(JSON.parse(`"${/__VP_HASH_MAP__=JSON\.parse\("((?:[^"\\]|\\.)*)"\)/.exec(index)![1]}"`)) as Record<string, string>;
    const pages = Object.keys(hashMap).map((k) => '/' + k.replace(/\.md$/, '').replace(/_/g, '/').replace(/(^|\/)index$/, '$1'));
    const seen = new Set<string>(pages);
    const queue = [...pages];
    const broken: string[] = [];
    while (queue.length) {
      const from = queue.shift()!;
      const html = await (await fetch(site.url + from)).text();
      for (const m of html.matchAll(/href="(\/[^"#?]*)/g)) {
        const to = m[1];
        if (seen.has(to) || /\.(css|js|svg|png|ico|woff2|json|txt)$/.test(to)) continue;
        seen.add(to);
        const res = await fetch(site.url + to);
        if (res.status !== 200) broken.push(`${from} -> ${to} (${res.status})`);
        else queue.push(to);
      }
    }
    expect(broken).toEqual([]);
    // The crawl reached the lessons and exercises of both languages.
    expect([...seen].filter((p) => /^\/(en\/)?(lessons|exercises)\/./.test(p)).length).toBeGreaterThanOrEqual(2 * (9 + 22));
  });

  it("the Korean pages' own labels are Korean: exercise levels, the map's legend, the skip link, the 404 page", async () => {
    const { page, errors } = await open('/lessons/06-services');
    await waitForPrompt(page);
    expect(await page.$$eval('.kl-exercises .kl-badge', (b) => [...new Set(b.map((x) => x.textContent))].sort())).toEqual(['보통', '쉬움']);
    await page.waitForSelector('.kl-legend');
    expect(await page.textContent('.kl-legend')).toContain('실행 중');
    expect(await page.textContent('.VPSkipLink')).toBe('본문으로 건너뛰기');
    await page.goto(site.url + '/lessons/99-no-such-lesson');
    await page.waitForSelector('.NotFound');
    expect(await page.textContent('.NotFound .title')).toBe('페이지를 찾을 수 없습니다');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a broken lesson link shows the 404 page, with no lab', async () => {
    const { page } = await open('/lessons/99-no-such-lesson');
    await page.waitForSelector('.NotFound');
    expect(await page.textContent('.NotFound')).toContain('404');
    expect(await page.locator('.kl-lab').count()).toBe(0);
    await page.close();
  });

  it('unreadable saved state is discarded with a notice, and the lab still starts', async () => {
    const { page, errors } = await open('/en/lessons/01-why-orchestration');
    await page.evaluate(() => localStorage.setItem('kubelab.lab.v1', '{"version":1,"history":[42'));
    await page.goto(site.url + '/en/lessons/04-architecture');
    await waitForPrompt(page);
    await waitForText(page, /Saved lab state could not be read and was discarded\./);
    expect(await page.evaluate(() => localStorage.getItem('kubelab.lab.v1'))).toBeNull();
    await type(page, 'echo still-working');
    await waitForText(page, /^(?:.*\n)?.*still-working/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
