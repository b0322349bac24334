/**
 * ValidateTolerations (pkg/apis/core/validation/validation.go): the operator decides what the value may be. An
 * empty operator is Equal, whose value must be a label value; Exists takes none; anything else is not supported.
 * The value's errors are filed under `operator`, with the value as the bad value, as the real code files them.
 */
import { describe, expect, it } from 'vitest';
import { apiServerOnly, rejected } from '../test-helpers.js';

const LABEL_VALUE_ERROR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function create(tolerations: unknown[]) {
  const c = apiServerOnly(5);
  return rejected(c, () => c.client().create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }], tolerations } }));
}

describe('toleration operator and value', () => {
  it('Equal (or no operator) takes a label value; Exists none; In is not an operator', () => {
    const err = create([
      { key: 'app', operator: 'Equal', value: 'bad value!', effect: 'NoSchedule' },
      { key: 'other', value: 'x'.repeat(64) },
      { key: 'k3', operator: 'Exists', value: 'v' },
      { key: 'k4', operator: 'In' },
    ]);
    expect(err.message).toBe('Pod "p" is invalid: ['
      + `spec.tolerations[0].operator: Invalid value: "bad value!": ${LABEL_VALUE_ERROR}, `
      + `spec.tolerations[1].operator: Invalid value: "${'x'.repeat(64)}": must be no more than 63 bytes, `
      + 'spec.tolerations[2].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\', '
      + 'spec.tolerations[3].operator: Unsupported value: "In": supported values: "Equal", "Exists"]');
  });

  it('an empty key needs Exists, and a value then is refused too', () => {
    const err = create([{ operator: 'Exists', value: 'x' }, { value: 'y' }]);
    expect(err.status.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.tolerations[0].operator: Invalid value: "x": value must be empty when `operator` is \'Exists\'',
      'spec.tolerations[1].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ]);
  });
});
