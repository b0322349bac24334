// Records what the REAL kubectl v1.35.2 (kustomize v5.7) prints for
// `kubectl kustomize DIR` over small kustomization folders into
// kustomize-cases.json (files, stdout, stderr, exit code). Dev tooling:
//   node engine/kubectl/verbs/testdata/gen-kustomize.mjs "$(bash /work/shared/tools/real-kubectl.sh)"
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const kubectl = process.argv[2];
const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx:1.25\n        name: nginx\n';
const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\n';
const unordered = 'kind: Deployment\napiVersion: apps/v1\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        envFrom:\n        - configMapRef:\n            name: cfg\n      volumes:\n      - name: s\n        secret:\n          secretName: creds\n    metadata:\n      labels:\n        app: web\n  selector:\n    matchLabels:\n      app: web\n---\nkind: Deployment\napiVersion: apps/v1\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: registry.k8s.io/busybox:1.0\n';
const cases = {
  'prefix-namespace-commonLabels-images': {
    'svc.yaml': svc, 'deploy.yaml': deploy,
    'kustomization.yaml': 'resources:\n- deploy.yaml\n- svc.yaml\nnamePrefix: dev-\nnamespace: lab\ncommonLabels:\n  env: dev\nimages:\n- name: nginx\n  newTag: "1.26"\n',
  },
  'generators-labels-annotations-replicas': {
    'app.yaml': unordered, 'greeting.txt': 'hello\n', 'app.env': '# settings\nCOLOR=blue\n\nSIZE="L"\n',
    'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
    'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- app.yaml\n- ns.yaml\nnameSuffix: -v1\nnamespace: shop\nlabels:\n- pairs:\n    team: a\ncommonAnnotations:\n  owner: me\nimages:\n- name: registry.k8s.io/busybox\n  newName: busybox\n  newTag: "1.36"\n- name: nginx\n  digest: sha256:abc\nreplicas:\n- name: web\n  count: 3\nconfigMapGenerator:\n- name: cfg\n  literals:\n  - MODE=prod\n  - A=1\n  files:\n  - greeting.txt\n  envs:\n  - app.env\nsecretGenerator:\n- name: creds\n  literals:\n  - password=s3cret\n',
  },
  'overlay-over-base': {
    'base/deploy.yaml': deploy, 'base/svc.yaml': svc,
    'base/kustomization.yaml': 'resources:\n- deploy.yaml\n- svc.yaml\nconfigMapGenerator:\n- name: site\n  literals:\n  - TITLE=hi\n',
    'kustomization.yaml': 'resources:\n- base\nnamePrefix: prod-\nlabels:\n- pairs:\n    tier: web\n  includeSelectors: true\ngeneratorOptions:\n  disableNameSuffixHash: true\nconfigMapGenerator:\n- name: extra\n  literals:\n  - K=V\n',
  },
  // Within a kind: namespace first (none sorts last, as ~X), then name, so "x" precedes "x-y".
  'legacy-order-namespace-then-name': {
    'r.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: zz\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: aa\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x-y\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    'kustomization.yaml': 'resources:\n- r.yaml\n',
  },
  'errors-missing-resource': { 'kustomization.yaml': 'resources:\n- missing.yaml\n' },
  'errors-unknown-field': { 'kustomization.yaml': 'foo: 1\n' },
  'errors-no-kustomization': { 'x.yaml': svc },
};
const out = {};
for (const [name, files] of Object.entries(cases)) {
  const dir = mkdtempSync(join(tmpdir(), 'kz-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const r = spawnSync(kubectl, ['kustomize', '.'], { cwd: dir, encoding: 'utf8' });
  out[name] = { files, stdout: r.stdout, stderr: r.stderr.split(dir).join('<DIR>'), code: r.status };
  rmSync(dir, { recursive: true });
}
writeFileSync(new URL('kustomize-cases.json', import.meta.url), JSON.stringify({ kubectl: 'v1.35.2', cases: out }, null, 1) + '\n');
