/**
 * Records what the real tools on this machine print for the cases in
 * cases.ts (GNU coreutils expr/date, bash 5.2, busybox ash: `apt-get install busybox`), into
 * engine/shell/fixtures/real-tools.json, which the shell's tests compare with.
 * Run: npx tsx scripts/shell-fixtures/record.ts
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { CASES } from './cases.js';

const env = { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8', TZ: 'UTC', HOME: '/root' };
// A Debian image sets no locale (nginx, httpd, redis): its GNU tools quote with ASCII '…' rather than ‘…’.
const imageEnv = { PATH: env.PATH, TZ: 'UTC', HOME: '/root' };
const out = CASES.map((argv) => {
  const r = spawnSync(argv[0], argv.slice(1), { env: argv[0].startsWith('/bin/') ? imageEnv : env, encoding: 'utf8' });
  return { argv, stdout: r.stdout, stderr: r.stderr, status: r.status };
});
const versions = ['bash --version', 'expr --version', 'date --version', 'busybox'].map((c) => spawnSync('sh', ['-c', c], { encoding: 'utf8' }).stdout.split('\n')[0]);
mkdirSync('engine/shell/fixtures', { recursive: true });
writeFileSync('engine/shell/fixtures/real-tools.json', JSON.stringify({ versions, cases: out }, null, 1) + '\n');
console.log(`${out.length} cases recorded with ${versions.join('; ')}`);
