/**
 * The failure-recovery and architecture exercises solved every way a learner
 * who knows kubectl would try, and the plausible mistakes they would make.
 */
import { describe } from 'vitest';
import { ways } from './harness.js';

describe('crashloop-missing-env', () => {
  ways('crashloop-missing-env', [
    { what: 'set env', lines: ['kubectl set env deployment/api DATABASE_URL=postgres://db:5432/app', 'kubectl rollout status deployment/api'] },
    { what: 'a strategic merge patch of the container', lines: [`kubectl patch deployment api -p '{"spec":{"template":{"spec":{"containers":[{"name":"api","env":[{"name":"DATABASE_URL","value":"postgres://db:5432/app"}]}]}}}}'`, 'kubectl rollout status deployment/api'] },
    { what: 'the value from a ConfigMap key', lines: ['kubectl create configmap api-config --from-literal=DATABASE_URL=postgres://db:5432/app', 'kubectl set env deployment/api --from=configmap/api-config', 'kubectl rollout status deployment/api'] },
    { what: 'the value from a Secret key', lines: ['kubectl create secret generic api-db --from-literal=DATABASE_URL=postgres://db:5432/app', 'kubectl set env deployment/api --from=secret/api-db', 'kubectl rollout status deployment/api'] },
    { what: 'envFrom a ConfigMap in a re-applied manifest', lines: ['kubectl create configmap api-config --from-literal=DATABASE_URL=postgres://db:5432/app', 'kubectl get deployment api -o yaml > api.yaml', "sed -i 's/^      - command:/      - envFrom:\\n        - configMapRef:\\n            name: api-config\\n        command:/' api.yaml", 'kubectl apply -f api.yaml', 'kubectl rollout status deployment/api'] },
    { what: 'deleted and created again with the variable', lines: ['kubectl get deployment api -o yaml > api.yaml', 'kubectl delete deployment api', "sed -i -e '/resourceVersion:/d' -e 's/^      - command:/      - env:\\n        - name: DATABASE_URL\\n          value: postgres:\\/\\/db:5432\\/app\\n        command:/' api.yaml", 'kubectl create -f api.yaml', 'kubectl rollout status deployment/api'] },
    { what: 'replaced by another app', lines: ['kubectl delete deployment api', 'kubectl create deployment api --image=nginx:1.26 --replicas=2', 'kubectl rollout status deployment/api'], fails: 'env-set', says: /^Deployment api's container nginx has no environment variable DATABASE_URL\.$/ },
    { what: 'a typo in the value (pods run, the app would not connect)', lines: ['kubectl set env deployment/api DATABASE_URL=postgres://db:5432', 'kubectl rollout status deployment/api'], fails: 'env-set', says: /^Deployment api's container api gets DATABASE_URL = "postgres:\/\/db:5432"; the goal: "postgres:\/\/db:5432\/app"\.$/ },
    { what: 'a ConfigMap key that does not exist yet', lines: [`kubectl patch deployment api -p '{"spec":{"template":{"spec":{"containers":[{"name":"api","env":[{"name":"DATABASE_URL","valueFrom":{"configMapKeyRef":{"name":"db","key":"url"}}}]}]}}}}'`, 'sleep 30'], fails: 'env-set', says: /^Deployment api's container api cannot get DATABASE_URL: ConfigMap db does not exist\.$/, checkWindowMs: 30_000 },
    { what: 'the variable under another name', lines: ['kubectl set env deployment/api DB_URL=postgres://db:5432/app', 'sleep 60'], fails: 'api-ready', says: /CrashLoopBackOff|Error|restart/i },
    { what: 'set env with a client dry run', lines: ['kubectl set env deployment/api DATABASE_URL=postgres://db:5432/app --dry-run=client -o yaml', 'sleep 30'], fails: 'api-ready', checkWindowMs: 30_000 },
  ]);
});

describe('delete-hung-pod', () => {
  ways('delete-hung-pod', [
    { what: 'the hung pod force-deleted', lines: ['kubectl delete pod $(kubectl get pods -l app=web -o name | head -1 | cut -d/ -f2) --grace-period=0 --force', 'sleep 20'] },
    { what: 'every web pod deleted by label', lines: ['kubectl delete pods -l app=web', 'kubectl rollout status deployment/web', 'sleep 20'] },
    { what: 'the ReplicaSet deleted (the Deployment makes a new one)', lines: ['kubectl delete rs -l app=web', 'kubectl rollout status deployment/web', 'sleep 20'] },
    { what: 'scaled to zero and back', lines: ['kubectl scale deployment web --replicas=0', 'sleep 5', 'kubectl scale deployment web --replicas=3', 'kubectl rollout status deployment/web', 'sleep 20'] },
    { what: 'a healthy pod deleted instead', lines: ['kubectl delete pod $(kubectl get pods -l app=web -o name | tail -1 | cut -d/ -f2)', 'sleep 30'], fails: 'all-answer', says: /does not answer/, checkWindowMs: 30_000 },
    { what: 'nginx reloaded inside the hung pod', lines: ['kubectl exec $(kubectl get pods -l app=web -o name | head -1) -- nginx -s reload', 'sleep 30'], fails: 'all-answer', checkWindowMs: 30_000 },
    { what: 'scaled to 4 so that three answer', lines: ['kubectl scale deployment web --replicas=4', 'sleep 30'], fails: 'all-answer', checkWindowMs: 30_000 },
  ]);
});

const LIVENESS_EDITOR = `KUBE_EDITOR="sed -i 's/^        name: nginx/        livenessProbe:\\n          httpGet:\\n            path: \\/\\n            port: 80\\n          periodSeconds: 5\\n          failureThreshold: 2\\n        name: nginx/'"`;

describe('liveness-probe-hung', () => {
  ways('liveness-probe-hung', [
    { what: 'kubectl edit adding an httpGet probe', lines: [`${LIVENESS_EDITOR} kubectl edit deployment web`, 'kubectl rollout status deployment/web', 'sleep 120'] },
    { what: 'an exec probe with curl -f', lines: [`kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","livenessProbe":{"exec":{"command":["curl","-fsm","2","http://localhost/"]},"periodSeconds":5}}]}}}}'`, 'kubectl rollout status deployment/web', 'sleep 120'] },
    { what: 'an httpGet probe with the default period and threshold', lines: [`kubectl patch deployment web --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/0/livenessProbe","value":{"httpGet":{"path":"/","port":80}}}]'`, 'kubectl rollout status deployment/web', 'sleep 150'] },
    {
      what: 'the whole manifest applied with the probe',
      lines: ['kubectl apply -f - <<EOF', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  replicas: 2', '  selector:', '    matchLabels:', '      app: web', '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      containers:', '      - name: nginx', '        image: nginx:1.26', '        ports:', '        - containerPort: 80', '        livenessProbe:', '          httpGet:', '            path: /', '            port: 80', '          periodSeconds: 3', '          timeoutSeconds: 1', 'EOF', 'kubectl rollout status deployment/web', 'sleep 120'],
    },
    { what: 'a probe on a port nothing listens on (restarts forever)', lines: [`kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","livenessProbe":{"httpGet":{"path":"/","port":8080},"periodSeconds":5}}]}}}}'`, 'sleep 150'], fails: 'answers-after-hang' },
    { what: 'the hung pods deleted by hand', lines: ['sleep 70', 'kubectl delete pods -l app=web', 'sleep 60'], fails: 'has-liveness' },
  ]);
});

describe('node-down-keep-serving', () => {
  ways('node-down-keep-serving', [
    { what: 'cordon, then delete the pods on worker-1', lines: ['sleep 70', 'kubectl cordon worker-1', 'kubectl delete pods -l app=web --field-selector spec.nodeName=worker-1 --wait=false', 'sleep 30'] },
    { what: 'the out-of-service taint of a non-graceful node shutdown', lines: ['sleep 70', 'kubectl taint nodes worker-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute', 'sleep 40'] },
    { what: 'the Node object deleted', lines: ['sleep 70', 'kubectl delete node worker-1', 'sleep 90'] },
    { what: 'drained before the node is even NotReady', lines: ['sleep 25', 'kubectl drain worker-1 --ignore-daemonsets --timeout=30s', 'sleep 30'] },
    { what: 'cordon only', lines: ['sleep 70', 'kubectl cordon worker-1', 'sleep 60'], fails: 'three-on-healthy-nodes', checkWindowMs: 100_000 },
    { what: 'scaled to 4 instead of moving the pod', lines: ['sleep 70', 'kubectl scale deployment web --replicas=4', 'sleep 60'], fails: 'three-on-healthy-nodes', checkWindowMs: 100_000 },
  ]);
});

describe('node-placement', () => {
  ways('node-placement', [
    { what: 'a merge patch of the node\'s labels', lines: [`kubectl patch node worker-2 -p '{"metadata":{"labels":{"disktype":"ssd"}}}'`, 'kubectl rollout status deployment/db'] },
    { what: 'kubectl edit of the node', lines: [`KUBE_EDITOR="sed -i 's/^    kubernetes.io\\/hostname: worker-2/    kubernetes.io\\/hostname: worker-2\\n    disktype: ssd/'" kubectl edit node worker-2`, 'kubectl rollout status deployment/db'] },
    { what: 'labelled with --overwrite, with pods deleted to hurry it', lines: ['kubectl label nodes worker-2 disktype=ssd --overwrite', 'kubectl delete pod -l app=db', 'kubectl rollout status deployment/db'] },
    { what: 'nodeName pinned in the template (the kubelet refuses the pod)', lines: [`kubectl patch deployment db -p '{"spec":{"template":{"spec":{"nodeName":"worker-2"}}}}'`, 'sleep 30'], fails: 'db-pod-on-worker-2', says: /pods have failed; the latest, db-\w+-\w+: NodeAffinity: Pod was rejected: Predicate NodeAffinity failed/, checkWindowMs: 30_000 },
    { what: 'both workers labelled ssd', lines: ['kubectl label node worker-1 worker-2 disktype=ssd', 'kubectl rollout status deployment/db', 'sleep 20'], fails: 'db-pod-on-worker-2', checkWindowMs: 30_000 },
    { what: 'the label misspelt', lines: ['kubectl label node worker-2 disktype=SSD', 'sleep 20'], fails: 'node-labelled', says: /disktype = SSD; the goal: ssd/, checkWindowMs: 20_000 },
  ]);
});

describe('scheduler-stopped', () => {
  ways('scheduler-stopped', [
    { what: 'copied back with cp', lines: ['sudo cp /etc/kubernetes/kube-scheduler.yaml.bak /etc/kubernetes/manifests/kube-scheduler.yaml', 'kubectl rollout status deployment/web'] },
    { what: 'moved back from inside the folder', lines: ['cd /etc/kubernetes', 'sudo mv kube-scheduler.yaml.bak manifests/kube-scheduler.yaml', 'cd', 'kubectl rollout status deployment/web'] },
    { what: 'moved back keeping the .bak name (the kubelet reads every file there)', lines: ['sudo mv /etc/kubernetes/kube-scheduler.yaml.bak /etc/kubernetes/manifests/', 'kubectl rollout status deployment/web'] },
    { what: 'the manifest created through the API server (no node will run it)', lines: ['kubectl create -f /etc/kubernetes/kube-scheduler.yaml.bak', 'sleep 30'], fails: 'scheduler-running', checkWindowMs: 30_000 },
    { what: 'moved to a hidden file in the folder (the kubelet skips it)', lines: ['sudo mv /etc/kubernetes/kube-scheduler.yaml.bak /etc/kubernetes/manifests/.kube-scheduler.yaml', 'sleep 30'], fails: 'scheduler-running', checkWindowMs: 30_000 },
  ]);
});

const RESTORE = 'kubectl -n kube-system exec etcd-control-plane -- etcdutl snapshot restore /var/lib/etcd/backup.db';
const ETCD_YAML = '/etc/kubernetes/manifests/etcd.yaml';

describe('etcd-backup-restore', () => {
  ways('etcd-backup-restore', [
    { what: '--data-dir moved inside the mounted /var/lib/etcd instead of the hostPath', lines: [`${RESTORE} --data-dir /var/lib/etcd/restored`, `sudo sed -i 's#--data-dir=/var/lib/etcd$#--data-dir=/var/lib/etcd/restored#' ${ETCD_YAML}`, 'sleep 60'] },
    { what: 'the manifest moved out, edited and moved back', lines: [`${RESTORE} --data-dir /var/lib/etcd/restored`, `sudo mv ${ETCD_YAML} /root/`, 'sleep 20', "sudo sed -i 's#path: /var/lib/etcd$#path: /var/lib/etcd/restored#' /root/etcd.yaml", `sudo mv /root/etcd.yaml ${ETCD_YAML}`, 'sleep 60'] },
    { what: 'with --bump-revision and --mark-compacted', lines: [`${RESTORE} --data-dir /var/lib/etcd/restored --bump-revision 1000000000 --mark-compacted`, `sudo sed -i 's#path: /var/lib/etcd$#path: /var/lib/etcd/restored#' ${ETCD_YAML}`, 'sleep 60'] },
    { what: 'etcdctl snapshot restore (etcd 3.6 has none)', lines: ['kubectl -n kube-system exec etcd-control-plane -- etcdctl snapshot restore /var/lib/etcd/backup.db --data-dir /var/lib/etcd/restored', `sudo sed -i 's#path: /var/lib/etcd$#path: /var/lib/etcd/restored#' ${ETCD_YAML}`, 'sleep 60'], fails: 'orders-back', checkWindowMs: 30_000 },
    { what: 'restored but etcd never pointed at it', lines: [`${RESTORE} --data-dir /var/lib/etcd/restored`, 'sleep 60'], fails: 'orders-back', checkWindowMs: 30_000 },
  ]);
});
