/**
 * ReplicationController and PodTemplate validation texts (pkg/apis/core/validation/validation.go, release-1.35:
 * ValidateReplicationController, ValidatePodTemplateSpecForRC, ValidateReplicationControllerStatus, ValidatePodTemplate)
 * and SetDefaults_ReplicationController (pkg/apis/core/v1/defaults.go).
 */
import { describe, expect, it } from 'vitest';
import { fieldErrorText } from '../errors.js';
import type { KObject } from '../meta.js';
import {
  defaultReplicationController, validatePodTemplate, validateReplicationController, validateReplicationControllerStatusUpdate,
  validateReplicationControllerUpdate,
} from './replicationcontrollers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function rc(spec: Any = {}, meta: Any = {}): KObject {
  const obj: Any = {
    apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'nginx', namespace: 'default', ...meta },
    spec: { template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } }, ...spec },
  };
  defaultReplicationController(obj);
  obj.spec.template ??= undefined;
  if (obj.spec.template?.spec) obj.spec.template.spec.restartPolicy ??= 'Always';
  return obj;
}
const texts = (errs: ReturnType<typeof validateReplicationController>) => errs.map(fieldErrorText);

describe('SetDefaults_ReplicationController', () => {
  it('takes the selector and the labels from the template, and one replica', () => {
    const o: Any = rc();
    expect(o.spec.selector).toEqual({ app: 'nginx' });
    expect(o.metadata.labels).toEqual({ app: 'nginx' });
    expect(o.spec.replicas).toBe(1);
  });
  it('keeps a selector, labels and replicas that are set, zero included', () => {
    const o: Any = rc({ selector: { app: 'nginx' }, replicas: 0 }, { labels: { team: 'a' } });
    expect(o.metadata.labels).toEqual({ team: 'a' });
    expect(o.spec.replicas).toBe(0);
  });
  it('a template without labels lends nothing', () => {
    const o: Any = { metadata: { name: 'x' }, spec: { template: { spec: { containers: [] } } } };
    defaultReplicationController(o);
    expect(o.spec.selector).toBeUndefined();
    expect(o.metadata.labels).toBeUndefined();
  });
});

describe('ValidateReplicationController', () => {
  it('accepts the docs example once defaulted', () => {
    expect(validateReplicationController(rc({ replicas: 3, selector: { app: 'nginx' } }))).toEqual([]);
  });
  it('a selector the template labels do not match', () => {
    expect(texts(validateReplicationController(rc({ selector: { app: 'web' } })))).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`',
    ]);
  });
  it('no selector and no template labels: selector required', () => {
    const o: Any = rc();
    o.spec.selector = {};
    o.spec.template.metadata.labels = {};
    expect(texts(validateReplicationController(o))).toEqual(['spec.selector: Required value']);
  });
  it('no template', () => {
    const o: Any = rc({ selector: { app: 'nginx' } });
    delete o.spec.template;
    expect(texts(validateReplicationController(o))).toEqual(['spec.template: Required value']);
  });
  it('negative replicas and minReadySeconds, minReadySeconds first', () => {
    expect(texts(validateReplicationController(rc({ replicas: -1, minReadySeconds: -2 })))).toEqual([
      'spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0',
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
  it('restartPolicy Always only, and no activeDeadlineSeconds', () => {
    const o: Any = rc();
    o.spec.template.spec.restartPolicy = 'OnFailure';
    o.spec.template.spec.activeDeadlineSeconds = 30;
    expect(texts(validateReplicationController(o))).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported',
    ]);
  });
  it('the pod template is validated as a pod template', () => {
    const o: Any = rc();
    o.spec.template.spec.containers = [];
    expect(texts(validateReplicationController(o))).toEqual(['spec.template.spec.containers: Required value']);
  });
  it('an update reports the spec twice, as rcStrategy.ValidateUpdate validates it in both of its calls', () => {
    const old = rc();
    const next: Any = rc({ replicas: -1 });
    next.metadata.resourceVersion = '1';
    expect(texts(validateReplicationControllerUpdate(next, old))).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
});

describe('ValidateReplicationControllerStatusUpdate', () => {
  it('counts never above replicas, available never above ready', () => {
    const old = rc();
    const next: Any = { ...rc(), status: { replicas: 1, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 2 } };
    expect(texts(validateReplicationControllerStatusUpdate(next, old))).toEqual([
      'status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas',
    ]);
  });
  it('negative replicas: the zero counts are then above it too', () => {
    const next: Any = { ...rc(), status: { replicas: -1 } };
    expect(texts(validateReplicationControllerStatusUpdate(next, rc()))).toEqual([
      'status.replicas: Invalid value: -1: must be greater than or equal to 0',
      'status.fullyLabeledReplicas: Invalid value: 0: cannot be greater than status.replicas',
      'status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas',
    ]);
  });
});

describe('ValidatePodTemplate', () => {
  it('a pod name and a valid template', () => {
    const t: Any = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'Bad_Name', namespace: 'default' }, template: { spec: { containers: [], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' } } };
    expect(texts(validatePodTemplate(t))).toEqual([
      "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'template.spec.containers: Required value',
    ]);
  });
});
