/**
 * The scaling exercises solved every way a learner who knows kubectl would
 * try, and the plausible mistakes they would make on the way.
 */
import { describe } from 'vitest';
import { ways } from './harness.js';

describe('scale-kubectl', () => {
  ways('scale-kubectl', [
    { what: 'scale with --current-replicas and a space before the count', lines: ['kubectl scale --current-replicas=2 --replicas 5 deployment/shop', 'kubectl rollout status deployment/shop'] },
    { what: 'a merge patch of spec.replicas', lines: [`kubectl patch deployment shop --type=merge -p '{"spec":{"replicas":5}}'`, 'kubectl rollout status deployment/shop'] },
    { what: 'a patch of the scale subresource', lines: [`kubectl patch deployment shop --subresource=scale -p '{"spec":{"replicas":5}}'`, 'kubectl rollout status deployment/shop'] },
    { what: 'kubectl edit', lines: ['KUBE_EDITOR="sed -i s/^\\ \\ replicas:\\ 2/\\ \\ replicas:\\ 5/" kubectl edit deployment shop', 'kubectl rollout status deployment/shop'] },
    { what: 'in a namespace made current, with other Deployments around', lines: ['kubectl create deployment other --image=nginx:1.26 --replicas=2', 'kubectl config set-context --current --namespace=default', 'kubectl scale deploy shop --replicas=5', 'kubectl rollout status deploy shop'] },
    { what: 'scale with a wrong current count (refused)', lines: ['kubectl scale --current-replicas=3 --replicas=5 deployment/shop'], fails: 'shop-five', shows: 'error: Expected replicas to be 3, was 2', says: /asks for 2 replicas; the goal is 5/, checkWindowMs: 20_000 },
    { what: 'a server dry run', lines: ['kubectl scale deployment shop --replicas=5 --dry-run=server', 'sleep 20'], fails: 'shop-five', says: /asks for 2 replicas; the goal is 5/, checkWindowMs: 20_000 },
    { what: 'scaled, then the file it came from applied again', lines: ['kubectl scale deployment shop --replicas=5', 'kubectl get deployment shop -o yaml > /dev/null', 'kubectl apply -f - <<EOF', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: shop', 'spec:', '  replicas: 2', '  selector:', '    matchLabels:', '      app: shop', '  template:', '    metadata:', '      labels:', '        app: shop', '    spec:', '      containers:', '      - name: nginx', '        image: nginx:1.26', '        resources:', '          requests:', '            cpu: 100m', '            memory: 64Mi', 'EOF'], fails: 'shop-five', says: /asks for 2 replicas/, checkWindowMs: 20_000 },
  ]);
});

const API = (replicas: number) => ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', `  replicas: ${replicas}`, '  selector:', '    matchLabels:', '      app: api', '  template:', '    metadata:', '      labels:', '        app: api', '    spec:', '      containers:', '      - name: echo', '        image: hashicorp/http-echo:1.0', '        args: ["-text=api", "-listen=:8080"]', '        ports:', '        - containerPort: 8080'];

describe('scale-declarative-apply', () => {
  ways('scale-declarative-apply', [
    { what: 'the file rewritten with a heredoc and applied by its full path', lines: ['cat > api.yaml <<EOF', ...API(4), 'EOF', 'kubectl apply -f ~/api.yaml', 'kubectl rollout status deployment/api'] },
    { what: 'scaled first, then the file fixed and applied', lines: ['kubectl scale deployment api --replicas=4', "sed -i 's/replicas: 2/replicas: 4/' api.yaml", 'kubectl apply -f api.yaml', 'kubectl rollout status deployment/api'] },
    { what: 'applied with -n default from another namespace', lines: ['kubectl create namespace dev', 'kubectl config set-context --current --namespace=dev', "sed -i 's/replicas: 2/replicas: 4/' api.yaml", 'kubectl apply -n default -f api.yaml', 'kubectl rollout status deployment/api -n default'] },
    { what: 'server-side apply of the fixed file (kubectl keeps the last-applied annotation in step)', lines: ["sed -i 's/replicas: 2/replicas: 4/' api.yaml", 'kubectl apply --server-side -f api.yaml', 'kubectl rollout status deployment/api'] },
    { what: 'the file fixed but never applied', lines: ["sed -i 's/replicas: 2/replicas: 4/' api.yaml", 'sleep 20'], fails: 'api-four', says: /asks for 2 replicas; the goal is 4/, checkWindowMs: 20_000 },
    { what: 'applied with a server dry run', lines: ["sed -i 's/replicas: 2/replicas: 4/' api.yaml", 'kubectl apply -f api.yaml --dry-run=server', 'sleep 20'], fails: 'applied-four', says: /^Deployment api has metadata\.annotations\['kubectl\.kubernetes\.io\/last-applied-configuration'\]\.spec\.replicas = 2; the goal: 4\.$/, checkWindowMs: 20_000 },
    { what: 'a copy of the file fixed and applied, the original left at 2', lines: ['cp api.yaml api-4.yaml', "sed -i 's/replicas: 2/replicas: 4/' api-4.yaml", 'kubectl apply -f api-4.yaml', 'kubectl rollout status deployment/api'], fails: 'file-says-four', says: /api\.yaml/ },
    { what: 'applied into a namespace made current (a second api there)', lines: ['kubectl create namespace dev', 'kubectl config set-context --current --namespace=dev', "sed -i 's/replicas: 2/replicas: 4/' api.yaml", 'kubectl apply -f api.yaml', 'kubectl rollout status deployment/api'], fails: 'api-four', says: /asks for 2 replicas/ },
  ]);
});

describe('pending-right-size', () => {
  ways('pending-right-size', [
    { what: 'a strategic patch of the request to 100m', lines: [`kubectl patch deployment report -p '{"spec":{"template":{"spec":{"containers":[{"name":"report","resources":{"requests":{"cpu":"100m"}}}]}}}}'`, 'kubectl rollout status deployment/report'] },
    { what: 'kubectl edit of the request, written as a decimal', lines: [`KUBE_EDITOR="sed -i 's/cpu: \\"1\\"/cpu: 0.25/'" kubectl edit deployment report`, 'kubectl get deployment report -o jsonpath={.spec.template.spec.containers[0].resources}', 'kubectl rollout status deployment/report'] },
    { what: 'set resources with requests and limits', lines: ['kubectl set resources deployment report -c report --requests=cpu=150m,memory=128Mi --limits=cpu=500m', 'kubectl rollout status deployment/report'] },
    { what: 'a limit lower than the request (refused)', lines: ['kubectl set resources deployment report --limits=cpu=200m'], fails: 'report-six', shows: /Invalid value: "1": must be less than or equal to cpu limit/, checkWindowMs: 20_000 },
    { what: 'requests of 50m, under the team rule', lines: ['kubectl set resources deployment report --requests=cpu=50m', 'kubectl rollout status deployment/report'], fails: 'still-requests', says: /requests\.cpu = 50m; the goal: at least 100m/ },
    { what: 'requests of 700m: still too big for two 2-CPU workers', lines: ['kubectl set resources deployment report --requests=cpu=700m', 'kubectl rollout status deployment/report --timeout=60s'], fails: 'report-six', says: /Insufficient cpu/ },
  ]);
});

describe('oom-raise-limit', () => {
  ways('oom-raise-limit', [
    { what: 'only the limit raised, to 1Gi', lines: ['kubectl set resources deployment cache --limits=memory=1Gi', 'kubectl rollout status deployment/cache'] },
    { what: 'a JSON patch of the limit', lines: [`kubectl patch deployment cache --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/resources/limits/memory","value":"512Mi"}]'`, 'kubectl rollout status deployment/cache'] },
    { what: 'kubectl edit of the limit', lines: ['KUBE_EDITOR="sed -i s/memory:\\ 256Mi/memory:\\ 400Mi/" kubectl edit deployment cache', 'kubectl rollout status deployment/cache'] },
    { what: 'the manifest applied again with bigger resources', lines: ['kubectl get deployment cache -o yaml > cache.yaml', "sed -i 's/256Mi/512Mi/' cache.yaml", 'kubectl apply -f cache.yaml', 'kubectl rollout status deployment/cache'] },
    { what: 'a request above the limit (refused)', lines: ['kubectl set resources deployment cache --requests=memory=512Mi'], fails: 'cache-ready', shows: /Invalid value: "512Mi": must be less than or equal to memory limit/, checkWindowMs: 30_000 },
    { what: 'a limit just under what the program allocates', lines: ['kubectl set resources deployment cache --limits=memory=280Mi', 'sleep 90'], fails: 'cache-ready', says: /OOMKilled|CrashLoopBackOff/ },
    { what: 'the pod deleted', lines: ['kubectl delete pod -l app=cache', 'sleep 60'], fails: 'cache-ready', says: /OOMKilled|CrashLoopBackOff/ },
    { what: 'deleted and created again with the fix', lines: ['kubectl get deployment cache -o yaml > cache.yaml', "sed -i -e 's/256Mi/512Mi/' -e '/resourceVersion:/d' cache.yaml", 'kubectl delete deployment cache', 'kubectl create -f cache.yaml', 'kubectl rollout status deployment/cache'], fails: 'same-cache', says: /deleted and created again/ },
  ]);
});

const HPA_V2 = ['apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'metadata:', '  name: php-apache', 'spec:', '  scaleTargetRef:', '    apiVersion: apps/v1', '    kind: Deployment', '    name: php-apache', '  minReplicas: 1', '  maxReplicas: 10', '  metrics:', '  - type: Resource', '    resource:', '      name: cpu', '      target:', '        type: Utilization', '        averageUtilization: 50'];
const HPA_V1 = ['apiVersion: autoscaling/v1', 'kind: HorizontalPodAutoscaler', 'metadata:', '  name: php-apache', 'spec:', '  scaleTargetRef:', '    apiVersion: apps/v1', '    kind: Deployment', '    name: php-apache', '  minReplicas: 1', '  maxReplicas: 10', '  targetCPUUtilizationPercentage: 50'];
const LOAD_POD = "kubectl run load-generator --image=busybox:1.36 --restart=Never -- /bin/sh -c 'while sleep 0.01; do wget -q -O- http://php-apache; done'";

describe('hpa-scale-under-load', () => {
  ways('hpa-scale-under-load', [
    { what: 'autoscale with the deprecated --cpu-percent', lines: ['kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10', LOAD_POD, 'sleep 240', 'kubectl delete pod load-generator --now'] },
    { what: 'an autoscaling/v2 manifest applied from a heredoc, load from a Deployment', lines: ['kubectl apply -f - <<EOF', ...HPA_V2, 'EOF', `kubectl create deployment load --image=busybox:1.36 -- sh -c "while true; do wget -q -O- http://php-apache.default.svc.cluster.local; done"`, 'sleep 240', 'kubectl scale deployment load --replicas=0'] },
    { what: 'an autoscaling/v1 manifest', lines: ['cat > hpa.yaml <<EOF', ...HPA_V1, 'EOF', 'kubectl create -f hpa.yaml', LOAD_POD, 'sleep 240', 'kubectl delete pod load-generator'] },
    { what: 'the load never stopped', lines: ['kubectl autoscale deployment php-apache --cpu=50% --min=1 --max=10', LOAD_POD, 'sleep 240'], fails: 'back-to-one', says: /asks for \d+ replicas; the goal is 1/, checkWindowMs: 120_000 },
    { what: 'a memory target instead of CPU', lines: ['kubectl autoscale deployment php-apache --memory=50% --min=1 --max=10'], fails: 'hpa-spec', says: /averageUtilization = <none>; the goal: 50/, checkWindowMs: 20_000 },
    { what: 'a CPU target in millicores, not a utilization', lines: ['kubectl autoscale deployment php-apache --cpu=100m --min=1 --max=10'], fails: 'hpa-spec', says: /averageUtilization = <none>; the goal: 50/, checkWindowMs: 20_000 },
    { what: 'an HPA under another name', lines: ['kubectl autoscale deployment php-apache --cpu=50% --min=1 --max=10 --name=php-hpa'], fails: 'hpa-spec', says: /There is no HorizontalPodAutoscaler php-apache in namespace default/, checkWindowMs: 20_000 },
    { what: 'an HPA with a maximum of 3', lines: ['kubectl autoscale deployment php-apache --cpu=50% --min=1 --max=3', LOAD_POD, 'sleep 240', 'kubectl delete pod load-generator'], fails: 'hpa-spec', says: /maxReplicas = 3; the goal: 10/ },
  ]);
});
