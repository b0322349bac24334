/**
 * RBAC judges a pod's connect subresources apart from the pod (kube-apiserver's RequestInfo: resource "pods",
 * subresource "log" / "exec" / "attach" / "portforward"): a Role with get and list on pods lets one read the pod,
 * not its log or a shell in it. Texts: the RBAC authorizer's Forbidden reason ("User %q cannot %s resource %q in
 * API group %q in the namespace %q", the resource written pods/SUBRESOURCE); port-forward wraps the refused
 * upgrade's Status as "error upgrading connection: %s" (client-go portforward).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';
import { outputOf } from '../../engine/kubectl/test-helpers.js';

const BOB = 'system:serviceaccount:t:bob';
const forbidden = (verb: string, sub: string) => `pods "p" is forbidden: User "${BOB}" cannot ${verb} resource "pods/${sub}" in API group "" in the namespace "t"`;

describe('a pod\'s log, exec, attach and port-forward under RBAC', () => {
  it('get/list on pods is not enough; a rule on pods/log is', async () => {
    const as = `-n t --as=${BOB}`;
    const lines = [
      `kubectl logs p ${as}`,
      `kubectl get --raw /api/v1/namespaces/t/pods/p/log --as=${BOB}`,
      `kubectl exec p ${as} -- true`,
      `kubectl cp t/p:/etc/hostname /tmp/h --as=${BOB}`,
      `kubectl port-forward p 8080:80 ${as}`,
      `kubectl get pod p ${as} -o name`,
    ];
    const out = await runScript([
      'kubectl create ns t', 'kubectl create sa bob -n t',
      'kubectl create role pr --verb=get,list --resource=pods -n t',
      `kubectl create rolebinding prb --role=pr --serviceaccount=t:bob -n t`,
      'kubectl run p --image=nginx:1.25 -n t', 'kubectl wait --for=condition=Ready pod/p -n t',
      ...lines,
      'kubectl create role lr --verb=get --resource=pods/log -n t', 'kubectl create rolebinding lrb --role=lr --serviceaccount=t:bob -n t',
      `kubectl logs p ${as} --tail=1`,
    ].join('\n'));
    expect(outputOf(out, lines[0])).toBe(`Error from server (Forbidden): ${forbidden('get', 'log')}\n`);
    expect(outputOf(out, lines[1])).toBe(`Error from server (Forbidden): ${forbidden('get', 'log')}\n`);
    expect(outputOf(out, lines[2])).toBe(`Error from server (Forbidden): ${forbidden('create', 'exec')}\n`);
    expect(outputOf(out, lines[3])).toBe(`Error from server (Forbidden): ${forbidden('create', 'exec')}\n`);
    expect(outputOf(out, lines[4])).toBe(`error: error upgrading connection: ${forbidden('create', 'portforward')}\n`);
    expect(outputOf(out, lines[5])).toBe('pod/p\n');
    expect(outputOf(out, `kubectl logs p ${as} --tail=1`)).toMatch(/start worker process/);
  });
});
