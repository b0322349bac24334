/**
 * What kube-apiserver v1.35 answers to the manifests learners get wrong, as
 * kubectl shows it. Expected texts are quoted from the Go source (release-1.35):
 * pkg/apis/core/validation/validation.go, pkg/apis/apps/validation/validation.go,
 * staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go (the
 * "Invalid value" / "Duplicate value" / "Unsupported value" forms) and
 * staging/src/k8s.io/apimachinery/pkg/runtime/serializer (strict decoding).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { rejected } from '../test-helpers.js';
import type { KObject } from '../meta.js';
import { StatusError } from '../errors.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;


const causes = (e: StatusError) => ((e.status.details as Any)?.causes ?? []).map((c: Any) => `${c.field}: ${c.message}`);

const pod = (spec: Any, name = 'p'): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec } as Any);

describe('a learner\'s broken manifests', () => {
  const c = new Cluster({ seed: 3 }).boot();
  const cl = c.client();

  it('a Deployment whose template asks for restartPolicy Never (apps ValidatePodTemplateSpecForReplicaSet)', () => {
    const e = rejected(c, () => cl.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'nginx' }] } } },
    } as Any));
    // field.NotSupported(fldPath.Child("spec", "restartPolicy"), template.Spec.RestartPolicy, []core.RestartPolicy{core.RestartPolicyAlways})
    expect(causes(e)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  it('two containers named alike, one without an image, a port out of range, limits under requests', () => {
    const e = rejected(c, () => cl.create('pods', 'default', pod({
      containers: [
        { name: 'web' },
        { name: 'web', image: 'nginx', ports: [{ containerPort: 70000 }], resources: { requests: { cpu: '500m' }, limits: { cpu: '250m' } } },
      ],
    })));
    expect(causes(e)).toEqual([
      // validateContainerCommon: field.Required(path.Child("image"), "")
      'spec.containers[0].image: Required value',
      // validateContainerPorts: field.Invalid(idxPath.Child("containerPort"), port.ContainerPort, InclusiveRangeError(1, 65535))
      'spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      // ValidateContainerResourceRequirements: fmt.Sprintf("must be less than or equal to %s limit of %s", resourceName, limitQuantity.String())
      'spec.containers[1].resources.requests: Invalid value: "500m": must be less than or equal to cpu limit of 250m',
      // validateContainers: field.Duplicate(path.Child("name"), ctr.Name), after the common checks
      'spec.containers[1].name: Duplicate value: "web"',
    ]);
  });

  it('a Pod without containers', () => {
    // validatePodSpec → validateContainers: field.Required(fldPath, "")
    expect(causes(rejected(c, () => cl.create('pods', 'default', pod({ containers: [] }))))).toEqual(['spec.containers: Required value']);
  });

  it('a Service with a misspelt type and no ports, then a NodePort outside the range', () => {
    const e = rejected(c, () => cl.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'Nodeport', selector: { app: 'web' } } } as Any));
    // ValidateService: field.Required(specPath.Child("ports"), ""), then field.NotSupported(specPath.Child("type"), service.Spec.Type, supportedServiceType.List())
    expect(causes(e)).toEqual(['spec.ports: Required value', 'spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']);
    const n = rejected(c, () => cl.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 0, nodePort: 20000 }] } } as Any));
    // The NodePort allocator (pkg/registry/core/service/portallocator): ErrNotInRange's text; targetPort 0 defaults to port, no error.
    expect(causes(n)).toEqual(['spec.ports[0].nodePort: Invalid value: 20000: provided port is not in the valid range. The range of valid ports is 30000-32767']);
  });

  it('a number where a string goes and a string where a number goes (json decoding)', () => {
    const e = rejected(c, () => cl.create('pods', 'default', pod({ containers: [{ name: 5, image: 'nginx' }] })));
    expect(e.status.message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string');
    const d = rejected(c, () => cl.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
      spec: { replicas: '3', selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as Any));
    expect(d.status.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  });

  it('a misspelt field under strict field validation', () => {
    const e = rejected(c, () => cl.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
      spec: { replica: 2, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as Any, { fieldValidation: 'Strict' }));
    expect(e.status.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"');
  });
});
