/**
 * ValidatePodUpdate (pkg/apis/core/validation/validation.go, release-1.35) through the API server: the new pod is
 * validated whole (metadata update, ValidateObjectMeta, ValidatePodSpec), then ValidateContainerUpdates,
 * activeDeadlineSeconds, validateOnlyAddedTolerations, validateOnlyDeletedSchedulingGates, all accumulated; the
 * message (ErrorList.ToAggregate) shows each text once while the causes keep every error (errors.NewInvalid).
 */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../meta.js';
import { apiServerOnly, rejected } from '../test-helpers.js';

type Spec = Record<string, unknown>;

const LABEL_VALUE_ERROR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function setup(spec: Spec = {}) {
  const c = apiServerOnly(3);
  const client = c.client();
  client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
  const update = (change: (p: KObject & { spec: Spec }) => void) => {
    const p = structuredClone(client.get('pods', 'default', 'p')) as KObject & { spec: Spec };
    change(p);
    return rejected(c, () => client.update('pods', p));
  };
  return { c, client, update };
}

describe('ValidatePodUpdate accumulates', () => {
  it('a bad label and an added container: both, the container count ending the checks', () => {
    const { update } = setup();
    const err = update((p) => {
      p.metadata.labels = { app: '-x' };
      (p.spec.containers as Spec[]).push({ name: 'd', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' });
    });
    expect(err.message).toBe(`Pod "p" is invalid: [metadata.labels: Invalid value: "-x": ${LABEL_VALUE_ERROR}, spec.containers: Forbidden: pod updates may not add or remove containers]`);
    // ValidateObjectMetaUpdate and ValidateObjectMeta both check the labels: two causes, one line in the message.
    expect(err.status.details?.causes?.map((c) => c.field)).toEqual(['metadata.labels', 'metadata.labels', 'spec.containers']);
  });

  it('an emptied image: ValidatePodSpec and ValidateContainerUpdates each report it', () => {
    const { update } = setup();
    const err = update((p) => { (p.spec.containers as Spec[])[0].image = ''; });
    expect(err.message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
    expect(err.status.details?.causes).toEqual([
      { type: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
      { type: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
    ]);
  });

  it('an image with a trailing space, and a raised activeDeadlineSeconds that ends the checks', () => {
    const { update } = setup({ activeDeadlineSeconds: 30, tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }] });
    const err = update((p) => {
      (p.spec.containers as Spec[])[0].image = 'nginx ';
      p.spec.activeDeadlineSeconds = 60;
      p.spec.tolerations = [];
    });
    expect(err.message).toBe('Pod "p" is invalid: [spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace, spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value]');
  });

  it('a changed toleration and a new scheduling gate: both munged back, so no spec diff follows', () => {
    const { update } = setup({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }] });
    const err = update((p) => {
      p.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoExecute' }];
      p.spec.schedulingGates = [{ name: 'example.com/gate' }];
    });
    expect(err.message).toBe("Pod \"p\" is invalid: [spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds, spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/gate']");
  });
});
