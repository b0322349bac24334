import { describe, expect, it } from 'vitest';
import { isDNS1123Label, isLabelValue, isQualifiedName, isValidPortName, nameIsDNSSubdomain } from './names.js';
import { canonicalQuantity, canonicalQuantityField } from './quantity.js';

// Texts from apimachinery release-1.35: pkg/util/validation/validation.go and pkg/api/validate/content/kube.go.
describe('name and label rules', () => {
  it('DNS-1123 label', () => {
    expect(isDNS1123Label('web')).toEqual([]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('x'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(isDNS1123Label('Web')).toEqual(["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]);
  });

  it('label keys and values count bytes', () => {
    expect(isQualifiedName('example.com/app')).toEqual([]);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a valid label key must consist of/);
    expect(isQualifiedName('/x')).toEqual(['prefix part must be non-empty']);
    expect(isLabelValue('x'.repeat(64))[0]).toBe('must be no more than 63 bytes');
    expect(isLabelValue('-bad')).toEqual(["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]);
  });

  it('generateName prefixes may end with a dash', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false)).not.toEqual([]);
  });

  it('port names', () => {
    expect(isValidPortName('http')).toEqual([]);
    expect(isValidPortName('80')).toEqual(['must contain at least one letter (a-z)']);
  });
});

describe('canonical quantities (Quantity.String)', () => {
  it.each([
    ['0.5', '500m'], ['1000m', '1'], ['1500m', '1500m'], ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['2000', '2k'], ['128Mi', '128Mi'], ['0.1m', '1m'], [2, '2'], ['1e3', '1e3'],
  ])('%s → %s', (input, out) => {
    expect(canonicalQuantity(input)).toBe(out);
  });
});

describe('a Quantity outside a ResourceList: ParseQuantity rounds up to nano units only', () => {
  // apimachinery pkg/api/resource quantity_test.go TestQuantityParseEmit, and its negatives.
  it.each([
    ['1Ki', '1Ki'], ['1024Mi', '1Gi'], ['1000M', '1G'], ['.001Ki', '1024m'], ['.000001Ki', '1024u'], ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'],
    ['-.000001Ki', '-1024u'], ['-.000000000001Ki', '-2n'], ['0.1', '100m'], ['1.0', '1'], [1000000000, '1G'],
  ])('%s → %s', (input, out) => {
    expect(canonicalQuantityField(input)).toBe(out);
  });

  it('leaves what does not parse as it is', () => {
    expect(canonicalQuantityField('1 Gi')).toBe('1 Gi');
    expect(canonicalQuantityField(true)).toBe(true);
  });
});
