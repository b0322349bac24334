/**
 * RuntimeClass (node.k8s.io/v1) and the RuntimeClass admission plugin, with the texts of
 * pkg/apis/node/validation/validation.go and plugin/pkg/admission/runtimeclass/admission.go (release-1.35).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { isStatusError, type StatusError } from '../errors.js';
import type { KObject } from '../meta.js';
import { kindReady } from './lazy-kinds.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => { await kindReady('runtimeclasses.node.k8s.io'); });

const caught = (f: () => unknown): StatusError => {
  try { f(); } catch (e) { if (isStatusError(e)) return e; throw e; }
  throw new Error('no error');
};
const rc = (name: string, extra: Any = {}) => ({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler: 'runc', ...extra }) as unknown as KObject;
const pod = (name: string, spec: Any = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } }) as unknown as KObject;

describe('RuntimeClass', () => {
  it('validates the handler as a DNS label and keeps it immutable', () => {
    const c = new Cluster({ seed: 2 }).boot().client();
    const e = caught(() => c.create('runtimeclasses.node.k8s.io', undefined, rc('gvisor', { handler: 'Run_SC' })));
    expect(e.message).toBe('RuntimeClass.node.k8s.io "gvisor" is invalid: handler: Invalid value: "Run_SC": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')');
    expect(c.list('runtimeclasses.node.k8s.io', undefined).items).toHaveLength(0);
    const made = c.create('runtimeclasses.node.k8s.io', undefined, rc('gvisor', { handler: 'runsc' }));
    const next = { ...made, handler: 'runc' } as KObject;
    expect(caught(() => c.update('runtimeclasses.node.k8s.io', next)).message).toBe('RuntimeClass.node.k8s.io "gvisor" is invalid: handler: Invalid value: "runc": field is immutable');
  });

  it('refuses a pod naming a RuntimeClass that does not exist, and lends an existing one\'s overhead and scheduling', () => {
    const c = new Cluster({ seed: 2 }).boot().client();
    const e = caught(() => c.create('pods', 'default', pod('x', { runtimeClassName: 'foo' })));
    expect([e.code, e.reason, e.message]).toEqual([403, 'Forbidden', 'pods "x" is forbidden: pod rejected: RuntimeClass "foo" not found']);
    c.create('runtimeclasses.node.k8s.io', undefined, rc('foo', {
      overhead: { podFixed: { cpu: '250m', memory: '120Mi' } },
      scheduling: { nodeSelector: { 'runtime': 'foo' }, tolerations: [{ key: 'runtime', operator: 'Equal', value: 'foo', effect: 'NoSchedule' }] },
    }));
    const made = c.create('pods', 'default', pod('x', { runtimeClassName: 'foo' })).spec as Any;
    expect(made.overhead).toEqual({ cpu: '250m', memory: '120Mi' });
    expect(made.nodeSelector).toEqual({ runtime: 'foo' });
    // DefaultTolerationSeconds runs first (its two tolerations), then RuntimeClass appends the class's.
    expect(made.tolerations.map((t: Any) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'runtime']);
    expect(made.tolerations[2]).toEqual({ key: 'runtime', operator: 'Equal', value: 'foo', effect: 'NoSchedule' });
    const conflict = caught(() => c.create('pods', 'default', pod('y', { runtimeClassName: 'foo', nodeSelector: { runtime: 'bar' } })));
    expect(conflict.message).toBe('pods "y" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[runtime] = foo; pod.spec.nodeSelector[runtime] = bar');
    const overhead = caught(() => c.create('pods', 'default', pod('z', { overhead: { cpu: '1' } })));
    expect(overhead.message).toBe('pods "z" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead');
  });
});
