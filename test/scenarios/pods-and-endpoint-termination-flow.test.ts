/**
 * kubernetes.io tutorial "Explore Termination Behavior for Pods And Their Endpoints" (content/en/docs/tutorials/
 * services/pods-and-endpoint-termination-flow.md). Its example (service/pod-with-graceful-termination.yaml) is one
 * nginx replica with terminationGracePeriodSeconds 120 and a preStop hook `sleep 180`, and the nginx-service.
 *
 * What the page's blocks and the upstream code give: the EndpointSlice controller keeps a terminating pod's endpoint
 * with ready false, serving as its readiness (true: nginx still answers) and terminating true, beside the
 * replacement's ready one; the kubelet runs the preStop hook for at most the grace period, then gives the container
 * the minimum 2 s (killContainer's minimumGracePeriodInSeconds) and nginx ends on SIGTERM, so the pod and its
 * endpoint go about 120 s after the delete.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

interface Endpoint { addresses: string[]; conditions: { ready: boolean; serving: boolean; terminating: boolean }; nodeName: string; targetRef: { kind: string; name: string; namespace: string; uid: string } }

describe('Explore Termination Behavior for Pods And Their Endpoints', () => {
  it('a deleted pod keeps a terminating, still serving endpoint beside its replacement until its grace period ends', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/service/pod-with-graceful-termination.yaml')).out).toBe('deployment.apps/nginx-deployment created\nservice/nginx-service created\n');
    await run('kubectl rollout status deployment nginx-deployment; sleep 5');

    const table = (await run('kubectl get endpointslice')).out;
    expect(table).toMatch(/^NAME +ADDRESSTYPE +PORTS +ENDPOINTS +AGE\n/);
    const row = table.split('\n').find((l) => l.startsWith('nginx-service-'))!;
    expect(row).toMatch(/^nginx-service-[a-z0-9]{5} {3}IPv4 {10}80 {6}10\.244\.\d+\.\d+ +\d+s$/);
    const slice = row.split(' ')[0];

    const list = JSON.parse((await run('kubectl get endpointslices -o json -l kubernetes.io/service-name=nginx-service')).out);
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(1);
    const item = list.items[0];
    expect(Object.keys(item)).toEqual(['addressType', 'apiVersion', 'endpoints', 'kind', 'metadata', 'ports']);
    expect(item.addressType).toBe('IPv4');
    expect(item.apiVersion).toBe('discovery.k8s.io/v1');
    expect(item.endpoints).toHaveLength(1);
    expect(item.endpoints[0].conditions).toEqual({ ready: true, serving: true, terminating: false });
    const old = item.endpoints[0] as Endpoint;
    expect(old.targetRef.kind).toBe('Pod');
    expect(old.targetRef.name).toMatch(/^nginx-deployment-[a-z0-9]{6,10}-[a-z0-9]{5}$/);
    expect(item.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);

    // kubectl says "deleted" once the API server has the deletion, then waits for the pod to be gone (up to the
    // 120 s): the learner looks meanwhile, here with the delete in the background.
    expect((await run(`kubectl delete pod ${old.targetRef.name} &`)).out).toBe(`[1] 1001\npod "${old.targetRef.name}" deleted from default namespace\n`);
    await run('sleep 8');
    const pods = (await run('kubectl get pods')).out.trimEnd().split('\n');
    expect(pods[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(pods).toHaveLength(3);
    const byName = new Map(pods.slice(1).map((l) => [l.split(/ +/)[0], l.split(/ +/).slice(1, 4)]));
    expect(byName.get(old.targetRef.name)).toEqual(['1/1', 'Terminating', '0']);
    const fresh = [...byName.keys()].find((n) => n !== old.targetRef.name)!;
    expect(byName.get(fresh)).toEqual(['1/1', 'Running', '0']);

    const during = JSON.parse((await run(`kubectl get endpointslice -o json ${slice}`)).out);
    expect(during.kind).toBe('EndpointSlice');
    const eps = during.endpoints as Endpoint[];
    expect(eps).toHaveLength(2);
    const terminating = eps.find((e) => e.targetRef.name === old.targetRef.name)!;
    expect(terminating.addresses).toEqual(old.addresses);
    expect(terminating.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(Object.keys(terminating)).toEqual(Object.keys(old));
    expect(eps.find((e) => e.targetRef.name === fresh)!.conditions).toEqual({ ready: true, serving: true, terminating: false });
    // The terminating nginx still answers (the hook only sleeps): the Service sends new connections to the ready one.
    expect((await run(`curl -s -o /dev/null -w '%{http_code}' ${old.addresses[0]}`)).out).toBe('200');

    // The preStop hook's sleep 180 is cut at the 120 s grace period; the pod and its endpoint go then.
    await run('sleep 100');
    expect((await run(`kubectl get pod ${old.targetRef.name} -o jsonpath='{.metadata.deletionGracePeriodSeconds}'`)).out).toBe('120');
    // The shell reports the finished delete as the next command ends.
    expect((await run('sleep 20')).out).toBe(`[1]+  Done                    kubectl delete pod ${old.targetRef.name}\n`);
    expect((await run(`kubectl get pod ${old.targetRef.name}`)).out).toBe(`Error from server (NotFound): pods "${old.targetRef.name}" not found\n`);
    const after = JSON.parse((await run(`kubectl get endpointslice -o json ${slice}`)).out);
    expect((after.endpoints as Endpoint[]).map((e) => [e.targetRef.name, e.conditions])).toEqual([[fresh, { ready: true, serving: true, terminating: false }]]);
  });
});
