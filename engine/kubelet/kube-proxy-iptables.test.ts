/**
 * iptables in kube-proxy's image: distroless-iptables v0.8 (kubernetes/release images/build/distroless-iptables,
 * distroless-bookworm) stages Debian 12's iptables 1.8.9 behind iptables-wrapper, which chose nf_tables on this node.
 */
import { describe, expect, it } from 'vitest';
import { lab } from '../shell/commands/node/test-lab.js';

describe('kube-proxy image', () => {
  it('iptables -V names Debian 12\'s iptables and the nf_tables backend', async () => {
    const { run } = await lab(1);
    const pod = (await run("kubectl -n kube-system get pods -l k8s-app=kube-proxy -o jsonpath='{.items[0].metadata.name}'")).out;
    expect(pod).toMatch(/^kube-proxy-[a-z0-9]{5}$/);
    for (const flag of ['-V', '--version']) {
      const r = await run(`kubectl -n kube-system exec ${pod} -- iptables ${flag}`);
      expect(r.out).toBe('iptables v1.8.9 (nf_tables)\n');
      expect(r.status).toBe(0);
    }
    // The node's own is Ubuntu 24.04's 1.8.10.
    expect((await run('iptables -V')).out).toBe('iptables v1.8.10 (nf_tables)\n');
  });
});
