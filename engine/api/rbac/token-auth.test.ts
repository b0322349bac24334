import { describe, expect, it } from 'vitest';
import { runScript } from '../../shell/script.js';
import { outputOf } from '../../kubectl/test-helpers.js';

describe('kubectl --token: the bearer token is who asks', () => {
  it('a ServiceAccount token is authorized by RBAC as that account; a token nothing accepts is a 401', async () => {
    const get = 'kubectl get pods --token=$TOKEN';
    const lines = [
      'kubectl create serviceaccount viewer',
      'TOKEN=$(kubectl create token viewer)',
      get,
      'kubectl auth whoami --token=$TOKEN',
      'kubectl auth can-i list pods --token=$TOKEN',
      'kubectl get pods --token=bogus',
      'kubectl auth whoami --token=bogus',
      'kubectl create rolebinding viewer-view --clusterrole=view --serviceaccount=default:viewer',
      'kubectl get pods --token=$TOKEN',
      'kubectl delete pod x --token=$TOKEN',
      'kubectl get pods',
    ];
    const out = await runScript(lines.join('\n') + '\n');
    const [before, after] = out.split(`$ ${get}\n`).slice(1).map((s) => s.split('\n$ ')[0]);
    expect(before).toBe('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "pods" in API group "" in the namespace "default"');
    expect(after).toBe('No resources found in default namespace.');
    // kubectl's whoami table (printTableObj): UID, then Groups, then each Extra key; the credential id is the token's JTI.
    expect(outputOf(out, lines[3])).toMatch(/^ATTRIBUTE {3,}VALUE\nUsername {3,}system:serviceaccount:default:viewer\nUID {3,}[0-9a-f-]{36}\nGroups {3,}\[system:serviceaccounts system:serviceaccounts:default system:authenticated\]\nExtra: authentication\.kubernetes\.io\/credential-id {3}\[JTI=[0-9a-f-]{36}\]\n$/);
    expect(outputOf(out, lines[4])).toBe('no\n');
    expect(outputOf(out, lines[5])).toBe('error: You must be logged in to the server (Unauthorized)\n');
    expect(outputOf(out, lines[6])).toBe('error: You must be logged in to the server (Unauthorized)\n');
    expect(outputOf(out, lines[9])).toBe('Error from server (Forbidden): pods "x" is forbidden: User "system:serviceaccount:default:viewer" cannot delete resource "pods" in API group "" in the namespace "default"\n');
    // Without the token, kubectl is the kubeconfig's admin again.
    expect(outputOf(out, lines[10])).toBe('No resources found in default namespace.\n');
  });
});
