/**
 * kubernetes.io tutorial "Updating Configuration via a ConfigMap" (content/en/docs/tutorials/configuration/
 * updating-configuration-via-a-configmap.md), step by step as a learner types it. Its examples (deployments/
 * deployment-with-configmap-*.yaml, configmap/*immutable-configmap.yaml) run alpine:3 loops that print or write a
 * line every 10 s, and nginx serving what the alpine helper writes.
 *
 * What the page's blocks and a real kubelet give: a ConfigMap volume shows an edit at the pod worker's next
 * periodic sync (syncFrequency 1 min, jittered by up to half: wait.Jitter(1m, 0.5); with the default Watch change
 * detection there is no cache TTL to add), so the loop prints the new value within 90 s plus its 10 s sleep; an
 * environment variable keeps its value until the pods are replaced (`kubectl rollout restart`); an immutable
 * ConfigMap is replaced by a new one that the Deployment's template then names. The sidecar variant (an init
 * container with restartPolicy Always) is 2/2 Running like the two-container one.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

/** `date`'s default format in the alpine image (busybox): "Thu Jan  4 14:06:46 UTC 2024". */
const DATE = String.raw`[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}`;
const RS_POD = (deploy: string) => String.raw`${deploy}-[a-z0-9]{6,10}-[a-z0-9]{5}`;
/** A line's time of day (and day of the month) in seconds, from its `date` prefix. */
function seconds(line: string): number {
  const m = /^\w{3} \w{3} +(\d+) (\d\d):(\d\d):(\d\d)/.exec(line)!;
  return ((Number(m[1]) * 24 + Number(m[2])) * 60 + Number(m[3])) * 60 + Number(m[4]);
}

/** The rows of a `kubectl get pods` table, each as its columns. */
function rows(table: string): string[][] {
  const lines = table.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
  return lines.slice(1).map((l) => l.split(/ {2,}/));
}

