/**
 * Where admission stands in a create, as kube-apiserver runs it: the handler's mutating admission
 * (NamespaceLifecycle, LimitRanger's Admit, ServiceAccount, Priority, ...) before the registry's
 * BeforeCreate (PrepareForCreate, name generation, Validate), then validating admission (LimitRanger's
 * Validate, ResourceQuota), then the store (AlreadyExists). admission.NewForbidden names the object by its
 * generateName when the name is not generated yet (apiserver pkg/admission/errors.go extractResourceName).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServerOnly, rejected } from '../test-helpers.js';
import type { KObject } from '../meta.js';
import { loadKinds } from './kinds.js';

beforeAll(() => loadKinds());

const pod = (meta: Record<string, string>, spec: Record<string, unknown> = {}, resources?: unknown): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: meta,
  spec: { containers: [{ name: 'c', image: 'nginx', ...(resources ? { resources } : {}) }], ...spec },
});

describe('admission and validation on create', () => {
  it('LimitRanger\'s default limit is validated: a request above it is refused by pod validation', () => {
    const c = apiServerOnly(1);
    const client = c.client();
    client.create('limitranges', 'default', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'cpu' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '250m' } }] } } as KObject);
    expect(rejected(c, () => client.create('pods', 'default', pod({ name: 'p' }, {}, { requests: { cpu: '700m' } }))).message).toBe(
      'Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "700m": must be less than or equal to cpu limit of 500m');
    const ok = client.create('pods', 'default', pod({ name: 'q' }, {}, { requests: { cpu: '100m' } }));
    expect((ok.spec as { containers: { resources: unknown }[] }).containers[0].resources).toEqual({ limits: { cpu: '500m' }, requests: { cpu: '100m' } });
    expect((ok.status as { qosClass: string }).qosClass).toBe('Burstable');
  });

  it('a missing ServiceAccount wins over an invalid spec, and is named by the generateName', () => {
    const c = apiServerOnly(1);
    const client = c.client();
    expect(rejected(c, () => client.create('pods', 'default', pod({ name: 'p' }, { serviceAccountName: 'nope', restartPolicy: 'Sometimes' }))).message).toBe(
      'pods "p" is forbidden: error looking up service account default/nope: serviceaccount "nope" not found');
    expect(rejected(c, () => client.create('pods', 'default', pod({ generateName: 'web-' }, { serviceAccountName: 'nope' }))).message).toBe(
      'pods "web-" is forbidden: error looking up service account default/nope: serviceaccount "nope" not found');
  });

  it('a namespace that does not exist wins over an invalid spec', () => {
    const c = apiServerOnly(1);
    expect(rejected(c, () => c.client().create('pods', 'nope', pod({ name: 'p' }, { restartPolicy: 'Sometimes' }))).message).toBe('namespaces "nope" not found');
  });
});
