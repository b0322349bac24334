/**
 * The internal pod spec behind ValidatePodUpdate's report (pod-spec-go.ts): the v1 → internal conversion
 * (Convert_v1_PodSpec_To_core_PodSpec) and resource.Quantity's unexported fields as go-cmp prints them.
 * A quantity keeps the text it was parsed from in `s` only where ParseQuantity's int64 path found it
 * canonical (k8s.io/apimachinery pkg/api/resource/quantity.go, release-1.35: a decimal scale that is a
 * multiple of 3, digits not ending in 000 and not starting with 0; a binary suffix of 2^(10n) on a number
 * that is not a multiple of 8) and SetDefaults_ResourceList's RoundUp(-3) did not round it.
 */
import { describe, expect, it } from 'vitest';
import { podSpecUpdateDiff } from './pod-spec-go.js';

const spec = (resources?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  containers: [{ name: 'c', image: 'nginx', ...(resources ? { resources } : {}) }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', ...extra,
});

/** The quantity of a memory limit set where there was none, as the + lines print it (on the list's line, or on one of its own past 80 columns). */
function limitLine(q: string): string {
  const diff = podSpecUpdateDiff(spec(), spec({ limits: { memory: q } }))!;
  const line = diff.split('\n').find((l) => l.startsWith('+') && l.includes('s"memory": '))!;
  const value = line.slice(line.indexOf('s"memory": ') + 11);
  return line.includes('Limits:') ? value.replace(/\},$/, '') : value.replace(/,$/, '');
}

describe('resource.Quantity in the report', () => {
  it.each([
    ['700m', '{i: resource.int64Amount{value: 700, scale: -3}, s: "700m", Format: "DecimalSI"}'],
    ['200Mi', '{i: resource.int64Amount{value: 209715200}, Format: "BinarySI"}'],
    ['1Gi', '{i: resource.int64Amount{value: 1073741824}, s: "1Gi", Format: "BinarySI"}'],
    ['1000m', '{i: resource.int64Amount{value: 1000, scale: -3}, Format: "DecimalSI"}'],
    ['0.5', '{i: resource.int64Amount{value: 5, scale: -1}, Format: "DecimalSI"}'],
    ['1u', '{i: resource.int64Amount{value: 1, scale: -3}, Format: "DecimalSI"}'],
    ['2', '{i: resource.int64Amount{value: 2}, s: "2", Format: "DecimalSI"}'],
    ['0', '{s: "0", Format: "DecimalSI"}'],
    // Past the int64 path (a binary suffix on a fraction): an inf.Dec, rounded to nano by ParseQuantity and to milli by defaulting.
    ['1.5Gi', '{d: resource.infDecAmount{Dec: s"1610612736.000"}, Format: "BinarySI"}'],
  ])('%s', (q, want) => {
    expect(limitLine(q)).toBe(want);
  });

  it('compares by value: 1 and 1000m are the same quantity, so nothing is refused', () => {
    expect(podSpecUpdateDiff(spec({ limits: { cpu: '1' } }), spec({ limits: { cpu: '1000m' } }))).toBeUndefined();
  });
});

describe('the v1 → internal conversion', () => {
  it('the host namespaces are the security context\'s, which is never nil', () => {
    expect(podSpecUpdateDiff(spec(), spec(undefined, { hostNetwork: true }))).toContain(
      '  \tSecurityContext: &core.PodSecurityContext{\n- \t\tHostNetwork: false,\n+ \t\tHostNetwork: true,\n  \t\tHostPID:     false,\n  \t\tHostIPC:     false,\n  \t\t... // 15 identical fields\n  \t},\n');
  });

  it('an empty list the old pod read back from storage is nil; the same list in the request is not, and only go-cmp tells them apart', () => {
    expect(podSpecUpdateDiff(spec(undefined, { nodeSelector: {} }), spec(undefined, { nodeSelector: {} }))).toBeUndefined();
    const diff = podSpecUpdateDiff(spec(undefined, { nodeSelector: {} }), spec(undefined, { nodeSelector: {}, hostname: 'h' }))!;
    expect(diff).toContain('- \tNodeSelector:                 nil,\n+ \tNodeSelector:                 map[string]string{},\n');
  });
});
