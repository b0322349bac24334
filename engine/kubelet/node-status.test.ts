import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nodeStatus, nodeStatusEvents, statusChanged, type NodeConfig } from './node-status.js';
import { lookupImage } from '../images/catalogue.js';

const node: NodeConfig = { name: 'worker-1', role: 'worker', cpu: '2', memory: '8Gi', pods: 110, index: 1, podCIDR: '10.244.1.0/24', internalIP: '172.18.0.3' };
const id = { machineID: 'a'.repeat(32), systemUUID: 'u-1', bootID: 'b-1' };
const pause = lookupImage('registry.k8s.io/pause:3.10');
const images = pause.ok ? [pause.image] : [];

/** The definition: the same JSON once every condition's lastHeartbeatTime is blanked. */
function reference(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  const norm = (s: Record<string, unknown> | undefined) => JSON.stringify(s ? { ...s, conditions: ((s.conditions ?? []) as Record<string, unknown>[]).map((c) => ({ ...c, lastHeartbeatTime: '' })) } : null);
  return norm(a) !== norm(b);
}

const T0 = Date.UTC(2026, 0, 1);

describe('node status: what the runtime reports of itself', () => {
  it('runtimeHandlers: containerd\'s default handler "" and runc, sorted by name, both runc features on; features.supplementalGroupsPolicy', () => {
    // containerd internal/cri/server service.go introspectRuntimeHandler (rro with kernel >= 5.12, userns with idmap
    // mounts) and status.go (sorted by name); kubelet nodestatus.RuntimeHandlers writes both features as pointers.
    const s = nodeStatus(node, id, images, undefined, T0);
    const features = { recursiveReadOnlyMounts: true, userNamespaces: true };
    expect(s.runtimeHandlers).toEqual([{ name: '', features }, { name: 'runc', features }]);
    expect(s.features).toEqual({ supplementalGroupsPolicy: true });
    // v1.35's declaredFeatures belongs to the NodeDeclaredFeatures gate, alpha and off.
    expect(s).not.toHaveProperty('declaredFeatures');
    expect(statusChanged(s, nodeStatus(node, id, images, s, T0 + 10_000))).toBe(false);
  });
});

describe('node status: what counts as a change', () => {
  it('a later heartbeat alone is no change; a new condition status, boot ID or image list is', () => {
    const first = nodeStatus(node, id, images, undefined, T0);
    expect(statusChanged(undefined, first)).toBe(true);
    const later = nodeStatus(node, id, images, first, T0 + 10_000);
    expect((later.conditions as { lastHeartbeatTime: string }[])[3].lastHeartbeatTime).toBe('2026-01-01T00:00:10Z');
    expect(statusChanged(first, later)).toBe(false);
    expect(statusChanged(first, nodeStatus(node, { ...id, bootID: 'b-2' }, images, first, T0 + 10_000))).toBe(true);
    expect(statusChanged(first, nodeStatus(node, id, [], first, T0 + 10_000))).toBe(true);
    const notReady = { ...first, conditions: (first.conditions as Record<string, unknown>[]).map((c) => (c.type === 'Ready' ? { ...c, status: 'Unknown', lastTransitionTime: '2026-01-01T00:00:40Z' } : c)) };
    expect(statusChanged(notReady, later)).toBe(true);
  });

  it('answers as comparing the JSON texts would, for any edit of a status', () => {
    const base = nodeStatus(node, id, images, undefined, T0);
    const leaf = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: 0, max: 3 }), fc.constantFrom('', 'True', 'False', '2026-01-01T00:00:00Z'), fc.constant(Number.NaN));
    const edit = fc.record({
      path: fc.constantFrom('conditions.0.lastHeartbeatTime', 'conditions.3.status', 'conditions.2.lastTransitionTime', 'conditions.1.extra', 'nodeInfo.bootID', 'allocatable.pods', 'images.0.sizeBytes', 'features.x', 'daemonEndpoints', 'conditions.3.lastHeartbeatTime', 'extra'),
      value: leaf,
      reorder: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(edit, { maxLength: 3 }), fc.array(edit, { maxLength: 3 }), (ea, eb) => {
      const a = apply(base, ea);
      const b = apply(base, eb);
      expect(statusChanged(a, b)).toBe(reference(a, b));
    }), { numRuns: 500, seed: 7 });
  });
});

function apply(base: Record<string, unknown>, edits: { path: string; value: unknown; reorder: boolean }[]): Record<string, unknown> {
  const out = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  for (const e of edits) {
    const keys = e.path.split('.');
    let o = out as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) {
      if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
      o = o[k] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (e.reorder) {
      // The same members in another order: JSON differs.
      const copy = { ...o };
      for (const k of Object.keys(o)) delete o[k];
      for (const k of Object.keys(copy).reverse()) o[k] = copy[k];
    } else o[last] = e.value;
  }
  return out;
}

describe('node status events: what the setters record (pkg/kubelet/nodestatus/setters.go)', () => {
  const reasons = (previous: Record<string, unknown> | undefined, bootID: string, pressure: boolean) => nodeStatusEvents('worker-1', previous, bootID, pressure).map((e) => `${e.type} ${e.reason}: ${e.message}`);
  const withConditions = (memory: string, ready: string, bootID = 'b-1') => ({
    nodeInfo: { bootID },
    conditions: [{ type: 'MemoryPressure', status: memory }, { type: 'DiskPressure', status: memory === 'Unknown' ? 'Unknown' : 'False' }, { type: 'PIDPressure', status: memory === 'Unknown' ? 'Unknown' : 'False' }, { type: 'Ready', status: ready }],
  });

  it('a node built from scratch: each pressure condition is new (Unknown), Ready is new and records nothing', () => {
    expect(reasons(undefined, 'b-1', false)).toEqual([
      'Normal NodeHasSufficientMemory: Node worker-1 status is now: NodeHasSufficientMemory',
      'Normal NodeHasNoDiskPressure: Node worker-1 status is now: NodeHasNoDiskPressure',
      'Normal NodeHasSufficientPID: Node worker-1 status is now: NodeHasSufficientPID',
    ]);
  });

  it('nothing changed, nothing recorded; the node lifecycle controller\'s Unknown comes back as all four', () => {
    expect(reasons(withConditions('False', 'True'), 'b-1', false)).toEqual([]);
    expect(reasons(withConditions('Unknown', 'Unknown'), 'b-1', false).map((r) => r.split(':')[0])).toEqual([
      'Normal NodeHasSufficientMemory', 'Normal NodeHasNoDiskPressure', 'Normal NodeHasSufficientPID', 'Normal NodeReady',
    ]);
  });

  it('memory pressure both ways; a new boot ID first, as a warning', () => {
    expect(reasons(withConditions('False', 'True'), 'b-1', true)).toEqual(['Normal NodeHasInsufficientMemory: Node worker-1 status is now: NodeHasInsufficientMemory']);
    expect(reasons(withConditions('True', 'True'), 'b-1', true)).toEqual([]);
    expect(reasons(withConditions('True', 'True'), 'b-1', false)).toEqual(['Normal NodeHasSufficientMemory: Node worker-1 status is now: NodeHasSufficientMemory']);
    expect(reasons(withConditions('False', 'True', 'b-0'), 'b-2', false)).toEqual(['Warning Rebooted: Node worker-1 has been rebooted, boot id: b-2']);
  });
});
