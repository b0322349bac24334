/**
 * Pod validation errors as kubectl v1.35 prints them: an Invalid error with several causes is
 * `The Pod "p" is invalid: ` and a `* field: message` line for each (cmdutil's checkErr, MultilineError); the
 * texts are validatePodSpecSecurityContext's and ValidatePodUpdate's (pkg/apis/core/validation, release-1.35).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: -1
    supplementalGroupsPolicy: Loose
  containers:
  - name: c
    image: nginx
`;

describe('kubectl and pod validation', () => {
  it('apply of a pod with a bad securityContext prints each cause', async () => {
    const k = kubectlRunner(new Cluster({ seed: 3, workers: 1 }).boot());
    k.fs.writeFile('/root/pod.yaml', POD);
    const r = await k.run(['apply', '-f', 'pod.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('The Pod "p" is invalid: \n'
      + '* spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive\n'
      + '* spec.securityContext.supplementalGroupsPolicy: Unsupported value: "Loose": supported values: "Merge", "Strict"\n');
  });

  it('replace of a running pod that adds a container and breaks a label prints both', async () => {
    const k = kubectlRunner(new Cluster({ seed: 3, workers: 1 }).boot());
    k.fs.writeFile('/root/pod.yaml', POD.replace(/ {2}securityContext:\n.*\n.*\n/, ''));
    expect((await k.run(['apply', '-f', 'pod.yaml'])).code).toBe(0);
    k.fs.writeFile('/root/pod.yaml', `${POD.replace(/ {2}securityContext:\n.*\n.*\n/, '').replace('name: p\n', 'name: p\n  labels:\n    app: "-x"\n')}  - name: d\n    image: busybox\n`);
    const r = await k.run(['replace', '-f', 'pod.yaml']);
    expect(r.stderr).toBe('The Pod "p" is invalid: \n'
      + "* metadata.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n"
      + '* spec.containers: Forbidden: pod updates may not add or remove containers\n');
  });
});
