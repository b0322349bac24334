// Records what the REAL kubectl v1.35.2 prints for each template in
// gotemplate-cases.txt (one per line) over a client-side dry-run Deployment,
// into gotemplate-cases.json. Dev tooling, run by hand:
//   node engine/kubectl/printers/testdata/gen-gotemplate.mjs "$(bash /work/shared/tools/real-kubectl.sh)"
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const kubectl = process.argv[2];
const dir = new URL('./', import.meta.url);
const base = ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '--port=80', '--dry-run=client'];
const object = JSON.parse(execFileSync(kubectl, [...base, '-o', 'json'], { encoding: 'utf8' }));
const run = (args) => {
  const r = spawnSync(kubectl, [...base, ...args], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
};
const cases = [];
for (const template of readFileSync(new URL('gotemplate-cases.txt', dir), 'utf8').split('\n').filter(Boolean)) {
  cases.push({ template, ...run(['-o', `go-template=${template}`]) });
}
for (const template of ['{{.nope}}', '{{.metadata.nope}}', '{{.nope.deeper}}', '{{index .metadata.labels "nope"}}', '{{.metadata.name}}']) {
  cases.push({ template, allowMissingKeys: false, ...run(['-o', `go-template=${template}`, '--allow-missing-template-keys=false']) });
}
writeFileSync(new URL('gotemplate-cases.json', dir), JSON.stringify({ kubectl: 'v1.35.2', args: base, object, cases }, null, 1) + '\n');
