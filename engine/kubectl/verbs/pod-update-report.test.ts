/**
 * The report under a refused pod update, through kubectl and the shell: ValidatePodUpdate's Forbidden
 * detail (pkg/apis/core/validation/validation.go, release-1.35) is the list of what may change, a newline,
 * and cmp.Diff(oldPod.Spec, mungedPodSpec) of the internal core.PodSpec (go-cmp v0.7.0).
 *
 * Where a real cluster's output was published, the expected text is that output: kubernetes/website issue
 * #45079 (v1.29, `kubectl patch` of the QoS example's resources), argoproj/argo-rollouts issue #2793 (an
 * istio-injected pod; its first lines) and amaizfinance/redis-operator issue #28 (v1.19, a seccomp profile
 * added to a StatefulSet's pod). The last is from a release whose internal PodSpec and PodSecurityContext had
 * fewer fields; only the counts of identical fields those types gained since are adjusted (PodSecurityContext:
 * HostUsers and SupplementalGroupsPolicy before FSGroup, AppArmorProfile and SELinuxChangePolicy after
 * SeccompProfile; PodSpec: 21 fields after Hostname), and its kube-apiserver had drawn go-cmp's no-break
 * spaces, where this one prints plain spaces (validation/go-cmp.ts). The learner's cases (set env, set
 * resources, a changed port by replace and by apply, edit) follow the same rules.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { driveClock } from '../../shell/script.js';
import { loadOptionalCommands, Session } from '../../shell/session.js';
import { POD_UPDATE_FORBIDDEN } from '../../api/validation/pod.js';

async function shell() {
  const cluster = new Cluster({ seed: 3, workers: 1 }).boot();
  const s = new Session({ cluster, terminal: { isTTY: false, columns: 80, rows: 24 } });
  await loadOptionalCommands(s);
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), cluster.clock, 600_000, () => s.interrupt());
    return { out: out.replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-xxxxx'), status: r.status };
  };
  return { cluster, run };
}

// cmp.Diff ends with a newline and kubectl's MultilineError adds one: a blank line closes the report (kubectl v1.35.2 against
// this server prints it: golden examples; the published outputs lost trailing blank lines).
const refused = (pod: string, ...diff: string[]) => `The Pod "${pod}" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}\n${diff.join('\n')}\n\n`;
// kubectl set wraps the patch's error in fmt.Errorf (set_env.go, set_resources.go): a plain error printed as
// "error: " and the server's own message, `Pod "x" is invalid: …`, with no blank line after the report (kubectl v1.35.2
// against this server: npm run golden -- --every).
const setRefused = (failed: string, pod: string, ...diff: string[]) => `error: ${failed}Pod "${pod}" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}\n${diff.join('\n')}\n`;
const API_ACCESS = '{{Name: "kube-api-access-xxxxx", VolumeSource: {Projected: &{Sources: {{ServiceAccountToken: &{ExpirationSeconds: 3607, Path: "token"}}, {ConfigMap: &{LocalObjectReference: {Name: "kube-root-ca.crt"}, Items: {{Key: "ca.crt", Path: "ca.crt"}}}}, {DownwardAPI: &{Items: {{Path: "namespace", FieldRef: &{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}}}, DefaultMode: &420}}}}';
/** The end of a report whose only change is in the pod's one container: the spec's 36 fields, 5 of them printed. */
const CONTAINER_CHANGED_TAIL = [
  '  \t\t},',
  '  \t},',
  '  \tEphemeralContainers: nil,',
  '  \tRestartPolicy:       "Always",',
  '  \t... // 31 identical fields',
  '  }',
];
const expandTabs = (s: string) => s.split('\n').map((l) => {
  let out = '';
  for (const ch of l) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}).join('\n');

