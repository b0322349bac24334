/**
 * Pod Security Admission as a kubeadm v1.35 cluster runs it (PodSecurity enabled, default configuration: nothing
 * changes until a namespace has pod-security.kubernetes.io labels). Steps and outputs from kubernetes/website:
 * tutorials/security/ns-level-pss.md, cluster-level-pss.md (the --dry-run=server label step),
 * tasks/configure-pod-container/enforce-standards-namespace-labels.md and concepts/security/pod-security-admission.md;
 * message texts from k8s.io/pod-security-admission v0.35 (admission/admission.go, policy/check_*.go).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession, WARNING } from '../../engine/shell/interactive-test-helpers.js';

const RESTRICTED_WARNING = `${WARNING} would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")\n`;

describe('Apply Pod Security Standards at the Namespace Level', () => {
  it('warns at restricted and enforces baseline in the labelled namespace only', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl create ns example')).out).toBe('namespace/example created\n');
    expect((await run('kubectl label --overwrite ns example pod-security.kubernetes.io/warn=baseline pod-security.kubernetes.io/warn-version=latest')).out)
      .toBe('namespace/example labeled\n');
    expect((await run(`kubectl label --overwrite ns example \\
  pod-security.kubernetes.io/enforce=baseline \\
  pod-security.kubernetes.io/enforce-version=latest \\
  pod-security.kubernetes.io/warn=restricted \\
  pod-security.kubernetes.io/warn-version=latest \\
  pod-security.kubernetes.io/audit=restricted \\
  pod-security.kubernetes.io/audit-version=latest`)).out).toBe('namespace/example labeled\n');
    expect((await run('kubectl apply -n example -f https://k8s.io/examples/security/example-baseline-pod.yaml')).out)
      .toBe(RESTRICTED_WARNING + 'pod/nginx created\n');
    expect((await run('kubectl apply -n default -f https://k8s.io/examples/security/example-baseline-pod.yaml')).out).toBe('pod/nginx created\n');

    // enforce=baseline refuses what baseline forbids, with the whole list of reasons and their details.
    const privileged = (await run(`kubectl run priv -n example --image=nginx --overrides='{"spec":{"hostNetwork":true,"containers":[{"name":"priv","image":"nginx","securityContext":{"privileged":true}}]}}'`));
    expect(privileged.out).toBe('Error from server (Forbidden): pods "priv" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), privileged (container "priv" must not set securityContext.privileged=true)\n');
    expect((await run('kubectl get pod priv -n example')).out).toBe('Error from server (NotFound): pods "priv" not found\n');
  });
});

describe('Enforce Pod Security Standards with Namespace Labels', () => {
  it('a dry run of a stricter enforce level lists the existing pods that violate it, grouped', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create ns apps');
    await run('sleep 1'); // the namespace's default ServiceAccount
    await run('kubectl create deployment web -n apps --image=nginx --replicas=3');
    await run('kubectl run single -n apps --image=nginx');
    await run('sleep 5');
    // The three pods of the Deployment and the single pod violate restricted for the same reasons: one line.
    const out = (await run('kubectl label --dry-run=server --overwrite ns apps pod-security.kubernetes.io/enforce=restricted')).out;
    const lines = out.split('\n');
    expect(lines[0]).toBe(`${WARNING} existing pods in namespace "apps" violate the new PodSecurity enforce level "restricted:latest"`);
    expect(lines[1]).toBe(`${WARNING} single (and 3 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile`);
    expect(lines.slice(2)).toEqual(['namespace/apps labeled (server dry run)', '']);
    // A dry run changes nothing: creating a pod is still allowed.
    expect((await run('kubectl get ns apps --show-labels')).out).not.toContain('enforce');
    expect((await run('kubectl run after -n apps --image=nginx')).out).toBe('pod/after created\n');
  });

  it('--all across the namespaces: kube-system\'s pods violate baseline, the others have none', async () => {
    const { run } = await interactiveSession();
    const out = (await run('kubectl label --dry-run=server --overwrite ns --all pod-security.kubernetes.io/enforce=baseline')).out;
    const lines = out.split('\n');
    // kubectl v1.35 marks a server dry run's result (the docs' outputs predate that).
    expect(lines.slice(0, 3)).toEqual(['namespace/default labeled (server dry run)', 'namespace/kube-node-lease labeled (server dry run)', 'namespace/kube-public labeled (server dry run)']);
    expect(lines[3]).toBe(`${WARNING} existing pods in namespace "kube-system" violate the new PodSecurity enforce level "baseline:latest"`);
    // kubeadm's static pods share the host network, declare their probe port (a hostPort once defaulted for the host
    // network) and probe a host (v1.34+); kube-proxy adds capabilities and hostPath volumes.
    expect(lines[5]).toMatch(/^\u001b\[33;1mWarning:\u001b\[0m kube-proxy-[a-z0-9]{5} \(and 2 other pods\): non-default capabilities, host namespaces, hostPath volumes$/);
    expect(lines[4]).toBe(`${WARNING} etcd-control-plane (and 3 other pods): host namespaces, hostPath volumes, hostPort, probe or lifecycle host`);
    expect(lines.slice(6)).toEqual(['namespace/kube-system labeled (server dry run)', '']);
    // privileged never warns.
    const privileged = (await run('kubectl label --dry-run=server --overwrite ns --all pod-security.kubernetes.io/enforce=privileged')).out;
    expect(privileged).toBe(['default', 'kube-node-lease', 'kube-public', 'kube-system'].map((n) => `namespace/${n} labeled (server dry run)\n`).join(''));
  });

  it('an invalid level or version in a label is refused with the field errors, and changes nothing', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl create ns bad')).out).toBe('namespace/bad created\n');
    expect((await run('kubectl label ns bad pod-security.kubernetes.io/enforce=strict pod-security.kubernetes.io/warn-version=1.35')).out).toBe(
      'The Namespace "bad" is invalid: \n'
      + '* metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted\n'
      + '* metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.35": must be "latest" or "v1.x"\n');
    expect((await run('kubectl get ns bad -o jsonpath={.metadata.labels}')).out).toBe('{"kubernetes.io/metadata.name":"bad"}');
  });
});

describe('Pod Security Admission: workload resources and controllers', () => {
  it('a Deployment is warned about, its ReplicaSet cannot create pods, and says why', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create ns locked');
    expect((await run('kubectl label ns locked pod-security.kubernetes.io/enforce=restricted')).out).toBe('namespace/locked labeled\n');
    // enforce without warn: warn takes the enforce level, so the Deployment (never enforced) gets the warning.
    expect((await run('kubectl create deployment web -n locked --image=nginx')).out).toBe(
      `${WARNING} would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")\n`
      + 'deployment.apps/web created\n');
    await run('sleep 5');
    const rs = (await run('kubectl get rs -n locked')).out.split('\n');
    expect(rs[1]).toMatch(/^web-[a-z0-9]{9,10}\s+1\s+0\s+0\s+\S+$/);
    const describe = (await run('kubectl describe rs -n locked')).out;
    expect(describe).toMatch(/Warning\s+FailedCreate\s+\S+\s+replicaset-controller\s+Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "nginx" must set securityContext.allowPrivilegeEscalation=false\), unrestricted capabilities/);
    const conditions = (await run(`kubectl get deploy web -n locked -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}{"\\n"}{end}'`)).out;
    expect(conditions).toContain('ReplicaFailure=True FailedCreate\n');

    // --warnings-as-errors: the write is done, and kubectl fails after it (cmd.go's PersistentPostRunE).
    const strict = await run('kubectl create deployment web2 -n locked --image=nginx --warnings-as-errors');
    expect(strict.out).toMatch(/^\u001b\[33;1mWarning:\u001b\[0m would violate PodSecurity "restricted:latest": .*\ndeployment\.apps\/web2 created\nerror: 1 warning received\n$/);
    expect(strict.status).toBe(1);
    // A pod that meets restricted is created, without a warning.
    const ok = await run(`kubectl run ok -n locked --image=nginx --overrides='{"spec":{"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[{"name":"ok","image":"nginx","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}'`);
    expect(ok.out).toBe('pod/ok created\n');
  });
});

describe('Pod Security Admission over HTTP', () => {
  it('the warning is a 299 Warning header; the refusal a 403 Status', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create ns w');
    await run('kubectl label ns w pod-security.kubernetes.io/warn=baseline pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=v1.30');
    await run('sleep 1');
    await run('kubectl proxy >/dev/null 2>&1 &');
    await run('sleep 1');
    const body = `'{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}}}]}}'`;
    const hostPorts = `'{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80,"hostPort":8080}]}]}}}}'`;
    const created = (await run(`curl -s -i -X POST -H 'Content-Type: application/json' -d ${body} localhost:8001/api/v1/namespaces/w/pods`)).out;
    expect(created).not.toContain('Warning:');
    const warned = (await run(`curl -s -i -X POST -H 'Content-Type: application/json' -d ${hostPorts} localhost:8001/apis/apps/v1/namespaces/w/deployments`)).out;
    expect(warned).toContain('Warning: 299 - "would violate PodSecurity \\"baseline:latest\\": hostPort (container \\"c\\" uses hostPort 8080)"\r\n');
    const refused = (await run(`curl -s -X POST -H 'Content-Type: application/json' -d '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"q"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}' localhost:8001/api/v1/namespaces/w/pods`)).out;
    expect(JSON.parse(refused)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods "q" is forbidden: violates PodSecurity "restricted:v1.30": allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
      reason: 'Forbidden', details: { name: 'q', kind: 'pods' }, code: 403,
    });
  });
});
