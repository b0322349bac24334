/**
 * kubernetes.io tutorial "Example: Deploying WordPress and MySQL with Persistent Volumes" (content/en/docs/tutorials/
 * stateful-application/mysql-wordpress-persistent-volume.md), as a learner types it on this cluster, which like
 * a kubeadm one has no StorageClass and so no dynamic provisioning: the page's note ("It can take up to a few
 * minutes for the PVs to be provisioned and bound") never comes true, the claims stay Pending (the
 * persistentvolume-controller's FailedBinding every resync) and so do the pods (the scheduler's "unbound immediate
 * PersistentVolumeClaims").
 *
 * The kustomization's output was checked against the real kubectl v1.35.2 (`kubectl kustomize ./` over the same
 * files): the secretGenerator's name mysql-pass-5m26tmdb5k for password=YOUR_PASSWORD, and the legacy order
 * (Secret, Services, claims, Deployments; `wordpress` before `wordpress-mysql` within a kind).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const SECRET = 'mysql-pass-5m26tmdb5k';

describe('Deploying WordPress and MySQL with Persistent Volumes', () => {
  it('kubectl apply -k ./ with a secretGenerator; without a default StorageClass the claims and pods stay Pending', async () => {
    const { run } = await interactiveSession();
    await run(`cat <<EOF >./kustomization.yaml
secretGenerator:
- name: mysql-pass
  literals:
  - password=YOUR_PASSWORD
EOF`);
    expect((await run('curl -LO https://k8s.io/examples/application/wordpress/mysql-deployment.yaml')).status).toBe(0);
    expect((await run('curl -LO https://k8s.io/examples/application/wordpress/wordpress-deployment.yaml')).status).toBe(0);
    expect((await run('grep -c image: mysql-deployment.yaml wordpress-deployment.yaml; grep image: mysql-deployment.yaml wordpress-deployment.yaml')).out).toBe(
      'mysql-deployment.yaml:1\nwordpress-deployment.yaml:1\nmysql-deployment.yaml:      - image: mysql:8.0\nwordpress-deployment.yaml:      - image: wordpress:6.2.1-apache\n',
    );
    await run(`cat <<EOF >>./kustomization.yaml
resources:
  - mysql-deployment.yaml
  - wordpress-deployment.yaml
EOF`);

    expect((await run('kubectl apply -k ./')).out).toBe([
      `secret/${SECRET} created`,
      'service/wordpress created',
      'service/wordpress-mysql created',
      'persistentvolumeclaim/mysql-pv-claim created',
      'persistentvolumeclaim/wp-pv-claim created',
      'deployment.apps/wordpress created',
      'deployment.apps/wordpress-mysql created',
      '',
    ].join('\n'));
    // The generated name replaces the reference in both Deployments.
    expect((await run(`kubectl get deployment wordpress-mysql -o jsonpath='{.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name}'`)).out).toBe(SECRET);
    expect((await run(`kubectl get secret ${SECRET} -o jsonpath='{.data.password}' | base64 -d`)).out).toBe('YOUR_PASSWORD');

    await run('sleep 9');
    expect((await run('kubectl get secrets')).out).toBe(`NAME                    TYPE     DATA   AGE\n${SECRET}   Opaque   1      9s\n`);

    await run('sleep 68');
    expect((await run('kubectl get storageclass')).out).toBe('No resources found\n');
    expect((await run('kubectl get pvc')).out).toBe(
      'NAME             STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n' +
      'mysql-pv-claim   Pending                                                     <unset>                 77s\n' +
      'wp-pv-claim      Pending                                                     <unset>                 77s\n',
    );
    const pvc = (await run('kubectl describe pvc mysql-pv-claim')).out;
    expect(pvc).toMatch(/\nStatus: {8}Pending\n/);
    expect(pvc).toMatch(/\nUsed By: {7}wordpress-mysql-[a-z0-9]+-[a-z0-9]{5}\n/);
    expect(pvc).toMatch(/ Normal {2}FailedBinding {2}\d+s \(x\d+ over \d+s\) {2}persistentvolume-controller {2}no persistent volumes available for this claim and no storage class is set\n$/);

    const pods = (await run('kubectl get pods')).out.trimEnd().split('\n');
    expect(pods[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(pods.slice(1).map((l) => l.split(/ +/).slice(1, 4))).toEqual([['0/1', 'Pending', '0'], ['0/1', 'Pending', '0']]);
    expect((await run('kubectl describe pod -l tier=mysql')).out).toContain('default-scheduler  0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.\n');

    const svc = (await run('kubectl get services wordpress')).out.split('\n');
    expect(svc[0]).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE$/);
    expect(svc[1]).toMatch(/^wordpress +LoadBalancer +10\.\d+\.\d+\.\d+ +\S+ +80:3\d{4}\/TCP +77s$/);

    expect((await run('kubectl delete -k ./')).out).toBe([
      `secret "${SECRET}" deleted from default namespace`,
      'service "wordpress" deleted from default namespace',
      'service "wordpress-mysql" deleted from default namespace',
      'persistentvolumeclaim "mysql-pv-claim" deleted from default namespace',
      'persistentvolumeclaim "wp-pv-claim" deleted from default namespace',
      'deployment.apps "wordpress" deleted from default namespace',
      'deployment.apps "wordpress-mysql" deleted from default namespace',
      '',
    ].join('\n'));
  });
});
