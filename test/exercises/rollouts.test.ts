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
    { what: 'undo through the alias k=kubectl', lines: ['alias k=kubectl', 'k rollout undo deploy/web', 'k rollout status deploy/web'] },
    { what: 'undo from a loop over the Deployments', lines: ['for d in $(kubectl get deploy -o name); do kubectl rollout undo $d; done', 'kubectl rollout status deployment/web'] },
    { what: 'a server dry run through the alias, then the command removed by hand', lines: ['alias k=kubectl', 'k rollout undo deploy/web --dry-run=server', `k patch deployment web --type=json -p '[{"op":"remove","path":"/spec/template/spec/containers/0/command"}]'`, 'k rollout status deploy/web'], fails: 'used-undo', says: /not \(successfully\) run `kubectl rollout undo`/ },
    { what: 'undo to revision 2 by number', lines: ['kubectl rollout history deployment/web', 'kubectl rollout undo deployment/web --to-revision=2', 'kubectl rollout status deployment/web'] },
    { what: 'undo to the first revision', lines: ['kubectl rollout undo deployment/web --to-revision=1', 'kubectl rollout status deployment/web'] },
    { what: 'undo in a namespace made current', lines: ['kubectl config set-context --current --namespace=default', 'kubectl rollout undo deployment web', 'kubectl rollout status deployment web'] },
    {
      what: 'a dry-run undo, then the command removed by hand',
      lines: ['kubectl rollout undo deployment/web --dry-run=server', `kubectl patch deployment web --type=json -p '[{"op":"remove","path":"/spec/template/spec/containers/0/command"}]'`, 'kubectl rollout status deployment/web'],
      fails: 'used-undo',
      says: /not \(successfully\) run `kubectl rollout undo`/,
    },
    { what: 'undo twice (the second undo goes back to the broken one)', lines: ['kubectl rollout undo deployment/web', 'kubectl rollout status deployment/web', 'kubectl rollout undo deployment/web', 'sleep 30'], fails: 'no-command', says: /command = \["nginx -g \\"daemon off;\\""\]; the goal: not set\./ },
    { what: 'undo of a ReplicaSet name instead of the Deployment', lines: ['kubectl rollout undo rs/web', 'sleep 10'], fails: 'used-undo', shows: 'Error from server (NotFound): replicasets.apps "web" not found', checkWindowMs: 30_000 },
  ]);
});

describe('rollout-to-revision', () => {
  ways('rollout-to-revision', [
    { what: '--to-revision with a space and the namespace before the verb', lines: ['kubectl -n default rollout undo deployment/web --to-revision 1', 'kubectl rollout status deployment/web'] },
    { what: 'a plain undo by mistake, then --to-revision=1', lines: ['kubectl rollout undo deployment/web', 'kubectl rollout status deployment/web', 'kubectl rollout undo deployment/web --to-revision=1', 'kubectl rollout status deployment/web'] },
    { what: 'through the alias k=kubectl, with -n first', lines: ['alias k=kubectl', 'k -n default rollout undo deploy/web --to-revision=1', 'k rollout status deploy/web'] },
    { what: 'the flag before the name', lines: ['kubectl rollout undo --to-revision=1 deploy/web', 'kubectl rollout status deploy/web'] },
    { what: 'undone to 1, then a plain undo again', lines: ['kubectl rollout undo deployment/web --to-revision=1', 'kubectl rollout status deployment/web', 'kubectl rollout undo deployment/web', 'kubectl rollout status deployment/web'], fails: 'web-stable', says: /uses image nginx:1\.27/ },
    { what: 'a server dry run only', lines: ['kubectl rollout undo deployment/web --to-revision=1 --dry-run=server', 'sleep 20'], fails: 'web-stable', says: /uses image nginx:1\.27/ },
    { what: 'a revision that does not exist', lines: ['kubectl rollout undo deployment/web --to-revision=5'], fails: 'web-stable', shows: 'error: unable to find specified revision 5 in history', checkWindowMs: 30_000 },
  ]);
});

const SHOP = (strategy: string[], image: string) => [
  'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: shop', 'spec:', '  replicas: 4', ...strategy, '  selector:', '    matchLabels:', '      app: shop', '  template:', '    metadata:', '      labels:', '        app: shop', '    spec:', '      containers:', '      - name: nginx', `        image: ${image}`,
];

