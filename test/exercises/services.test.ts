/**
 * The Service exercises solved every way a learner who knows kubectl would
 * try, and the plausible mistakes they would make on the way.
 */
import { describe } from 'vitest';
import { ways } from './harness.js';

const SVC = (name: string, ns: string | undefined, spec: string[]) => ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, ...(ns ? [`  namespace: ${ns}`] : []), 'spec:', ...spec];

describe('service-clusterip-dns', () => {
  ways('service-clusterip-dns', [
    { what: 'create service clusterip', lines: ['kubectl create service clusterip api --tcp=80:5678', 'kubectl exec client -- wget -qO- http://api'] },
    { what: 'a Service manifest applied from a heredoc', lines: ['kubectl apply -f - <<EOF', ...SVC('api', undefined, ['  selector:', '    app: api', '  ports:', '  - port: 80', '    targetPort: 5678']), 'EOF'] },
    { what: 'expose with a named Service port and the name given', lines: ['kubectl expose deploy/api --name=api --port=80 --target-port=5678 --protocol=TCP', 'kubectl get svc api'] },
    { what: 'exposed on the wrong port, then patched', lines: ['kubectl expose deployment api --port=80', `kubectl patch service api --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":5678}]'`, 'kubectl exec client -- wget -qO- http://api'] },
    { what: 'a NodePort Service', lines: ['kubectl expose deployment api --type=NodePort --port=80 --target-port=5678', 'sleep 10'], fails: 'clusterip', says: /spec\.type = NodePort; the goal: ClusterIP/, checkWindowMs: 30_000 },
    { what: 'a Service under another name', lines: ['kubectl expose deployment api --name=api-svc --port=80 --target-port=5678', 'sleep 10'], fails: 'client-reaches-api', says: /bad address|resolve|api/, checkWindowMs: 30_000 },
    { what: 'a headless Service (DNS gives pod IPs, nothing listens on 80)', lines: ['kubectl create service clusterip api --clusterip=None --tcp=80:5678', 'sleep 10'], fails: 'client-reaches-api', checkWindowMs: 30_000 },
    { what: 'a Service in another namespace', lines: ['kubectl create namespace apps', 'kubectl create service clusterip api -n apps --tcp=80:5678', 'sleep 10'], fails: 'client-reaches-api', checkWindowMs: 30_000 },
  ]);
});

