/**
 * kubectl explain. Expected texts are kubectl v1.35.2's own output against
 * the Kubernetes v1.35 OpenAPI documents (engine/api/schema/openapi-v1.35,
 * served in v3 form by scripts/real-kubectl/openapi.ts): texts, enums,
 * required marks, layout and wrapping are the real ones
 * (kubectl/pkg/explain/v2/templates/plaintext.tmpl). More cases:
 * test/transcripts/kubectl-explain.txt and real-explain.txt.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';
import { wordWrap } from './explain.js';

const k = kubectlRunner(new Cluster({ seed: 3, workers: 1 }).boot());

describe('kubectl explain', () => {
  it('prints a field of a field with its type, the referenced type\'s documentation, and its fields', async () => {
    const r = await k.run(['explain', 'deployment.spec.strategy']);
    expect(r.stdout).toBe(`GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: strategy <DeploymentStrategy>


DESCRIPTION:
    The deployment strategy to use to replace existing pods with new ones.
    DeploymentStrategy describes how to replace existing pods with new ones.
    
FIELDS:
  rollingUpdate\t<RollingUpdateDeployment>
    Rolling update config params. Present only if DeploymentStrategyType =
    RollingUpdate.

  type\t<string>
  enum: Recreate, RollingUpdate
    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is
    RollingUpdate.
    
    Possible enum values:
     - \`"Recreate"\` Kill all existing pods before creating new ones.
     - \`"RollingUpdate"\` Replace the old ReplicaSets by new one using rolling
    update i.e gradually scale down the old ReplicaSets and scale up the new
    one.


`);
  });

  it('lists a field\'s enum values: all of them under FIELD, at most four in a field list', async () => {
    expect((await k.run(['explain', 'pod.spec.restartPolicy'])).stdout).toBe(`KIND:       Pod
VERSION:    v1

FIELD: restartPolicy <string>
ENUM:
    Always
    Never
    OnFailure

DESCRIPTION:
    Restart policy for all containers within the pod. One of Always, OnFailure,
    Never. In some contexts, only a subset of those values may be permitted.
    Default to Always. More info:
    https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy
    
    Possible enum values:
     - \`"Always"\`
     - \`"Never"\`
     - \`"OnFailure"\`
    

`);
    const hostPath = (await k.run(['explain', 'pod.spec.volumes.hostPath'])).stdout;
    expect(hostPath).toContain('\n  type\t<string>\n  enum: "", BlockDevice, CharDevice, Directory, ....\n    type for HostPath Volume Defaults to "" More info:\n');
    expect((await k.run(['explain', 'pod.spec.volumes.hostPath.type'])).stdout).toContain('FIELD: type <string>\nENUM:\n    ""\n    BlockDevice\n    CharDevice\n');
    // --recursive keeps the enum line, indented like its field.
    const rec = (await k.run(['explain', 'deployment', '--recursive'])).stdout;
    expect(rec).toContain('\n                  operator\t<string> -required-\n                  enum: DoesNotExist, Exists, Gt, In, ....\n');
  });

  it('documents the fields added in 1.33-1.35 with the v1.35 texts', async () => {
    expect((await k.run(['explain', 'deploy.status.terminatingReplicas'])).stdout).toBe(`GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: terminatingReplicas <integer>


DESCRIPTION:
    Total number of terminating pods targeted by this deployment. Terminating
    pods have a non-null .metadata.deletionTimestamp and have not yet reached
    the Failed or Succeeded .status.phase.
    
    This is a beta field and requires enabling
    DeploymentReplicaSetTerminatingReplicas feature (enabled by default).
    

`);
    const ref = (await k.run(['explain', 'pod.spec.workloadRef'])).stdout;
    expect(ref).toContain(`FIELD: workloadRef <WorkloadReference>


DESCRIPTION:
    WorkloadRef provides a reference to the Workload object that this Pod
    belongs to. This field is used by the scheduler to identify the PodGroup and
    apply the correct group scheduling policies.`);
    expect(ref).toContain('FIELDS:\n  name\t<string> -required-\n');
  });

  it('names an object-typed scalar by its definition (FieldsV1)', async () => {
    const mf = (await k.run(['explain', 'pod.metadata.managedFields'])).stdout;
    expect(mf).toContain('\n  fieldsV1\t<FieldsV1>\n    FieldsV1 holds the first JSON version format as described in the "FieldsV1"\n    type.\n');
  });

  it('marks required fields, and --recursive lists nested fields without descriptions', async () => {
    const spec = (await k.run(['explain', 'deployment.spec'])).stdout;
    expect(spec).toContain('\n  selector\t<LabelSelector> -required-\n    Label selector for pods.');
    expect(spec).toContain('\n  template\t<PodTemplateSpec> -required-\n');
    const rec = (await k.run(['explain', 'pods.spec.containers.resources', '--recursive'])).stdout;
    expect(rec).toContain(`FIELDS:
  claims\t<[]ResourceClaim>
    name\t<string> -required-
    request\t<string>
  limits\t<map[string]Quantity>
  requests\t<map[string]Quantity>

`);
  });

  it('reports a missing field after the header, and kubectl\'s errors for types and versions', async () => {
    const miss = await k.run(['explain', 'deploy.spec.foo']);
    expect(miss.output).toBe('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nerror: field "foo" does not exist\n');
    expect(miss.code).toBe(1);
    expect((await k.run(['explain', 'foo'])).output).toBe('the server doesn\'t have a resource type "foo"\n');
    expect((await k.run(['explain', 'pods', '--api-version=apps/v1'])).stderr).toBe('error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema\n');
    expect((await k.run(['explain', 'deployment', '--api-version=apps/v2'])).stderr).toBe('error: couldn\'t find resource for "apps/v2, Resource=deployments"\n');
    expect((await k.run(['explain', 'svc', '--api-version=v1'])).stdout).toMatch(/^KIND: {7}Service\nVERSION: {4}v1\n\nDESCRIPTION:\n/);
    expect((await k.run(['explain', 'a', 'b'])).stderr).toBe('error: We accept only this format: explain RESOURCE\n');
    expect((await k.run(['explain', 'pods', '-o', 'foo'])).stderr).toBe('error: unrecognized format: foo\n');
  });

  it('needs the API server, as the real explain reads discovery and OpenAPI from it', async () => {
    const c = new Cluster({ seed: 4, workers: 1 }).boot();
    c.stopComponent('kube-apiserver');
    const r = await kubectlRunner(c).run(['explain', 'pods']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^The connection to the server [\d.]+:6443 was refused - did you specify the right host or port\?\n$/);
  });

  it('resolves group-qualified names and short names like the RESTMapper', async () => {
    const a = (await k.run(['explain', 'deployments.apps.spec.replicas'])).stdout;
    const b = (await k.run(['explain', 'deploy.spec.replicas'])).stdout;
    expect(a).toBe(b);
    expect(a).toContain('FIELD: replicas <integer>\n');
  });

  it('wraps like mitchellh/go-wordwrap: at spaces only, long words whole', () => {
    expect(wordWrap('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wordWrap('https://example.com/a/very/long/url fits', 10)).toBe('https://example.com/a/very/long/url\nfits');
    expect(wordWrap('one\n\ntwo', 76)).toBe('one\n\ntwo');
  });

  it('loads the field documentation only when explain runs', () => {
    const core = readFileSync(new URL('../../api/schema/index.ts', import.meta.url), 'utf8');
    expect(core).not.toContain('descriptions.json');
    const self = readFileSync(new URL('./explain.ts', import.meta.url), 'utf8');
    expect(self).not.toMatch(/^import .*descriptions\.json/m);
    expect(self).toContain("await import('../../api/schema/descriptions.json')");
  });
});
