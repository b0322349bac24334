/**
 * Part E's commands: completion, auth, plugin, certificate, proxy. Expected
 * help texts and completion openings come from the real kubectl v1.35.2
 * (testdata/part-e.json, testdata/gen-part-e.mjs); the other texts from
 * kubectl's sources (pkg/cmd/auth/cani.go, whoami.go, plugin/plugin.go,
 * completion/completion.go, proxy/proxy.go; cli-runtime's builder mappingFor).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { runScript } from '../../shell/script.js';
import { kubectlRunner } from '../test-helpers.js';

const fixture = JSON.parse(readFileSync(new URL('./testdata/part-e.json', import.meta.url), 'utf8')) as { help: Record<string, string>; completionHeads: Record<string, string> };

describe('--help is the real binary\'s', () => {
  const k = kubectlRunner(new Cluster({ seed: 1 }).boot());
  for (const [path, text] of Object.entries(fixture.help)) {
    it(`kubectl ${path} --help`, async () => {
      const r = await k.run([...path.split(' '), '--help']);
      expect(r.output).toBe(text);
    });
  }
});

describe('kubectl completion', () => {
  const k = kubectlRunner(new Cluster({ seed: 1 }).boot());
  for (const [shell, head] of Object.entries(fixture.completionHeads)) {
    it(`${shell}: begins as the real script`, async () => {
      const r = await k.run(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.output.startsWith(head)).toBe(true);
    });
  }
  it('argument errors (completion.go)', async () => {
    expect((await k.run(['completion'])).output).toBe("error: Shell not specified.\nSee 'kubectl completion -h' for help and examples\n");
    expect((await k.run(['completion', 'tcsh'])).output).toBe("error: Unsupported shell type \"tcsh\".\nSee 'kubectl completion -h' for help and examples\n");
    expect((await k.run(['completion', 'bash', 'zsh'])).output).toBe("error: Too many arguments. Expected only the shell type.\nSee 'kubectl completion -h' for help and examples\n");
  });
  it('source <(kubectl completion bash) works in the shell', async () => {
    const out = await runScript('source <(kubectl completion bash)\necho status=$?\ncat <(echo from-a-list)\n');
    expect(out).toBe('$ source <(kubectl completion bash)\n$ echo status=$?\nstatus=0\n$ cat <(echo from-a-list)\nfrom-a-list\n');
  });
});

describe('kubectl auth', () => {
  const k = kubectlRunner(new Cluster({ seed: 1 }).boot());
  it('can-i answers yes for the cluster admin, with cani.go warnings', async () => {
    expect((await k.run(['auth', 'can-i', 'create', 'deployments'])).output).toBe('yes\n');
    expect((await k.run(['auth', 'can-i', 'get', 'widgets'])).output).toBe("Warning: the server doesn't have a resource type 'widgets'\n\nyes\n");
    expect((await k.run(['auth', 'can-i', 'get', 'widgets.example.com'])).output).toBe("Warning: the server doesn't have a resource type 'widgets' in group 'example.com'\n\nyes\n");
    expect((await k.run(['auth', 'can-i', 'get', 'ingresses.networking.k8s.io'])).output).toBe('yes\n');
    expect((await k.run(['auth', 'can-i', 'get', 'jobs.batch'])).output).toBe('yes\n');
    expect((await k.run(['auth', 'can-i', 'list', 'nodes'])).output).toBe("Warning: resource 'nodes' is not namespace scoped\n\nyes\n");
    expect((await k.run(['auth', 'can-i', 'fly', 'pods'])).output).toBe("Warning: verb 'fly' is not a known verb\n\nyes\n");
    expect((await k.run(['auth', 'can-i', 'get', '/healthz'])).output).toBe('yes\n');
    expect((await k.run(['auth', 'can-i', '-q', 'get', 'pods'])).output).toBe('');
  });
  it('can-i argument errors', async () => {
    expect((await k.run(['auth', 'can-i', 'get'])).output).toBe("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n");
    expect((await k.run(['auth', 'can-i', '--list', 'get'])).output).toBe('error: list option must be specified with no arguments\n');
    expect((await k.run(['auth', 'can-i', '--no-headers', 'get', 'pods'])).output).toBe('error: --no-headers cannot be set without --list specified\n');
  });
  it('--list: rules broken down, compacted and sorted by PolicyRule.String()', async () => {
    const t = (await k.run(['auth', 'can-i', '--list'])).output.split('\n');
    expect(t[0]).toBe('Resources                                       Non-Resource URLs   Resource Names   Verbs');
    expect(t[1]).toBe('*.*                                             []                  []               [*]');
    expect(t[2]).toBe('                                                [*]                 []               [*]');
    expect(t[3].startsWith('selfsubjectreviews.authentication.k8s.io ')).toBe(true);
    expect(t.slice(6, 8).map((l) => l.trim())).toEqual(['[/api/*]            []               [get]', '[/api]              []               [get]']);
    expect(t.filter((l) => l.includes('[/healthz]'))).toHaveLength(2);
  });
  it('whoami prints the admin identity', async () => {
    expect((await k.run(['auth', 'whoami'])).output).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n');
  });
});

describe('plugin list and certificate', () => {
  const k = kubectlRunner(new Cluster({ seed: 1 }).boot());
  it('no plugins on PATH', async () => {
    const r = await k.run(['plugin', 'list']);
    expect(r.output).toBe('error: unable to find any kubectl plugins in your PATH\n');
    expect(r.code).toBe(1);
  });
  it('certificate approve: a CSR that does not exist', async () => {
    expect((await k.run(['certificate', 'approve', 'csr-1'])).output).toBe('Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "csr-1" not found\n');
    expect((await k.run(['certificate', 'deny'])).output).toBe('error: one or more CSRs must be specified as <name> or -f <filename>\n');
  });
});

describe('kubectl proxy', () => {
  it('serves the API on localhost:8001 to curl in the same terminal', async () => {
    const out = await runScript([
      'kubectl run web --image=nginx:1.27',
      'kubectl proxy &',
      // As a learner types the next line: the proxy loads its answering code before it listens (the clock waits).
      'sleep 1',
      'curl -s localhost:8001/api/v1/namespaces/default/pods | grep -E \'"(kind|name)": "(PodList|web)"\'',
      'curl -s localhost:8001/api/v1/namespaces/default/pods/nope | grep message',
      'curl -s localhost:8001/apis/apps/v1/namespaces/default/deployments | grep kind',
      'kubectl proxy',
    ].join('\n') + '\n');
    expect(out).toContain('Starting to serve on 127.0.0.1:8001\n');
    expect(out).toContain('  "kind": "PodList",\n');
    expect(out).toContain('        "name": "web",\n');
    expect(out).toContain('  "message": "pods \\"nope\\" not found",\n');
    expect(out).toContain('  "kind": "DeploymentList",\n');
    expect(out).toContain('error: listen tcp 127.0.0.1:8001: bind: address already in use\n');
  });

  it("answers /api/ as the docs' proxy walkthrough shows it, and a pod's log and status", async () => {
    const out = await runScript([
      'kubectl run web --image=nginx:1.27',
      'sleep 10',
      'kubectl proxy --port=8080 &',
      'curl -s http://localhost:8080/api/',
      'curl -s localhost:8080/api/v1/namespaces/default/pods/web/log | tail -1',
      'curl -s localhost:8080/api/v1/namespaces/default/pods/web/status | grep \'"phase"\'',
      'curl -s localhost:8080/api/v1/namespaces/default/configmaps/kube-root-ca.crt/status | grep \'"code"\'',
    ].join('\n') + '\n');
    expect(out).toContain('$ curl -s http://localhost:8080/api/\n{\n  "kind": "APIVersions",\n  "versions": [\n    "v1"\n  ],\n  "serverAddressByClientCIDRs": [\n    {\n      "clientCIDR": "0.0.0.0/0",\n      "serverAddress": "172.18.0.2:6443"\n    }\n  ]\n}\n');
    expect(out).toMatch(/log \| tail -1\n\d{4}\/\d\d\/\d\d [\d:]+ \[notice\] 1#1: start worker process 30\n/);
    expect(out).toContain('    "phase": "Running",\n');
    expect(out).toContain('  "code": 404\n');
  });

  it("passes kube-apiserver's bytes on: MarshalIndent with no newline, /version always indented, HTML escaped, and net/http's page for a path no web service owns", async () => {
    const out = await runScript([
      'kubectl run web --image=nginx:1.27',
      "kubectl annotate pod web note='<b> & co'",
      'kubectl proxy &',
      'sleep 1',
      'curl -s localhost:8001/api/v1/namespaces/default/pods/web | grep note',
      'curl -s localhost:8001/api; echo "|end"',
      'curl -s localhost:8001/nope; echo "|end"',
      'curl -s localhost:8001/api/v1/nopes',
      'wget -qO- localhost:8001/version | grep -E "emulationMinor|minCompatibilityMinor"',
      'kubectl get --raw /nope',
      'kubectl get --raw /version | head -3',
      'kubectl get --raw /api/v1/namespaces/default/pods/web | grep -o \'"note":"[^"]*"\'',
    ].join('\n') + '\n');
    expect(out).toContain('"note": "\\u003cb\\u003e \\u0026 co"');
    expect(out).toContain('  ]\n}|end\n');
    expect(out).toContain('$ curl -s localhost:8001/nope; echo "|end"\n404 page not found\n|end\n');
    expect(out).toContain('  "message": "the server could not find the requested resource",\n  "reason": "NotFound",\n  "details": {},\n  "code": 404\n}');
    expect(out).toContain('  "emulationMinor": "35",\n  "minCompatibilityMinor": "34",\n');
    expect(out).toContain('$ kubectl get --raw /nope\nError from server (NotFound): the server could not find the requested resource\n');
    expect(out).toContain('$ kubectl get --raw /version | head -3\n{\n  "major": "1",\n  "minor": "35",\n');
    expect(out).toContain('"note":"\\u003cb\\u003e \\u0026 co"');
  });
});