describe('rolling-max-surge', () => {
  ways('rolling-max-surge', [
    { what: 'a merge patch, then a JSON patch of the image', lines: [`kubectl patch deployment shop --type=merge -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}'`, `kubectl patch deployment shop --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.27"}]'`, 'kubectl rollout status deployment/shop'] },
    { what: 'strategy and image in one apply of the edited manifest', lines: ['cat > shop.yaml <<EOF', ...SHOP(['  strategy:', '    type: RollingUpdate', '    rollingUpdate:', '      maxSurge: 1', '      maxUnavailable: 0'], 'nginx:1.27'), 'EOF', 'kubectl apply -f shop.yaml', 'kubectl rollout status deployment/shop'] },
    { what: 'strategy applied from a file first, then set image', lines: ['cat > shop.yaml <<EOF', ...SHOP(['  strategy:', '    type: RollingUpdate', '    rollingUpdate:', '      maxSurge: 1', '      maxUnavailable: 0'], 'nginx:1.26'), 'EOF', 'kubectl apply -f shop.yaml', 'kubectl set image deployment/shop nginx=nginx:1.27', 'kubectl rollout status deployment/shop'] },
    { what: 'maxUnavailable written as "0%"', lines: [`kubectl patch deployment shop -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":"0%"}}}}'`, 'kubectl set image deployment/shop nginx=nginx:1.27', 'kubectl rollout status deployment/shop'] },
    {
      what: 'maxSurge written as the string "1" (not a percentage: refused)',
      lines: [`kubectl patch deployment shop -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"1","maxUnavailable":0}}}}'`],
      fails: 'rolling-strategy',
      shows: `spec.strategy.rollingUpdate.maxSurge: Invalid value: "1": a valid percent string must be a numeric string followed by an ending '%'`,
      checkWindowMs: 20_000,
    },
    { what: 'the strategy from a file edited by kubectl edit', lines: [`KUBE_EDITOR="sed -i -e 's/type: Recreate/type: RollingUpdate/' -e 's/^  strategy:/  strategy:\\n    rollingUpdate:\\n      maxSurge: 1\\n      maxUnavailable: 0/'" kubectl edit deployment shop`, 'kubectl get deployment shop -o jsonpath={.spec.strategy}', 'kubectl set image deployment/shop nginx=nginx:1.27', 'kubectl rollout status deployment/shop'] },
    { what: 'the image first, under Recreate', lines: ['kubectl set image deployment/shop nginx=nginx:1.27', 'kubectl rollout status deployment/shop'], fails: 'always-four', says: /^0 s after the start, Deployment shop had status\.availableReplicas = 0 \(it must always be at least 4\)\.$/ },
    {
      what: 'maxSurge 0 and maxUnavailable 0 (the API server refuses it)',
      lines: [`kubectl patch deployment shop -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":0}}}}'`],
      fails: 'rolling-strategy',
      shows: 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
      says: /spec\.strategy\.type = Recreate; the goal: RollingUpdate/,
      checkWindowMs: 20_000,
    },
    { what: 'rollingUpdate without changing the type from Recreate (refused)', lines: [`kubectl patch deployment shop -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}'`], fails: 'rolling-strategy', shows: /may not be specified when strategy `type` is 'Recreate'/, checkWindowMs: 20_000 },
    { what: 'the image and the strategy in one apply, but maxUnavailable left at 25%', lines: ['cat > shop.yaml <<EOF', ...SHOP(['  strategy:', '    type: RollingUpdate', '    rollingUpdate:', '      maxSurge: 1'], 'nginx:1.27'), 'EOF', 'kubectl apply -f shop.yaml', 'kubectl rollout status deployment/shop'], fails: 'rolling-strategy', says: /maxUnavailable = 25%; the goal: one of 0, 0%/ },
  ]);
});

describe('zero-downtime-under-load', () => {
  ways('zero-downtime-under-load', [
    { what: 'kubectl edit with an editor that changes the tag', lines: ['KUBE_EDITOR="sed -i s/http-echo:0.2.3/http-echo:1.0/" kubectl edit deployment api', 'kubectl rollout status deployment/api', 'sleep 30'] },
    { what: 'a strategic merge patch of the container', lines: [`kubectl patch deployment api -p '{"spec":{"template":{"spec":{"containers":[{"name":"echo","image":"hashicorp/http-echo:1.0"}]}}}}'`, 'kubectl rollout status deployment/api', 'sleep 30'] },
    { what: 'maxUnavailable 0 first, then set image', lines: [`kubectl patch deployment api -p '{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}'`, 'kubectl set image deployment/api echo=hashicorp/http-echo:1.0', 'kubectl rollout status deployment/api', 'sleep 30'] },
    { what: 'deleted and created again with the new image', lines: ['kubectl get deployment api -o yaml > api.yaml', 'kubectl delete deployment api', 'sed -i s/http-echo:0.2.3/http-echo:1.0/ api.yaml', 'kubectl create -f api.yaml', 'kubectl rollout status deployment/api', 'sleep 30'], fails: 'no-failed-requests', says: /failed/ },
    { what: 'a Recreate strategy', lines: [`kubectl patch deployment api -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'`, 'kubectl set image deployment/api echo=hashicorp/http-echo:1.0', 'kubectl rollout status deployment/api', 'sleep 30'], fails: 'no-failed-requests', says: /failed/ },
    // Old pods keep the hook they were made with: only the rollout after the hook is gone drops requests.
    { what: 'the preStop hook removed first, then the image set', lines: [`kubectl patch deployment api --type=json -p '[{"op":"remove","path":"/spec/template/spec/containers/0/lifecycle"}]'`, 'kubectl rollout status deployment/api', 'sleep 20', 'kubectl set image deployment/api echo=hashicorp/http-echo:1.0', 'kubectl rollout status deployment/api', 'sleep 30'], fails: 'no-failed-requests', says: /failed/ },
    { what: 'set image on the pods only', lines: ['kubectl set image pods -l app=api echo=hashicorp/http-echo:1.0', 'sleep 60'], fails: 'api-updated', says: /uses image hashicorp\/http-echo:0\.2\.3; the goal is hashicorp\/http-echo:1\.0\./ },
  ]);
});

