/**
 * The rolling-update exercises solved every way a learner who knows kubectl
 * would try, and the plausible mistakes they would make on the way.
 */
import { describe } from 'vitest';
import { ways } from './harness.js';

describe('imagepull-typo', () => {
  ways('imagepull-typo', [
    { what: 'kubectl edit with an editor that fixes the tag', lines: ['KUBE_EDITOR="sed -i s/nginx:1.266/nginx:1.26/" kubectl edit deployment web', 'kubectl rollout status deployment/web'] },
    { what: 'a JSON patch replacing the image', lines: [`kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.26"}]'`, 'kubectl rollout status deployment/web'] },
    { what: 'set image on every container with *', lines: ["kubectl set image deployment/web '*=nginx:1.26'", 'kubectl rollout status deployment/web'] },
    {
      what: 'apply of the whole manifest from a heredoc',
      lines: ['cat > web.yaml <<EOF', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  replicas: 3', '  selector:', '    matchLabels:', '      app: web', '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      containers:', '      - name: nginx', '        image: nginx:1.26', 'EOF', 'kubectl apply -f web.yaml', 'kubectl rollout status deployment/web'],
    },
    { what: 'undo first, then the right tag', lines: ['kubectl rollout undo deployment/web', 'kubectl rollout status deployment/web', 'kubectl set image deployment/web nginx=nginx:1.26', 'kubectl rollout status deployment/web'] },
    { what: 'the namespace made current with set-context', lines: ['kubectl config set-context --current --namespace=default', 'kubectl -n default set image deploy/web nginx=nginx:1.26', 'kubectl rollout status deploy/web'] },
    { what: 'a server dry run changes nothing', lines: ['kubectl set image deployment/web nginx=nginx:1.26 --dry-run=server', 'sleep 40'], fails: 'web-ready', says: /uses image nginx:1\.266; the goal is nginx:1\.26\./ },
    { what: 'setting the image on the pods, not the template', lines: ['kubectl set image pods -l app=web nginx=nginx:1.26', 'sleep 40'], fails: 'web-ready', says: /uses image nginx:1\.266/ },
    { what: 'fixed, then the typo applied again', lines: ['kubectl set image deployment/web nginx=nginx:1.26', 'kubectl rollout status deployment/web', 'kubectl set image deployment/web nginx=nginx:1.266'], fails: 'web-ready', checkWindowMs: 0 },
  ]);
});

describe('rollback-broken-rollout', () => {
  ways('rollback-broken-rollout', [
    { what: 'undo with the namespace before the verb', lines: ['kubectl -n default rollout undo deployment/web', 'kubectl rollout status deployment/web'] },
    { what: 'undo with --namespace= before the verb', lines: ['kubectl --namespace=default rollout undo deploy web', 'kubectl rollout status deploy web'] },
    { what: 'undo to revision 2 by number', lines: ['kubectl rollout history deployment/web', 'kubectl rollout undo deployment/web --to-revision=2', 'kubectl rollout status deployment/web'] },
    { what: 'undo to the first revision', lines: ['kubectl rollout undo deployment/web --to-revision=1', 'kubectl rollout status deployment/web'] },
    { what: 'undo in a namespace made current', lines: ['kubectl config set-context --current --namespace=default', 'kubectl rollout undo deployment web', 'kubectl rollout status deployment web'] },
    {
      what: 'a dry-run undo, then the command removed by hand',
      lines: ['kubectl rollout undo deployment/web --dry-run=server', `kubectl patch deployment web --type=json -p '[{"op":"remove","path":"/spec/template/spec/containers/0/command"}]'`, 'kubectl rollout status deployment/web'],
      fails: 'used-undo',
      says: /not \(successfully\) run `kubectl rollout undo`/,
    },
    { what: 'undo twice (the second undo goes back to the broken one)', lines: ['kubectl rollout undo deployment/web', 'kubectl rollout status deployment/web', 'kubectl rollout undo deployment/web', 'sleep 30'], fails: 'no-command', says: /command = \["nginx-debug"\]/ },
    { what: 'undo of a ReplicaSet name instead of the Deployment', lines: ['kubectl rollout undo rs/web', 'sleep 10'], fails: 'used-undo', shows: 'Error from server (NotFound): replicasets.apps "web" not found', checkWindowMs: 30_000 },
  ]);
});

describe('rollout-to-revision', () => {
  ways('rollout-to-revision', [
    { what: '--to-revision with a space and the namespace before the verb', lines: ['kubectl -n default rollout undo deployment/web --to-revision 1', 'kubectl rollout status deployment/web'] },
    { what: 'a plain undo by mistake, then --to-revision=1', lines: ['kubectl rollout undo deployment/web', 'kubectl rollout status deployment/web', 'kubectl rollout undo deployment/web --to-revision=1', 'kubectl rollout status deployment/web'] },
    { what: 'the flag before the name', lines: ['kubectl rollout undo --to-revision=1 deploy/web', 'kubectl rollout status deploy/web'] },
    { what: 'undone to 1, then a plain undo again', lines: ['kubectl rollout undo deployment/web --to-revision=1', 'kubectl rollout status deployment/web', 'kubectl rollout undo deployment/web', 'kubectl rollout status deployment/web'], fails: 'web-stable', says: /uses image nginx:1\.27/ },
    { what: 'a server dry run only', lines: ['kubectl rollout undo deployment/web --to-revision=1 --dry-run=server', 'sleep 20'], fails: 'web-stable', says: /uses image nginx:1\.27/ },
    { what: 'a revision that does not exist', lines: ['kubectl rollout undo deployment/web --to-revision=5'], fails: 'web-stable', shows: 'error: unable to find specified revision 5 in history', checkWindowMs: 30_000 },
  ]);
});
