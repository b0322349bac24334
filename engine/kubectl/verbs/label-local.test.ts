/**
 * `kubectl label|annotate --local -f FILE`: the files' objects changed and printed, the server never asked
 * (label.go / annotate.go with LocalParam). Expected texts are kubectl v1.35.2's, run with an empty kubeconfig.
 */
import { expect, it } from 'vitest';
import { runScript } from '../../shell/script.js';

it('changes the file\'s objects locally, and refuses what --local cannot do with the real texts', async () => {
  const lines = [
    'kubectl create deployment web --image=nginx --dry-run=client -o yaml > d.yaml',
    'kubectl label --local -f d.yaml tier=web -o yaml | head -8',
    'kubectl annotate --local -f d.yaml note=x -o name',
    'kubectl label --local deploy/web a=b',
    'kubectl annotate --local deploy/web a=b',
    'kubectl label --local a=b',
    'kubectl label --local -f d.yaml a=b --dry-run=server',
    'kubectl label --local -f d.yaml app-',
    'kubectl label --local -f d.yaml nope-',
    'kubectl label --local -f d.yaml app=x',
    'kubectl label --local -f d.yaml app=x --overwrite --dry-run=client',
    'kubectl get deploy',
  ];
  const out = await runScript(lines.join('\n') + '\n');
  expect(out).toBe(`$ ${lines[0]}
$ ${lines[1]}
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
    tier: web
  name: web
spec:
$ ${lines[2]}
deployment.apps/web
$ ${lines[3]}
error: can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set
$ ${lines[4]}
error: can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set
$ ${lines[5]}
error: one or more files must be specified as -f pod.yaml or --filename=pod.json
$ ${lines[6]}
error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?
$ ${lines[7]}
deployment.apps/web unlabeled
$ ${lines[8]}
deployment.apps/web not labeled
$ ${lines[9]}
error: 'app' already has a value (web), and --overwrite is false
$ ${lines[10]}
deployment.apps/web labeled (dry run)
$ ${lines[11]}
No resources found in default namespace.
`);
});
