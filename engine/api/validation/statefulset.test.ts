/** StatefulSet validation texts (pkg/apis/apps/validation/validation.go, release-1.35) and the defaults of SetDefaults_StatefulSet. */
import { describe, expect, it } from 'vitest';
import { fieldErrorText } from '../errors.js';
import { validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from './statefulset.js';
import { defaultStatefulSet } from '../registry/statefulset-strategy.js';
import type { KObject } from '../meta.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function sts(spec: Any = {}, name = 'web'): KObject {
  const obj: Any = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'nginx' }] } }, ...spec },
  };
  defaultStatefulSet(obj);
  return obj;
}
const texts = (errs: ReturnType<typeof validateStatefulSet>) => errs.map(fieldErrorText);

describe('StatefulSet defaults', () => {
  it('OrderedReady, RollingUpdate with partition 0 and maxUnavailable 1, Retain/Retain, one replica, ten revisions', () => {
    const s: Any = sts();
    expect(s.spec.podManagementPolicy).toBe('OrderedReady');
    expect(s.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } });
    expect(s.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(s.spec.replicas).toBe(1);
    expect(s.spec.revisionHistoryLimit).toBe(10);
  });
  it('OnDelete gets no rollingUpdate', () => {
    expect((sts({ updateStrategy: { type: 'OnDelete' } }) as Any).spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });
});

describe('ValidateStatefulSet', () => {
  it('accepts the defaulted object', () => {
    expect(validateStatefulSet(sts())).toEqual([]);
  });
  it('selector and template labels', () => {
    expect(texts(validateStatefulSet(sts({ selector: { matchLabels: { app: 'db' } } })))).toEqual(['spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`']);
    expect(texts(validateStatefulSet(sts({ selector: {} })))).toContain('spec.selector: Invalid value: {}: empty selector is invalid for statefulset');
  });
  it('the policy, the strategy, counts and the restart policy', () => {
    expect(texts(validateStatefulSet(sts({ podManagementPolicy: 'Sideways' })))).toEqual(["spec.podManagementPolicy: Invalid value: \"Sideways\": must be 'OrderedReady' or 'Parallel'"]);
    expect(texts(validateStatefulSet(sts({ replicas: -1 })))).toEqual(['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
    expect(texts(validateStatefulSet(sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 0 } } })))).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0']);
    const bad: Any = sts();
    bad.spec.template.spec.restartPolicy = 'Never';
    expect(texts(validateStatefulSet(bad))).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });
  it('a struct in a message is the internal type as json.Marshal writes it: Go field names, declaration order, nil as null', () => {
    // kubernetes/website#47038: the StatefulSet Basics tutorial's OnDelete patch keeps the defaulted rollingUpdate
    // (updateStrategy has no retainKeys); since apimachinery v0.34 ErrorBody marshals the value instead of %#v.
    const onDelete: Any = sts();
    onDelete.spec.updateStrategy.type = 'OnDelete';
    expect(texts(validateStatefulSet(onDelete))).toEqual([`spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":0,"MaxUnavailable":1}: only allowed for updateStrategy 'RollingUpdate'`]);
    const sideways: Any = sts();
    sideways.spec.updateStrategy = { type: 'Sideways' };
    expect(texts(validateStatefulSet(sideways))).toEqual([`spec.updateStrategy: Invalid value: {"Type":"Sideways","RollingUpdate":null}: must be 'RollingUpdate' or 'OnDelete'`]);
  });
  it('a name is a DNS label', () => {
    expect(texts(validateStatefulSet(sts({}, 'web.v1')))).toEqual(['metadata.name: Invalid value: "web.v1": must not contain dots']);
  });
});

describe('ValidateStatefulSetUpdate', () => {
  it('only replicas, ordinals, template, updateStrategy, the retention policy and minReadySeconds may change', () => {
    const old = sts({ serviceName: 'nginx' });
    const next: Any = sts({ serviceName: 'other' });
    expect(texts(validateStatefulSetUpdate(next, old))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    expect(validateStatefulSetUpdate(sts({ serviceName: 'nginx', replicas: 5, minReadySeconds: 3 }), old)).toEqual([]);
  });
  it('status counts', () => {
    const old = sts();
    const next: Any = sts();
    next.status = { replicas: 1, readyReplicas: 2, availableReplicas: 0 };
    expect(texts(validateStatefulSetStatusUpdate(next, old))).toEqual(['status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas']);
  });
});