describe('service-cross-namespace', () => {
  ways('service-cross-namespace', [
    {
      what: 'namespaces made current in turn, create service and a JSON patch of the variable',
      lines: ['kubectl config set-context --current --namespace=catalog', 'kubectl create service clusterip catalog --tcp=80:5678', 'kubectl config set-context --current --namespace=shop', `kubectl patch deployment frontend --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/env/0/value","value":"http://catalog.catalog"}]'`, 'kubectl rollout status deployment/frontend'],
    },
    {
      what: 'a Service manifest with its namespace, and kubectl edit of the variable',
      lines: ['cat > svc.yaml <<EOF', ...SVC('catalog', 'catalog', ['  selector:', '    app: catalog', '  ports:', '  - port: 80', '    targetPort: 5678']), 'EOF', 'kubectl apply -f svc.yaml', `KUBE_EDITOR="sed -i 's|value: http://catalog$|value: http://catalog.catalog.svc:80/|'" kubectl edit deployment frontend -n shop`, 'kubectl rollout status deployment/frontend -n shop'],
    },
    { what: 'set env with the short form catalog.catalog', lines: ['kubectl expose deployment catalog -n catalog --port=80 --target-port=5678', 'kubectl set env deployment/frontend -n shop CATALOG_URL=http://catalog.catalog', 'kubectl rollout status deployment/frontend -n shop'] },
    { what: 'the address kept in a ConfigMap', lines: ['kubectl expose deployment catalog -n catalog --port=80 --target-port=5678', 'kubectl create configmap catalog-address -n shop --from-literal=CATALOG_URL=http://catalog.catalog.svc.cluster.local', 'kubectl set env deployment/frontend -n shop --from=configmap/catalog-address', 'kubectl rollout status deployment/frontend -n shop'] },
    { what: 'the variable changed with a dry run only', lines: ['kubectl expose deployment catalog -n catalog --port=80 --target-port=5678', 'kubectl set env deployment/frontend -n shop CATALOG_URL=http://catalog.catalog --dry-run=client -o yaml', 'sleep 20'], fails: 'url-has-namespace', says: /^Deployment frontend's container frontend gets CATALOG_URL = "http:\/\/catalog"; the goal: \/\^http:/, checkWindowMs: 20_000 },
    { what: 'the variable set on the pod\'s shell only', lines: ['kubectl expose deployment catalog -n catalog --port=80 --target-port=5678', `kubectl exec -n shop deploy/frontend -- sh -c 'export CATALOG_URL=http://catalog.catalog; wget -qO- $CATALOG_URL'`, 'sleep 20'], fails: 'url-has-namespace', checkWindowMs: 20_000 },
    { what: 'a Service without --target-port (80, where nothing listens)', lines: ['kubectl expose deployment catalog -n catalog --port=80', 'kubectl set env deployment/frontend -n shop CATALOG_URL=http://catalog.catalog', 'sleep 30'], fails: 'reach-from-shop', says: /connection refused|refused/, checkWindowMs: 20_000 },
  ]);
});

describe('service-loadbalancer', () => {
  ways('service-loadbalancer', [
    { what: 'create service loadbalancer', lines: ['kubectl create service loadbalancer shop --tcp=80:8080', 'kubectl get service shop -w --request-timeout=20s'] },
    { what: 'a NodePort Service patched to LoadBalancer', lines: ['kubectl expose deployment shop --type=NodePort --port=80 --target-port=8080', `kubectl patch svc shop -p '{"spec":{"type":"LoadBalancer"}}'`, 'sleep 10'] },
    { what: 'a manifest applied from a file', lines: ['cat > lb.yaml <<EOF', ...SVC('shop', undefined, ['  type: LoadBalancer', '  selector:', '    app: shop', '  ports:', '  - port: 80', '    targetPort: 8080']), 'EOF', 'kubectl apply -f lb.yaml', 'sleep 10'] },
    { what: 'a LoadBalancer on port 8080 only', lines: ['kubectl expose deployment shop --type=LoadBalancer --port=8080', 'sleep 10'], fails: 'external-answers', checkWindowMs: 20_000 },
  ]);
});

describe('service-nodeport-fixed', () => {
  ways('service-nodeport-fixed', [
    { what: 'expose, then a JSON patch of the nodePort', lines: ['kubectl expose deployment web --type=NodePort --port=80', `kubectl patch service web --type=json -p '[{"op":"replace","path":"/spec/ports/0/nodePort","value":30080}]'`, 'kubectl get svc web'] },
    { what: 'a manifest applied from a heredoc', lines: ['kubectl apply -f - <<EOF', ...SVC('web', undefined, ['  type: NodePort', '  selector:', '    app: web', '  ports:', '  - port: 80', '    targetPort: 80', '    nodePort: 30080']), 'EOF'] },
    { what: 'expose, then kubectl edit of the nodePort', lines: ['kubectl expose deployment web --type=NodePort --port=80', `KUBE_EDITOR="sed -i 's/nodePort: .*/nodePort: 30080/'" kubectl edit svc web`, 'kubectl get svc web'] },
    { what: 'expose with --overrides giving the nodePort', lines: [`kubectl expose deployment web --type=NodePort --port=80 --overrides='{"spec":{"ports":[{"port":80,"targetPort":80,"nodePort":30080}]}}'`, 'kubectl get svc web'] },
    { what: 'a nodePort outside the range (refused)', lines: ['kubectl create service nodeport web --tcp=80:80 --node-port=80'], fails: 'outside-30080', shows: /Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767/, checkWindowMs: 20_000 },
    { what: 'port 30080 with a ClusterIP Service via create service', lines: ['kubectl create service clusterip web --tcp=30080:80'], fails: 'nodeport-30080', says: /spec\.type = ClusterIP; the goal: NodePort/, checkWindowMs: 20_000 },
  ]);
});

describe('service-selector-mismatch', () => {
  ways('service-selector-mismatch', [
    { what: 'set selector', lines: ['kubectl set selector service backend app=backend', 'kubectl exec frontend -- wget -qO- http://backend'] },
    { what: 'kubectl edit of the selector', lines: [`KUBE_EDITOR="sed -i 's/app: back-end/app: backend/'" kubectl edit svc backend`] },
    { what: 'deleted and exposed again from the Deployment', lines: ['kubectl delete service backend', 'kubectl expose deployment backend --port=80 --target-port=8080'] },
    { what: 'a selector on the tier label the pods also carry', lines: ['kubectl set selector service backend tier=api'] },
    { what: 'a merge patch adding tier but keeping app: back-end', lines: [`kubectl patch service backend -p '{"spec":{"selector":{"tier":"api"}}}'`, 'sleep 20'], fails: 'backend-endpoints', says: /selector app=back-end,tier=api matches no pod/, checkWindowMs: 20_000 },
    { what: 'a selector that also picks the frontend pod', lines: ['kubectl set selector service backend tier=api', 'kubectl label pod frontend tier=api', 'sleep 20'], fails: 'backend-endpoints', says: /endpoint 10\.\S+ is pod frontend \(labels app=frontend,tier=api, with no controller owning it\); the endpoints should be the pods matching app=backend\./, checkWindowMs: 20_000 },
    { what: 'the pods relabelled to match the Service', lines: ['kubectl label pods -l app=backend app=back-end --overwrite', 'sleep 30'], fails: 'backend-endpoints', says: /is pod backend-\S+ \(labels app=back-end,pod-template-hash=\w+,tier=api, with no controller owning it\); the endpoints should be the pods matching app=backend\./, checkWindowMs: 20_000 },
  ]);
});
