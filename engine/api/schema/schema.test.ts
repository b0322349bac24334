import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { base64ErrorOffset, inspect, quantityError, QUANTITY_FORMAT_ERROR, SCHEMA } from './index.js';
import { loadLazyTypes } from './lazy.js';
import fieldOrder from './field-order.json';

// The kinds whose types load on first use (types-lazy.json) are checked against the spec too, and so is the
// autoscaling/v1 HorizontalPodAutoscaler that registry/hpa-v1.ts adds when it loads.
beforeAll(() => Promise.all([loadLazyTypes(), import('../registry/hpa-v1.js')]));

type SpecSchema = { type?: string; format?: string; $ref?: string; properties?: Record<string, SpecSchema>; 'x-kubernetes-patch-strategy'?: string; 'x-kubernetes-patch-merge-key'?: string };
const SPEC = JSON.parse(readFileSync(new URL('./openapi-v1.35/swagger.json', import.meta.url), 'utf8')) as { definitions: Record<string, SpecSchema> };
// The aggregator's APIService and apiextensions-apiserver's CRD live outside k8s.io/api, as generate.ts's definitionName knows.
const definitionOf = (key: string): string => key.startsWith('meta/v1.')
  ? `io.k8s.apimachinery.pkg.apis.meta.v1.${key.slice(8)}`
  : key.startsWith('apiregistration/v1.')
    ? `io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.${key.slice('apiregistration/v1.'.length)}`
    : key.startsWith('apiextensions/v1.')
      ? `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.${key.slice('apiextensions/v1.'.length)}`
      : `io.k8s.api.${key.slice(0, key.lastIndexOf('.')).replace('/', '.')}.${key.slice(key.lastIndexOf('.') + 1)}`;