describe('Updating Configuration via a ConfigMap', () => {
  it('a ConfigMap mounted as a volume: the loop reads the edited value after the next kubelet sync', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl create configmap sport --from-literal=sport=football')).out).toBe('configmap/sport created\n');
    expect((await run('kubectl apply -f https://k8s.io/examples/deployments/deployment-with-configmap-as-volume.yaml')).out).toBe('deployment.apps/configmap-volume created\n');
    await run('sleep 72');
    const pods = rows((await run('kubectl get pods --selector=app.kubernetes.io/name=configmap-volume')).out);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p[0]).toMatch(new RegExp(`^${RS_POD('configmap-volume')}$`));
      expect(p.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    }

    const logs = (await run('kubectl logs deployments/configmap-volume')).out.trimEnd().split('\n');
    expect(logs[0]).toMatch(new RegExp(`^Found 3 pods, using pod/${RS_POD('configmap-volume')}$`));
    expect(logs.length).toBeGreaterThanOrEqual(6);
    for (const l of logs.slice(1)) expect(l).toMatch(new RegExp(`^${DATE} My preferred sport is football$`));
    // One line every 10 s (the loop's sleep).
    expect(seconds(logs[2]) - seconds(logs[1])).toBe(10);

    const editedAt = seconds((await run('date')).out);
    expect((await run(`KUBE_EDITOR='sed -i s/football/cricket/' kubectl edit configmap sport`)).out).toBe('configmap/sport edited\n');
    expect((await run(`kubectl get configmap sport -o jsonpath='{.data.sport}'`)).out).toBe('cricket');

    // Tail the logs for a while (the learner's Ctrl-C): football, then cricket from some line on.
    const follow = await run('timeout 110 kubectl logs deployments/configmap-volume --follow --tail=1');
    expect(follow.status).toBe(124);
    const lines = follow.out.trimEnd().split('\n').slice(1);
    const first = lines.findIndex((l) => l.endsWith('cricket'));
    expect(first).toBeGreaterThan(0);
    expect(lines.slice(0, first).every((l) => l.endsWith('My preferred sport is football'))).toBe(true);
    expect(lines.slice(first).every((l) => new RegExp(`^${DATE} My preferred sport is cricket$`).test(l))).toBe(true);
    // Not at once: the volume is rewritten at the pod's next sync, 60 to 90 s after the last, then read by the loop.
    const delay = seconds(lines[first]) - editedAt;
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(100);
  });

  it('a ConfigMap as an environment variable: unchanged by the edit until `kubectl rollout restart` replaces the pods', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl create configmap fruits --from-literal=fruits=apples')).out).toBe('configmap/fruits created\n');
    expect((await run('kubectl apply -f https://k8s.io/examples/deployments/deployment-with-configmap-as-envvar.yaml')).out).toBe('deployment.apps/configmap-env-var created\n');
    await run('sleep 46');
    const before = rows((await run('kubectl get pods --selector=app.kubernetes.io/name=configmap-env-var')).out);
    expect(before.map((p) => p.slice(1, 4))).toEqual([['1/1', 'Running', '0'], ['1/1', 'Running', '0'], ['1/1', 'Running', '0']]);
    const logs = (await run('kubectl logs deployment/configmap-env-var')).out.trimEnd().split('\n');
    expect(logs[0]).toMatch(new RegExp(`^Found 3 pods, using pod/${RS_POD('configmap-env-var')}$`));
    for (const l of logs.slice(1)) expect(l).toMatch(new RegExp(`^${DATE} The basket is full of apples$`));

    expect((await run(`KUBE_EDITOR='sed -i s/apples/mangoes/' kubectl edit configmap fruits`)).out).toBe('configmap/fruits edited\n');
    // Longer than any kubelet sync: the environment of a running process does not change.
    const still = await run('timeout 120 kubectl logs deployments/configmap-env-var --follow --tail=1');
    const still2 = still.out.trimEnd().split('\n').slice(1);
    expect(still2.length).toBeGreaterThanOrEqual(12);
    for (const l of still2) expect(l).toMatch(/The basket is full of apples$/);

    expect((await run('kubectl rollout restart deployment configmap-env-var')).out).toBe('deployment.apps/configmap-env-var restarted\n');
    const status = (await run('kubectl rollout status deployment configmap-env-var --watch=true')).out;
    expect(status.split('\n').slice(0, -1).every((l) => /^Waiting for deployment "configmap-env-var" rollout to finish: /.test(l) || l === 'deployment "configmap-env-var" successfully rolled out')).toBe(true);
    expect(status.endsWith('deployment "configmap-env-var" successfully rolled out\n')).toBe(true);
    expect((await run('kubectl get deployment configmap-env-var')).out).toMatch(/^NAME {16}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE\nconfigmap-env-var {3}3\/3 {5}3 {12}3 {11}\d+m?\d*s?\n$/);

    // The old pods take their 30 s grace period (a shell loop as PID 1 ignores SIGTERM), then only new ones remain.
    await run('sleep 35');
    const after = rows((await run('kubectl get pods --selector=app.kubernetes.io/name=configmap-env-var')).out);
    expect(after).toHaveLength(3);
    const oldHash = before[0][0].split('-').at(-2);
    for (const p of after) {
      expect(p[0].split('-').at(-2)).not.toBe(oldHash);
      expect(p.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    }
    const now = (await run('kubectl logs deployment/configmap-env-var')).out.trimEnd().split('\n');
    expect(now.length).toBeGreaterThanOrEqual(3);
    for (const l of now.slice(1)) expect(l).toMatch(new RegExp(`^${DATE} The basket is full of mangoes$`));
  });

  it('two containers, then a sidecar: nginx serves what the alpine helper writes from the ConfigMap, through port-forward', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl create configmap color --from-literal=color=red')).out).toBe('configmap/color created\n');
    expect((await run('kubectl apply -f https://k8s.io/examples/deployments/deployment-with-configmap-two-containers.yaml')).out).toBe('deployment.apps/configmap-two-containers created\n');
    await run('sleep 20');
    const two = rows((await run('kubectl get pods --selector=app.kubernetes.io/name=configmap-two-containers')).out);
    expect(two.map((p) => p.slice(1, 4))).toEqual([['2/2', 'Running', '0'], ['2/2', 'Running', '0'], ['2/2', 'Running', '0']]);
    expect((await run('kubectl expose deployment configmap-two-containers --name=configmap-service --port=8080 --target-port=80')).out).toBe('service/configmap-service exposed\n');
    expect((await run('kubectl port-forward service/configmap-service 8080:8080 &')).out).toBe('[1] 1001\nForwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n');
    expect((await run('curl http://localhost:8080')).out).toMatch(new RegExp(`^${DATE} My preferred color is red\n$`));

    expect((await run(`KUBE_EDITOR='sed -i s/red/blue/' kubectl edit configmap color`)).out).toBe('configmap/color edited\n');
    const seen: string[] = [];
    for (let i = 0; i < 11; i++) seen.push((await run('curl --connect-timeout 7.5 http://localhost:8080; sleep 10')).out);
    const firstBlue = seen.findIndex((l) => l.endsWith('blue\n'));
    expect(firstBlue).toBeGreaterThan(0);
    expect(seen.slice(0, firstBlue).every((l) => l.endsWith('My preferred color is red\n'))).toBe(true);
    expect(seen.slice(firstBlue).every((l) => new RegExp(`^${DATE} My preferred color is blue\n$`).test(l))).toBe(true);

    // The sidecar variant reuses the ConfigMap (now blue).
    expect((await run('kubectl apply -f https://k8s.io/examples/deployments/deployment-with-configmap-and-sidecar-container.yaml')).out).toBe('deployment.apps/configmap-sidecar-container created\n');
    await run('sleep 30');
    const side = rows((await run('kubectl get pods --selector=app.kubernetes.io/name=configmap-sidecar-container')).out);
    expect(side.map((p) => p.slice(1, 4))).toEqual([['2/2', 'Running', '0'], ['2/2', 'Running', '0'], ['2/2', 'Running', '0']]);
    expect((await run(`kubectl get pods -l app.kubernetes.io/name=configmap-sidecar-container -o jsonpath='{.items[0].status.phase} {.items[0].status.initContainerStatuses[0].started}'`)).out).toBe('Running true');
    expect((await run('kubectl expose deployment configmap-sidecar-container --name=configmap-sidecar-service --port=8081 --target-port=80')).out).toBe('service/configmap-sidecar-service exposed\n');
    expect((await run('kubectl port-forward service/configmap-sidecar-service 8081:8081 &')).out).toBe('[2] 1002\nForwarding from 127.0.0.1:8081 -> 80\nForwarding from [::1]:8081 -> 80\n');
    expect((await run('curl http://localhost:8081')).out).toMatch(new RegExp(`^${DATE} My preferred color is blue\n$`));
    expect((await run(`KUBE_EDITOR='sed -i s/blue/green/' kubectl edit configmap color`)).out).toBe('configmap/color edited\n');
    const side2: string[] = [];
    for (let i = 0; i < 11; i++) side2.push((await run('curl --connect-timeout 7.5 http://localhost:8081; sleep 10')).out);
    const firstGreen = side2.findIndex((l) => l.endsWith('green\n'));
    expect(firstGreen).toBeGreaterThan(0);
    expect(side2.slice(firstGreen).every((l) => l.endsWith('My preferred color is green\n'))).toBe(true);

    await run('kill %1 %2');
    expect((await run('kubectl delete service configmap-service configmap-sidecar-service')).out).toBe('service "configmap-service" deleted from default namespace\nservice "configmap-sidecar-service" deleted from default namespace\n');
  });

  it('an immutable ConfigMap: a new one, and the Deployment edited to name it, rolls out pods that read the new name', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/configmap/immutable-configmap.yaml')).out).toBe('configmap/company-name-20150801 created\n');
    expect((await run(`kubectl get configmap company-name-20150801 -o jsonpath='{.immutable} {.data.company_name}'`)).out).toBe('true ACME, Inc.');
    expect((await run('kubectl apply -f https://k8s.io/examples/deployments/deployment-with-immutable-configmap-as-volume.yaml')).out).toBe('deployment.apps/immutable-configmap-volume created\n');
    await run('sleep 62');
    const before = rows((await run('kubectl get pods --selector=app.kubernetes.io/name=immutable-configmap-volume')).out);
    expect(before.map((p) => p.slice(1, 4))).toEqual([['1/1', 'Running', '0'], ['1/1', 'Running', '0'], ['1/1', 'Running', '0']]);
    const logs = (await run('kubectl logs deployments/immutable-configmap-volume')).out.trimEnd().split('\n');
    expect(logs[0]).toMatch(new RegExp(`^Found 3 pods, using pod/${RS_POD('immutable-configmap-volume')}$`));
    for (const l of logs.slice(1)) expect(l).toMatch(new RegExp(`^${DATE} The name of the company is ACME, Inc\\.$`));

    // Its data can no longer change.
    const patch = await run(`kubectl patch configmap company-name-20150801 -p '{"data":{"company_name":"x"}}'`);
    expect(patch.status).toBe(1);
    expect(patch.out).toContain('Forbidden: field is immutable when `immutable` is set');

    expect((await run('kubectl apply -f https://k8s.io/examples/configmap/new-immutable-configmap.yaml')).out).toBe('configmap/company-name-20240312 created\n');
    const cms = (await run('kubectl get configmap')).out;
    expect(cms).toMatch(/^NAME +DATA +AGE\n/);
    expect(cms).toMatch(/\ncompany-name-20150801 +1 +\S+\ncompany-name-20240312 +1 +\S+\n/);

    expect((await run(`KUBE_EDITOR='sed -i s/company-name-20150801/company-name-20240312/' kubectl edit deployment immutable-configmap-volume`)).out).toBe('deployment.apps/immutable-configmap-volume edited\n');
    const rolling = rows((await run('sleep 10; kubectl get pods --selector=app.kubernetes.io/name=immutable-configmap-volume')).out);
    expect(rolling.some((p) => p[2] === 'Terminating')).toBe(true);
    await run('sleep 40');
    const after = rows((await run('kubectl get pods --selector=app.kubernetes.io/name=immutable-configmap-volume')).out);
    expect(after).toHaveLength(3);
    for (const p of after) expect(p.slice(1, 3)).toEqual(['1/1', 'Running']);
    expect(after.map((p) => p[0]).filter((n) => before.some((b) => b[0] === n))).toEqual([]);
    const now = (await run('kubectl logs deployment/immutable-configmap-volume')).out.trimEnd().split('\n');
    for (const l of now.slice(1)) expect(l).toMatch(new RegExp(`^${DATE} The name of the company is Fiktivesunternehmen GmbH$`));

    expect((await run('kubectl delete configmap company-name-20150801')).out).toBe('configmap "company-name-20150801" deleted from default namespace\n');
    expect((await run('kubectl delete deployment immutable-configmap-volume')).out).toBe('deployment.apps "immutable-configmap-volume" deleted from default namespace\n');
  });
});
