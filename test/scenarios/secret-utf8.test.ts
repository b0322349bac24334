/**
 * A Secret's values are bytes: a learner who keeps Korean text in one gets the same text back in the container,
 * from an environment variable and from a mounted file (the kubelet writes the decoded bytes as they are).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('a Secret holding UTF-8 text', () => {
  it('reaches the container as the same text and byte count, through env and a volume', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl create secret generic greet --from-literal=greeting=안녕하세요')).out).toBe('secret/greet created\n');
    expect((await run('kubectl get secret greet -o jsonpath={.data.greeting}')).out).toBe('7JWI64WV7ZWY7IS47JqU');
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: {
        containers: [{
          name: 'p', image: 'busybox:1.36', command: ['sleep', '3600'],
          env: [{ name: 'GREETING', valueFrom: { secretKeyRef: { name: 'greet', key: 'greeting' } } }],
          envFrom: [{ prefix: 'ALL_', secretRef: { name: 'greet' } }],
          volumeMounts: [{ name: 's', mountPath: '/etc/greet' }],
        }],
        volumes: [{ name: 's', secret: { secretName: 'greet' } }],
      },
    };
    await run(`cat <<'EOF' > p.json\n${JSON.stringify(pod)}\nEOF`);
    expect((await run('kubectl apply -f p.json')).out).toBe('pod/p created\n');
    expect((await run('kubectl wait --for=condition=Ready pod/p --timeout=60s')).out).toBe('pod/p condition met\n');
    expect((await run('kubectl exec p -- printenv GREETING ALL_greeting')).out).toBe('안녕하세요\n안녕하세요\n');
    // 15 bytes of Hangul and echo's newline.
    expect((await run("kubectl exec p -- sh -c 'echo \"$GREETING\" | wc -c'")).out.trim()).toBe('16');
    expect((await run('kubectl exec p -- cat /etc/greet/greeting')).out).toBe('안녕하세요');
    expect((await run('kubectl exec p -- wc -c /etc/greet/greeting')).out.trim()).toMatch(/^15 /);
    expect((await run("kubectl get secret greet -o jsonpath='{.data.greeting}' | base64 -d")).out).toBe('안녕하세요');
  });
});
