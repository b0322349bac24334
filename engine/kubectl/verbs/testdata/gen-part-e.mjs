// Records the REAL kubectl v1.35.2's --help of part E's commands and the
// opening lines of `kubectl completion <shell>` into part-e.json. Dev tooling:
//   node engine/kubectl/verbs/testdata/gen-part-e.mjs "$(bash /work/shared/tools/real-kubectl.sh)"
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const kubectl = process.argv[2];
const paths = ['auth', 'auth can-i', 'auth whoami', 'completion', 'proxy', 'plugin', 'plugin list', 'certificate', 'certificate approve', 'certificate deny'];
const help = Object.fromEntries(paths.map((p) => [p, execFileSync(kubectl, [...p.split(' '), '--help'], { encoding: 'utf8' })]));
const heads = {};
for (const shell of ['bash', 'zsh', 'fish', 'powershell']) {
  const lines = execFileSync(kubectl, ['completion', shell], { encoding: 'utf8' }).split('\n');
  // Up to and including cobra's "<shell> completion for kubectl ... -*- shell-script -*-" line.
  heads[shell] = lines.slice(0, lines.findIndex((l) => l.includes('-*- shell-script -*-')) + 1).join('\n') + '\n';
}
writeFileSync(new URL('part-e.json', import.meta.url), JSON.stringify({ kubectl: 'v1.35.2', help, completionHeads: heads }, null, 1) + '\n');
