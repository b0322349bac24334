import { describe, expect, it } from 'vitest';
import { base64ErrorOffset, inspect, quantityError, QUANTITY_FORMAT_ERROR, SCHEMA } from './index.js';

describe('schema and decoder', () => {
  it('covers every served kind with Go type names and 1.35 fields', () => {
    for (const k of ['Namespace', 'Node', 'Pod', 'Service', 'Endpoints', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'Deployment', 'ReplicaSet', 'DaemonSet', 'HorizontalPodAutoscaler', 'EndpointSlice', 'Lease']) {
      expect(SCHEMA.roots[k], k).toBeDefined();
    }
    // int64 in k8s.io/api (types.go): terminationGracePeriodSeconds; added in 1.32+: PodSpec.resources, Lifecycle.stopSignal.
    expect(SCHEMA.types['core/v1.PodSpec'].f.terminationGracePeriodSeconds).toBe('i64');
    expect(SCHEMA.types['core/v1.PodSpec'].f.resources).toBe('@core/v1.ResourceRequirements');
    expect(SCHEMA.types['core/v1.Lifecycle'].f.stopSignal).toBe('s');
    expect(SCHEMA.types['core/v1.PodSpec'].p?.containers).toBe('merge:name');
    expect(SCHEMA.types['core/v1.Container'].n?.imagePullPolicy).toBe('v1.PullPolicy');
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
