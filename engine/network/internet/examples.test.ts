/**
 * The documentation's commands, end to end in a fresh cluster: `kubectl apply -f https://k8s.io/examples/...`
 * (the URL visitor through the node's network and the redirect chain), the pods those manifests make reaching
 * Running, a path outside the bundle and a host outside the lab, and `curl -LO` / `wget` on the node. Loading
 * the hosts' answers holds the clock: a fresh module graph and a loaded one print the same transcript.
 */
import { describe, expect, it, vi } from 'vitest';

async function freshRunScript(): Promise<(script: string) => Promise<string>> {
  vi.resetModules();
  const { runScript } = await import('../../shell/script.js');
  return (s) => runScript(s, { seed: 3 });
}

const APPLY = [
  'kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml',
  'kubectl apply -f https://k8s.io/examples/application/deployment.yaml',
  'kubectl apply -f https://k8s.io/examples/pods/inject/envars.yaml',
  'kubectl create namespace cpu-example',
  'kubectl apply -f https://k8s.io/examples/pods/resource/cpu-request-limit.yaml',
  'kubectl apply -f https://kubernetes.io/examples/application/php-apache.yaml',
  'kubectl apply -f https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/admin/dns/busybox.yaml',
  'kubectl apply -f https://k8s.io/examples/controllers/job.yaml',
  'sleep 90',
  'kubectl get pods -A --no-headers | grep -v kube-system',
  'kubectl logs envar-demo',
].join('\n');

describe('https://k8s.io/examples/... offline', () => {
  it('kubectl apply -f URL creates what the file says, and the pods run', async () => {
    const run = await freshRunScript();
    const out = await run(APPLY);
    for (const made of ['pod/nginx created', 'deployment.apps/nginx-deployment created', 'pod/envar-demo created', 'pod/cpu-demo created', 'deployment.apps/php-apache created', 'service/php-apache created', 'pod/busybox created', 'job.batch/pi created']) expect(out).toContain(made);
    const table = out.split('$ kubectl get pods -A --no-headers | grep -v kube-system\n')[1].split('$ ')[0].trim().split('\n');
    const status = Object.fromEntries(table.map((l) => l.trim().split(/\s+/)).map((c) => [c[1].replace(/-[a-z0-9]+-[a-z0-9]{5}$|-[a-z0-9]{5}$/, ''), c[3]]));
    expect(status).toEqual({ nginx: 'Running', 'nginx-deployment': 'Running', 'envar-demo': 'Running', 'cpu-demo': 'Running', 'php-apache': 'Running', busybox: 'Running', pi: 'Completed' });
    // hello-app's own log line, in Go's log format.
    expect(out).toMatch(/\$ kubectl logs envar-demo\n\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Server listening on port 8080\n/);
  });

  it('prints the same whether the examples were loaded before or not (the clock is held while they load)', async () => {
    const run = await freshRunScript();
    const fresh = await run(APPLY);
    expect(await run(APPLY)).toBe(fresh);
  });

  it('a path outside the bundle is the server\'s 404; a host outside the lab does not resolve, after three attempts', async () => {
    const run = await freshRunScript();
    const out = await run([
      'kubectl apply -f https://k8s.io/examples/pods/no-such.yaml; echo rc=$?',
      'date +%s',
      'kubectl create -f https://example.com/pod.yaml; echo rc=$?',
      'date +%s',
      'kubectl get pods',
    ].join('\n'));
    expect(out).toContain('error: unable to read URL "https://k8s.io/examples/pods/no-such.yaml", server reported 404 Not Found, status code=404\nrc=1\n');
    expect(out).toContain('error: Get "https://example.com/pod.yaml": dial tcp: lookup example.com on 127.0.0.53:53: no such host\nrc=1\n');
    const [t1, t2] = [...out.matchAll(/\$ date \+%s\n(\d+)\n/g)].map((m) => Number(m[1]));
    // readHttpWithRetries: three attempts, a second apart.
    expect(t2 - t1).toBeGreaterThanOrEqual(2);
    expect(out).toContain('No resources found in default namespace.');
  });

  it("curl -LO and wget on the node fetch the file through k8s.io's redirect; without -L curl shows the 301", async () => {
    const run = await freshRunScript();
    const out = await run([
      'curl -s https://k8s.io/examples/pods/simple-pod.yaml | head -1',
      'curl -sLO https://k8s.io/examples/pods/simple-pod.yaml; echo rc=$?',
      'kubectl apply -f simple-pod.yaml',
      'curl -sL https://k8s.io/examples/pods/no-such.yaml; echo; curl -fsSL https://k8s.io/examples/pods/no-such.yaml; echo rc=$?',
      'wget -q https://k8s.io/examples/admin/namespace-dev.yaml; echo rc=$?',
      'kubectl apply -f namespace-dev.yaml',
      'wget https://kubernetes.io/examples/pods/qos/qos-pod.yaml 2>&1 | grep -E "^(HTTP|Location|Saving)"',
    ].join('\n'));
    expect(out).toContain('$ curl -s https://k8s.io/examples/pods/simple-pod.yaml | head -1\n<html>\r\n');
    expect(out).toContain('rc=0\n$ kubectl apply -f simple-pod.yaml\npod/nginx created\n');
    // kubernetes.io's own 404 page is not reproduced (web.ts): only its status is.
    expect(out).toContain('no-such.yaml; echo rc=$?\nNot Found\ncurl: (22) The requested URL returned error: 404\nrc=22\n');
    expect(out).toContain('namespace/development created');
    expect(out).toContain([
      'HTTP request sent, awaiting response... 200 OK',
      'Saving to: ‘qos-pod.yaml’',
    ].join('\n'));
  });
});