describe('kubectl and a refused pod update', () => {
  it('kubectl patch of a running pod\'s resources (kubernetes/website#45079)', async () => {
    const { run } = await shell();
    await run(`cat > qos-pod-5.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: qos-demo-5
spec:
  containers:
  - name: qos-demo-ctr-5
    image: nginx
    resources:
      limits:
        memory: "200Mi"
        cpu: "700m"
      requests:
        memory: "200Mi"
        cpu: "700m"
EOF`);
    expect((await run('kubectl create -f qos-pod-5.yaml')).status).toBe(0);
    const r = await run(`kubectl patch pod qos-demo-5 --patch '{"spec":{"containers":[{"name":"qos-demo-ctr-5", "resources":{"requests":{"cpu":"800m"}, "limits":{"cpu":"800m"}}}]}}'`);
    expect(r.status).toBe(1);
    // The text, as GitHub showed it (tabs at 8 columns), down to where the excerpt ends.
    expect(expandTabs(r.out.replace('kube-api-access-xxxxx', 'kube-api-access-hjww8'))).toContain(`The Pod "qos-demo-5" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`,\`spec.initContainers[*].image\`,\`spec.activeDeadlineSeconds\`,\`spec.tolerations\` (only additions to existing tolerations),\`spec.terminationGracePeriodSeconds\` (allow it to be set to 1 if it was previously negative)
  core.PodSpec{
        Volumes:        {{Name: "kube-api-access-hjww8", VolumeSource: {Projected: &{Sources: {{ServiceAccountToken: &{ExpirationSeconds: 3607, Path: "token"}}, {ConfigMap: &{LocalObjectReference: {Name: "kube-root-ca.crt"}, Items: {{Key: "ca.crt", Path: "ca.crt"}}}}, {DownwardAPI: &{Items: {{Path: "namespace", FieldRef: &{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}}}, DefaultMode: &420}}}},
        InitContainers: nil,
        Containers: []core.Container{
                {
                        ... // 6 identical fields
                        EnvFrom: nil,
                        Env:     nil,
                        Resources: core.ResourceRequirements{
                                Limits: cor`);
    // The rest: "700m" and "800m" keep the text they were parsed from (ParseQuantity's canonical fast path), "200Mi" does
    // not (200 is a multiple of 8); an unchanged quantity is printed at go-cmp's lowest verbosity.
    expect(r.out).toBe(refused('qos-demo-5',
      '  core.PodSpec{',
      `  \tVolumes:        ${API_ACCESS},`,
      '  \tInitContainers: nil,',
      '  \tContainers: []core.Container{',
      '  \t\t{',
      '  \t\t\t... // 6 identical fields',
      '  \t\t\tEnvFrom: nil,',
      '  \t\t\tEnv:     nil,',
      '  \t\t\tResources: core.ResourceRequirements{',
      '  \t\t\t\tLimits: core.ResourceList{',
      '- \t\t\t\t\ts"cpu":    {i: resource.int64Amount{value: 700, scale: -3}, s: "700m", Format: "DecimalSI"},',
      '+ \t\t\t\t\ts"cpu":    {i: resource.int64Amount{value: 800, scale: -3}, s: "800m", Format: "DecimalSI"},',
      '  \t\t\t\t\ts"memory": {i: {...}, Format: "BinarySI"},',
      '  \t\t\t\t},',
      '  \t\t\t\tRequests: core.ResourceList{',
      '- \t\t\t\t\ts"cpu":    {i: resource.int64Amount{value: 700, scale: -3}, s: "700m", Format: "DecimalSI"},',
      '+ \t\t\t\t\ts"cpu":    {i: resource.int64Amount{value: 800, scale: -3}, s: "800m", Format: "DecimalSI"},',
      '  \t\t\t\t\ts"memory": {i: {...}, Format: "BinarySI"},',
      '  \t\t\t\t},',
      '  \t\t\t\tClaims: nil,',
      '  \t\t\t},',
      '  \t\t\tResizePolicy:  nil,',
      '  \t\t\tRestartPolicy: nil,',
      '  \t\t\t... // 14 identical fields',
      ...CONTAINER_CHANGED_TAIL,
    ));
  });

  it('an istio-injected pod: the volumes and init container at go-cmp\'s lowest verbosity (argoproj/argo-rollouts#2793)', async () => {
    const { run } = await shell();
    await run(`cat > a.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: test-app
spec:
  initContainers:
  - name: istio-validation
    image: docker.io/istio/proxyv2:1.13.4
    args: ["istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337"]
  containers:
  - name: app
    image: nginx
  volumes:
  - name: aws-iam-token
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          audience: sts.amazonaws.com
          expirationSeconds: 86400
          path: token
  - name: istio-envoy
    emptyDir:
      medium: Memory
  - name: istio-data
    emptyDir: {}
  - name: istio-podinfo
    downwardAPI:
      defaultMode: 420
      items:
      - path: labels
        fieldRef:
          fieldPath: metadata.labels
      - path: annotations
        fieldRef:
          fieldPath: metadata.annotations
EOF`);
    expect((await run('kubectl apply -f a.yaml')).status).toBe(0);
    const r = await run('kubectl set env pod/test-app -c app FOO=bar');
    const lines = r.out.split('\n');
    // The audit log's message, from "core.PodSpec{" to where it was cut.
    expect(lines.slice(1, 3).join('\n')).toBe('  core.PodSpec{\n  \tVolumes:        {{Name: "aws-iam-token", VolumeSource: {Projected: &{Sources: {{ServiceAccountToken: &{Audience: "sts.amazonaws.com", ExpirationSeconds: 86400, Path: "token"}}}, DefaultMode: &420}}}, {Name: "istio-envoy", VolumeSource: {EmptyDir: &{Medium: "Memory"}}}, {Name: "istio-data", VolumeSource: {EmptyDir: &{}}}, {Name: "istio-podinfo", VolumeSource: {DownwardAPI: &{Items: {{Path: "labels", FieldRef: &{APIVersion: "v1", FieldPath: "metadata.labels"}}, {Path: "annotations", FieldRef: &{APIVersion: "v1", FieldPath: "metadata.annotations"}}}, DefaultMode: &420}}}, ...},');
    expect(lines[3].startsWith('  \tInitContainers: {{Name: "istio-validation", Image: "docker.io/istio/proxyv2:1.13.4", Args: {"istio-iptables", "-p", "15001", "-z", ...},')).toBe(true);
    expect(r.out).toBe(setRefused('failed to patch env update to pod template: ', 'test-app', ...lines.slice(1, 4),
      '  \tContainers: []core.Container{',
      '  \t\t{',
      '  \t\t\t... // 5 identical fields',
      '  \t\t\tPorts:        nil,',
      '  \t\t\tEnvFrom:      nil,',
      '- \t\t\tEnv:          nil,',
      '+ \t\t\tEnv:          []core.EnvVar{{Name: "FOO", Value: "bar"}},',
      '  \t\t\tResources:    {},',
      '  \t\t\tResizePolicy: nil,',
      '  \t\t\t... // 15 identical fields',
      ...CONTAINER_CHANGED_TAIL,
    ));
  });

  it('a seccomp profile added to a running pod (amaizfinance/redis-operator#28, counts of v1.35\'s types)', async () => {
    const { run } = await shell();
    await run(`cat > r.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: redis-redis-0
spec:
  hostname: redis-redis-0
  containers:
  - name: redis
    image: redis
EOF`);
    expect((await run('kubectl apply -f r.yaml')).status).toBe(0);
    await run('sleep 10');
    const node = (await run("kubectl get pod redis-redis-0 -o jsonpath='{.spec.nodeName}'")).out;
    await run('kubectl get pod redis-redis-0 -o yaml > r2.yaml');
    await run("sed -i 's/^  securityContext: {}/  securityContext:\\n    seccompProfile:\\n      type: RuntimeDefault/' r2.yaml");
    const r = await run('kubectl replace -f r2.yaml');
    expect(r).toEqual({ status: 1, out: refused('redis-redis-0',
      '  core.PodSpec{',
      '  \t... // 10 identical fields',
      '  \tAutomountServiceAccountToken: nil,',
      `  \tNodeName:                     "${node}",`,
      '  \tSecurityContext: &core.PodSecurityContext{',
      '  \t\t... // 13 identical fields',
      '  \t\tFSGroupChangePolicy: nil,',
      '  \t\tSysctls:             nil,',
      '- \t\tSeccompProfile:      nil,',
      '+ \t\tSeccompProfile:      &core.SeccompProfile{Type: "RuntimeDefault"},',
      '  \t\tAppArmorProfile:     nil,',
      '  \t\tSELinuxChangePolicy: nil,',
      '  \t},',
      '  \tImagePullSecrets: nil,',
      '  \tHostname:         "redis-redis-0",',
      '  \t... // 21 identical fields',
      '  }',
    ) });
  });

  it('set resources, and a changed container port by replace and by apply', async () => {
    const { run } = await shell();
    expect((await run('kubectl run web --image=nginx --port=80')).status).toBe(0);
    const head = [
      '  core.PodSpec{',
      `  \tVolumes:        ${API_ACCESS},`,
      '  \tInitContainers: nil,',
      '  \tContainers: []core.Container{',
      '  \t\t{',
    ];
    // --limits without --requests: the requests default to the limits. 200Mi is not kept as text (200 is a multiple of 8).
    expect((await run('kubectl set resources pod/web --limits=memory=200Mi')).out).toBe(setRefused('failed to patch resources update to pod template ', 'web', ...head,
      '  \t\t\t... // 6 identical fields',
      '  \t\t\tEnvFrom: nil,',
      '  \t\t\tEnv:     nil,',
      '  \t\t\tResources: core.ResourceRequirements{',
      '- \t\t\t\tLimits:   nil,',
      '+ \t\t\t\tLimits:   core.ResourceList{s"memory": {i: resource.int64Amount{value: 209715200}, Format: "BinarySI"}},',
      '- \t\t\t\tRequests: nil,',
      '+ \t\t\t\tRequests: core.ResourceList{s"memory": {i: resource.int64Amount{value: 209715200}, Format: "BinarySI"}},',
      '  \t\t\t\tClaims:   nil,',
      '  \t\t\t},',
      '  \t\t\tResizePolicy:  nil,',
      '  \t\t\tRestartPolicy: nil,',
      '  \t\t\t... // 14 identical fields',
      ...CONTAINER_CHANGED_TAIL));
    await run('kubectl get pod web -o yaml > w.yaml');
    await run("sed -i 's/containerPort: 80/containerPort: 8080/' w.yaml");
    // replace sends the whole object: the port is one modified element, printed field by field.
    expect((await run('kubectl replace -f w.yaml')).out).toBe(refused('web', ...head,
      '  \t\t\t... // 3 identical fields',
      '  \t\t\tArgs:       nil,',
      '  \t\t\tWorkingDir: "",',
      '  \t\t\tPorts: []core.ContainerPort{',
      '  \t\t\t\t{',
      '  \t\t\t\t\tName:          "",',
      '  \t\t\t\t\tHostPort:      0,',
      '- \t\t\t\t\tContainerPort: 80,',
      '+ \t\t\t\t\tContainerPort: 8080,',
      '  \t\t\t\t\tProtocol:      "TCP",',
      '  \t\t\t\t\tHostIP:        "",',
      '  \t\t\t\t},',
      '  \t\t\t},',
      '  \t\t\tEnvFrom: nil,',
      '  \t\t\tEnv:     nil,',
      '  \t\t\t... // 17 identical fields',
      ...CONTAINER_CHANGED_TAIL));
    // apply's strategic merge patch keys ports by containerPort: the new port joins the old one.
    const applied = await run('kubectl apply -f w.yaml');
    expect(applied.out.endsWith(refused('web', ...head,
      '  \t\t\t... // 3 identical fields',
      '  \t\t\tArgs:       nil,',
      '  \t\t\tWorkingDir: "",',
      '  \t\t\tPorts: []core.ContainerPort{',
      '+ \t\t\t\t{ContainerPort: 8080, Protocol: "TCP"},',
      '  \t\t\t\t{ContainerPort: 80, Protocol: "TCP"},',
      '  \t\t\t},',
      '  \t\t\tEnvFrom: nil,',
      '  \t\t\tEnv:     nil,',
      '  \t\t\t... // 17 identical fields',
      ...CONTAINER_CHANGED_TAIL))).toBe(true);
  });

  it('kubectl set on several objects: each refusal wrapped in fmt.Errorf, a newline after each (MultipleErrors)', async () => {
    const { run } = await shell();
    await run('kubectl create deployment web --image=nginx --replicas=2');
    await run('sleep 5');
    const pods = (await run("kubectl get pods -o jsonpath='{.items[*].metadata.name}'")).out.split(' ');
    // Two pods: two reports, each ending in its own newline and MultipleErrors' one, so a blank line follows each.
    const r = await run('kubectl set env pods --all A=b');
    expect(r.status).toBe(1);
    const reports = r.out.split('  }\n\n');
    expect(reports.map((t) => t.split('\n')[0])).toEqual([
      ...pods.map((p) => `failed to patch env update to pod template: Pod "${p}" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`), '']);
    // Objects without a pod template: "error: %s %v\n" each, so blank lines between them too (kubectl v1.35.2).
    await run('kubectl create configmap a');
    await run('kubectl create configmap b');
    expect((await run('kubectl set image configmap/a configmap/b x=y')).out).toBe(
      'error: configmaps/a the object is not a pod or does not have a pod template: *v1.ConfigMap\n\n' +
      'error: configmaps/b the object is not a pod or does not have a pod template: *v1.ConfigMap\n\n');
    // A Deployment's own validation, as one error: the server's message after the wrapper, not "The Deployment … is invalid".
    await run('kubectl set resources deployment web --limits=memory=256Mi');
    expect(await run('kubectl set resources deployment web --requests=memory=512Mi')).toEqual({ status: 1, out:
      'error: failed to patch resources update to pod template Deployment.apps "web" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: "512Mi": must be less than or equal to memory limit of 256Mi\n' });
    // set serviceaccount sends a strategic merge patch (set_serviceaccount.go) and wraps its error the same way.
    const sa = await run(`kubectl set serviceaccount pod/${pods[0]} robot`);
    expect(sa.out.split('\n')[0]).toBe(`error: failed to patch ServiceAccountName Pod "${pods[0]}" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`);
    expect(sa.out.endsWith('  }\n')).toBe(true);
    expect((await run('kubectl set serviceaccount deployment web robot')).out).toBe('deployment.apps/web serviceaccount updated\n');
  });

  it('kubectl edit writes the report into the reopened file as comments (hashOnLineBreak)', async () => {
    const { run } = await shell();
    await run('kubectl run web --image=nginx --port=80');
    const r = await run("KUBE_EDITOR='sed -i -e s/containerPort:.80$/containerPort:\\ 8081/ -e w/tmp/last.yaml' kubectl edit pod web");
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^error: pods "web" is invalid\nA copy of your changes has been stored to "\/tmp\/kubectl-edit-\d+\.yaml"\nerror: Edit cancelled, no valid changes were saved\.\n$/);
    const saved = (await run('head -40 /tmp/last.yaml')).out;
    expect(saved).toContain(`# pods "web" was not valid:\n# * spec: Forbidden: ${POD_UPDATE_FORBIDDEN}\n#   core.PodSpec{\n#   \tVolumes:        ${API_ACCESS},\n`);
    expect(saved).toContain('# - \t\t\t\t\tContainerPort: 80,\n# + \t\t\t\t\tContainerPort: 8081,\n');
    expect(saved).toContain('#   \t... // 31 identical fields\n#   }\n\n#\napiVersion: v1\n');
  });
});