const WEB_V2_PROBED = (probe: string[]) => [
  'cat > web-v2.yaml <<EOF', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  replicas: 3', '  selector:', '    matchLabels:', '      app: web', '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      containers:', '      - name: nginx', '        image: nginx:1.26',
  `        command: ["sh", "-c", "sleep 20; exec nginx -g 'daemon off;'"]`, ...probe, '        ports:', '        - containerPort: 80', '        lifecycle:', '          preStop:', '            sleep:', '              seconds: 5', 'EOF',
];

describe('readiness-slow-start', () => {
  ways('readiness-slow-start', [
    { what: 'the file rewritten with a tcpSocket readiness probe', lines: [...WEB_V2_PROBED(['        readinessProbe:', '          tcpSocket:', '            port: 80', '          periodSeconds: 2']), 'kubectl apply -f web-v2.yaml', 'kubectl rollout status deployment/web', 'sleep 20'] },
    { what: 'an httpGet probe with the default period', lines: [...WEB_V2_PROBED(['        readinessProbe:', '          httpGet:', '            path: /', '            port: 80']), 'kubectl apply -f web-v2.yaml', 'kubectl rollout status deployment/web', 'sleep 20'] },
    { what: 'the probe patched into the live Deployment first, then the unchanged file applied', lines: [`kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","readinessProbe":{"httpGet":{"path":"/","port":80},"periodSeconds":2}}]}}}}'`, 'kubectl rollout status deployment/web', 'kubectl apply -f web-v2.yaml', 'kubectl rollout status deployment/web', 'sleep 20'] },
    { what: 'in a namespace made current, through a pipe into apply', lines: ['kubectl config set-context --current --namespace=default', "sed 's|^        ports:|        readinessProbe:\\n          httpGet:\\n            path: /\\n            port: 80\\n          periodSeconds: 2\\n        ports:|' web-v2.yaml | kubectl apply -f -", 'kubectl rollout status deployment/web', 'sleep 20'] },
    { what: 'a startup probe instead of a readiness probe (no request fails, but the task asks for readiness)', lines: [...WEB_V2_PROBED(['        startupProbe:', '          httpGet:', '            path: /', '            port: 80', '          periodSeconds: 2', '          failureThreshold: 30']), 'kubectl apply -f web-v2.yaml', 'kubectl rollout status deployment/web', 'sleep 20'], fails: 'has-readiness', says: /readinessProbe = <none>; the goal: set\./ },
    { what: 'minReadySeconds instead of a probe', lines: ["sed -i 's|^  replicas: 3|  replicas: 3\\n  minReadySeconds: 25|' web-v2.yaml", 'kubectl apply -f web-v2.yaml', 'kubectl rollout status deployment/web', 'sleep 20'], fails: 'no-failed-requests', says: /failed/ },
    { what: 'a probe on the wrong port (never ready: the rollout stalls)', lines: [...WEB_V2_PROBED(['        readinessProbe:', '          httpGet:', '            path: /', '            port: 8080']), 'kubectl apply -f web-v2.yaml', 'kubectl rollout status deployment/web --timeout=90s'], fails: 'web-updated', says: /Readiness probe failed|not ready|0\/3|ready replicas/ },
    { what: 'the probe applied with a client dry run only', lines: [...WEB_V2_PROBED(['        readinessProbe:', '          httpGet:', '            path: /', '            port: 80']), 'kubectl apply -f web-v2.yaml --dry-run=client', 'sleep 30'], fails: 'web-updated', says: /uses image nginx:1\.25/ },
  ]);
});