describe('schema and decoder', () => {
  it('covers every served kind with Go type names and 1.35 fields', () => {
    for (const k of ['Namespace', 'Node', 'Pod', 'Service', 'Endpoints', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'Deployment', 'ReplicaSet', 'DaemonSet', 'HorizontalPodAutoscaler', 'EndpointSlice', 'Lease', ...SCHEMA.lazy]) {
      expect(SCHEMA.roots[k], k).toBeDefined();
    }
    // int64 in k8s.io/api (types.go): terminationGracePeriodSeconds; added in 1.32+: PodSpec.resources, Lifecycle.stopSignal.
    expect(SCHEMA.types['core/v1.PodSpec'].f.terminationGracePeriodSeconds).toBe('i64');
    expect(SCHEMA.types['core/v1.PodSpec'].f.resources).toBe('@core/v1.ResourceRequirements');
    expect(SCHEMA.types['core/v1.Lifecycle'].f.stopSignal).toBe('s');
    expect(SCHEMA.types['core/v1.PodSpec'].p?.containers).toBe('merge:name');
    expect(SCHEMA.types['core/v1.Container'].n?.imagePullPolicy).toBe('v1.PullPolicy');
  });

  it('is the v1.35 OpenAPI spec: same fields, int64 where the spec says int64, patch tags from its extensions', () => {
    let fields = 0;
    for (const [key, st] of Object.entries(SCHEMA.types)) {
      const def = SPEC.definitions[definitionOf(key)];
      if (!def && key.startsWith('autoscaling/v1.')) {
        // Outside the trimmed spec (its kinds are the stored versions): the Go type's field list instead.
        expect(Object.keys(st.f).sort(), key).toEqual((fieldOrder as Record<string, string>)[key].split(',').sort());
        continue;
      }
      expect(def, key).toBeDefined();
      expect(Object.keys(st.f).sort(), key).toEqual(Object.keys(def.properties ?? {}).sort());
      for (const [field, prop] of Object.entries(def.properties ?? {})) {
        fields++;
        if (prop.type === 'integer') expect(st.f[field], `${key}.${field}`).toBe(prop.format === 'int64' ? 'i64' : 'i32');
        const strategy = prop['x-kubernetes-patch-strategy'];
        const mergeKey = prop['x-kubernetes-patch-merge-key'];
        expect(st.p?.[field], `${key}.${field}`).toBe(strategy ? (mergeKey ? `${strategy}:${mergeKey}` : strategy) : undefined);
      }
    }
    expect(fields).toBeGreaterThan(900);
    // Go's metav1.Condition.ObservedGeneration is int64 (kubernetes-types' number lost that).
    expect(SCHEMA.types['meta/v1.Condition'].f.observedGeneration).toBe('i64');
    expect(SCHEMA.types['core/v1.PodSpec'].p?.volumes).toBe('merge,retainKeys:name');
  });

  it('decodes the fields added in 1.31-1.35 strictly', () => {
    // Image volumes (1.31+): a field of Volume, which inlines VolumeSource.
    expect(inspect('Pod', { spec: { volumes: [{ name: 'v', image: { reference: 'busybox', pullPolicy: 'IfNotPresent' } }] } })).toEqual({ unknown: [] });
    expect(inspect('Pod', { spec: { volumes: [{ name: 'v', image: { ref: 'busybox' } }] } }).unknown).toEqual(['spec.volumes[0].image.ref']);
    expect(inspect('Pod', { spec: { volumes: [{ name: 'v', image: { pullPolicy: 1 } }] } }).error).toBe('json: cannot unmarshal number into Go struct field ImageVolumeSource.spec.volumes.image.pullPolicy of type v1.PullPolicy');
    // Container restart rules (1.34+) are structs now, so their typos are unknown fields.
    const rule = { action: 'Restart', exitCodes: { operator: 'In', values: [42] } };
    expect(inspect('Pod', { spec: { containers: [{ name: 'a', restartPolicyRules: [rule] }] } })).toEqual({ unknown: [] });
    expect(inspect('Pod', { spec: { containers: [{ name: 'a', restartPolicyRules: [{ ...rule, exitcodes: {} }] }] } }).unknown).toEqual(['spec.containers[0].restartPolicyRules[0].exitcodes']);
    expect(inspect('Pod', { spec: { workloadRef: { name: 'w', podGroup: 'g', podGroupReplicaKey: 1 } } }).error).toBe('json: cannot unmarshal number into Go struct field WorkloadReference.spec.workloadRef.podGroupReplicaKey of type string');
  });

  it('reports type errors in the encoding/json form', () => {
    expect(inspect('Pod', { spec: { hostNetwork: 'yes' } }).error).toBe('json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool');
    expect(inspect('Pod', { spec: { containers: [{ imagePullPolicy: 1 }] } }).error).toBe('json: cannot unmarshal number into Go struct field Container.spec.containers.imagePullPolicy of type v1.PullPolicy');
    expect(inspect('Pod', { metadata: { labels: { a: 1 } } }).error).toBe('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
    expect(inspect('Deployment', { spec: { template: [] } }).error).toBe('json: cannot unmarshal array into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec');
    expect(inspect('Pod', { spec: { terminationGracePeriodSeconds: 1.5 } }).error).toBe('json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64');
    expect(inspect('Pod', { spec: { containers: [{ name: 'a' }] }, status: null }).error).toBeUndefined();
  });

  it('sorts unknown fields as kubectl sends keys (sorted maps)', () => {
    expect(inspect('Service', { spec: { zz: 1, ports: [{ port: 80, nodeport: 1 }] }, extra: true }).unknown).toEqual(['extra', 'spec.ports[0].nodeport', 'spec.zz']);
  });

  it('parses quantities and base64 like resource.ParseQuantity and encoding/base64', () => {
    expect(quantityError('100m')).toBeUndefined();
    expect(quantityError('1.5Gi')).toBeUndefined();
    expect(quantityError('abc')).toBe(QUANTITY_FORMAT_ERROR);
    expect(quantityError('1.2.3')).toBe('unable to parse numeric part of quantity');
    expect(base64ErrorOffset('aGVsbG8=')).toBe(-1);
    expect(base64ErrorOffset('hello')).toBe(4);
    expect(base64ErrorOffset('ab!d')).toBe(2);
  });
});
