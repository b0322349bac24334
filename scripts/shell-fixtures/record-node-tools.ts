/**
 * Records what this machine's procps-ng (free, uptime), coreutils (nproc, df,
 * id) and iproute2 6.1 (ip, ss) print for bad command lines, into
 * engine/shell/fixtures/node-tools-errors.json, which the node tools' tests
 * compare with. Only lines whose output does not depend on the machine's own
 * state are recorded. Run: npx tsx scripts/shell-fixtures/record-node-tools.ts
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export const NODE_TOOL_CASES: string[][] = [
  ['free', '-x'], ['free', '--foo'], ['free', '--h'], ['free', '-m', '-g'], ['free', '-c', '0'], ['free', '-c', 'abc'], ['free', '-s', 'abc'],
  ['free', '-s', '0'], ['free', 'extra'],
  ['uptime', '-x'], ['uptime', '--x'], ['uptime', 'extra'],
  ['nproc', '--foo'], ['nproc', '-x'], ['nproc', 'extra'], ['nproc', '--ignore=x'],
  ['df', '--foo'], ['df', '-x'], ['df', '/nosuch'],
  ['id', 'nosuch'], ['id', '-x'], ['id', '-u', '-g'], ['id', '-n'],
  ['ip', 'foo'], ['ip', 'addr', 'show', 'nosuch'], ['ip', 'link', 'show', 'nosuch'], ['ip', 'addr', 'foo'], ['ip', 'route', 'foo'], ['ip', 'link', 'foo'],
  ['ip', '-x', 'a'], ['ip', 'r', 'show', 'dev', 'nosuch'], ['ip', 'route', 'get'], ['ip'], ['ip', '-n', 'nosuch', 'a'], ['ip', 'netns', 'foo'],
  ['ss', '--foo'],
];

const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', TZ: 'UTC', HOME: '/root' };
const cases = NODE_TOOL_CASES.map((argv) => {
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8' });
  return { argv, stdout: r.stdout, stderr: r.stderr, status: r.status };
});
const versions = ['free -V', 'nproc --version', 'ip -V'].map((c) => spawnSync('sh', ['-c', c], { env, encoding: 'utf8' }).stdout.split('\n')[0]);
writeFileSync('engine/shell/fixtures/node-tools-errors.json', JSON.stringify({ versions, cases }, null, 1) + '\n');
console.log(`${cases.length} cases recorded with ${versions.join('; ')}`);
