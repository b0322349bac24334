/**
 * The PodSecurity plugin's code loads on first use (registry/lazy-kinds.ts). This file runs in a module graph of its
 * own where nothing has loaded it: kubectl waits for it before writing a namespace, so the label write itself is
 * checked (its warnings about existing pods) and the pods the ReplicaSet controller creates right after are refused,
 * as kube-apiserver, which has the plugin compiled in, does.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession, WARNING } from '../../engine/shell/interactive-test-helpers.js';

describe('PodSecurity loads before a namespace write is acknowledged', () => {
  it('the first label write already warns about existing pods, and a Deployment\'s pods are refused', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run web --image=nginx');
    expect((await run('kubectl label ns default pod-security.kubernetes.io/enforce=restricted')).out).toBe(
      `${WARNING} existing pods in namespace "default" violate the new PodSecurity enforce level "restricted:latest"\n`
      + `${WARNING} web: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile\n`
      + 'namespace/default labeled\n');
    expect((await run('kubectl create deployment app --image=nginx')).out).toMatch(/^\u001b\[33;1mWarning:\u001b\[0m would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false .*\ndeployment\.apps\/app created\n$/);
    await run('sleep 3');
    expect((await run(`kubectl get events --field-selector reason=FailedCreate -o jsonpath='{.items[0].message}'`)).out)
      .toMatch(/^Error creating: pods "app-[a-z0-9]+-[a-z0-9]{5}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
  });
});
