import { buildSite, serve, launchChromium } from '../../test/browser/harness.js';
const dist = process.env.DIST || (await buildSite());
const server = await serve(dist);
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const errors: string[] = [];
page.on('pageerror', (e) => errors.push(String(e)));
async function type(line: string) {
  await page.click('.kl-terminal');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
async function waitText(re: RegExp, timeout = 60000) {
  await page.waitForFunction((src) => new RegExp(src).test((document.querySelector('.kl-terminal .xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' ')), re.source, { timeout });
}
const lang = process.env.LANG_PATH || '/en/lessons/06-services';
await page.goto(server.url + lang);
await page.waitForFunction(() => document.querySelector('.kl-terminal')?.getAttribute('data-state') === 'ready' || !!document.querySelector('.kl-terminal .xterm-rows'), null, { timeout: 60000 });
await waitText(/learner@control-plane/);
await page.click('[data-testid="speed-60"]');
await type('clear');
await type('kubectl apply -f https://k8s.io/examples/application/deployment.yaml');
await waitText(/deployment.apps\/nginx-deployment created/);
await type('kubectl run c --image=curlimages/curl --restart=Never -- sleep 3600');
await type('sleep 20; kubectl get pods');
await waitText(/c +1\/1 +Running/);
await type(`kubectl exec c -- sh -c 'for i in $(seq 1 5); do echo $((i % 2)); done | sort | uniq -c'`);
await waitText(/3 1/);
await type(`kubectl exec c -- sh -c 'SA=/var/run/secrets/kubernetes.io/serviceaccount; curl -s --cacert $SA/ca.crt -H "Authorization: Bearer $(cat $SA/token)" https://kubernetes.default.svc/api'`);
await waitText(/serverAddressByClientCIDRs/);
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/shot1.png' });
await type('clear');
await type(`kubectl exec c -- curl -s https://kubernetes.default.svc/api/v1/namespaces/default/pods; echo; kubectl exec c -- ls -la /var/run/secrets/kubernetes.io/serviceaccount`);
await waitText(/\.\.data ->/);
await type('kubectl exec c -- uname -a; kubectl get --raw /api/ ');
await waitText(/172\.18\.0\.2:6443/);
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/shot2.png' });
console.log('errors', JSON.stringify(errors));
await browser.close();
await server.close();
