/**
 * Records what the real find and stat print for find-stat-cases.ts on its tree, built in a scratch folder with its
 * ages before now, into engine/shell/fixtures/find-stat.json (find-stat.test.ts compares with it). Run as root (the
 * tree is root's; `asUser` cases run as uid 1000 through setpriv): npx tsx scripts/shell-fixtures/record-find-stat.ts
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, lutimesSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES, LAYOUT } from './find-stat-cases.js';

const root = mkdtempSync(join(tmpdir(), 'find-stat-'));
chmodSync(root, 0o755);
// A whole second, so the times the test sets in milliseconds are the ones recorded.
const now = Math.floor(Date.now() / 1000) * 1000;
for (const e of LAYOUT) {
  const p = join(root, e.path);
  if (e.type === 'dir') mkdirSync(p);
  else if (e.type === 'file') writeFileSync(p, e.content ?? '');
  else symlinkSync(e.content!, p);
  if (e.type !== 'link') chmodSync(p, e.mode ?? (e.type === 'dir' ? 0o755 : 0o644));
}
// Times last, deepest first, so making an entry does not move its folder's.
for (const e of [...LAYOUT].reverse()) {
  const t = (now - e.ageMs) / 1000;
  (e.type === 'link' ? lutimesSync : utimesSync)(join(root, e.path), t, t);
}
const env = { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8', TZ: 'UTC', HOME: '/root' };
const cases = CASES.map((c) => {
  const argv = c.asUser ? ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', ...c.argv] : c.argv;
  const r = spawnSync(argv[0], argv.slice(1), { cwd: root, env, encoding: 'utf8', input: '' });
  return { ...c, stdout: r.stdout, stderr: r.stderr, status: r.status };
});
const versions = ['find --version', 'stat --version'].map((c) => spawnSync('sh', ['-c', c], { encoding: 'utf8' }).stdout.split('\n')[0]);
writeFileSync('engine/shell/fixtures/find-stat.json', JSON.stringify({ versions, now, cases }, null, 1) + '\n');
console.log(`${cases.length} cases recorded with ${versions.join('; ')} in ${root}`);
