/**
 * kubeadm's files on the node load with their code on first use: a fresh lab has neither the code nor the files
 * until a line runs, and that line sees them, with simulated time held while the code loads.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import { nodeFilesCode } from './home.js';
import { Session } from './session.js';

describe("kubeadm's node files in a fresh lab", () => {
  it('are written at the first line, with the clock held while their code loads', async () => {
    const cluster = new Cluster({ seed: 1 }).boot();
    const session = new Session({ cluster, terminal: { isTTY: false, columns: 80, rows: 24 } });
    expect(nodeFilesCode.loaded()).toBeUndefined();
    const at = cluster.clock.now();
    let out = '';
    const line = session.run('cat /etc/kubernetes/pki/ca.crt | head -1; ls /etc/kubernetes', (t) => (out += t));
    expect(cluster.clock.held()).toBe(true);
    await line;
    expect(cluster.clock.now()).toBe(at);
    expect(nodeFilesCode.loaded()).toBeDefined();
    expect(out).toBe('-----BEGIN CERTIFICATE-----\nadmin.conf\ncontroller-manager.conf\nkubelet.conf\nmanifests\npki\nscheduler.conf\nsuper-admin.conf\n');
  });
});
