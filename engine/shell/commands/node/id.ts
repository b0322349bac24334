/**
 * id (GNU coreutils 9.4) for the node's users: the learner (uid 1000, an
 * administrator: adm and sudo, as the user a kubeadm guide works as) and
 * root; -u, -g, -G with -n, and its texts for an unknown user or option.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { ACCOUNTS } from '../../accounts.js';
import { USER } from '../misc.js';
import { getoptLong } from './getopt.js';

const TRY = "Try 'id --help' for more information.\n";

export const id: CommandSpec = {
  name: 'id',
  summary: 'print real and effective user and group IDs',
  run(ctx: ProcessContext) {
    const r = getoptLong(ctx.argv.slice(1), 'agnruzGZ', [
      { name: 'group', key: 'g' }, { name: 'groups', key: 'G' }, { name: 'name', key: 'n' }, { name: 'real', key: 'r' }, { name: 'user', key: 'u' },
      { name: 'zero', key: 'z' }, { name: 'context', key: 'Z' }, { name: 'help', key: 'help' }, { name: 'version', key: 'version' },
    ]);
    if ('error' in r) { ctx.stderr.write(`id: ${r.error}\n${TRY}`); return 1; }
    const f = new Set(r.options.map((o) => o.key));
    if (f.has('help')) { ctx.stdout.write('Usage: id [OPTION]... [USER]...\nPrint user and group information for each specified USER,\nor (when USER omitted) for the current process.\n'); return 0; }
    if (f.has('version')) { ctx.stdout.write('id (GNU coreutils) 9.4\n'); return 0; }
    const which = ['u', 'g', 'G'].filter((k) => f.has(k));
    if (which.length > 1) { ctx.stderr.write(`id: cannot print "only" of more than one choice\n`); return 1; }
    if (which.length === 0 && (f.has('n') || f.has('r'))) { ctx.stderr.write('id: cannot print only names or real IDs in default format\n'); return 1; }
    const names = r.operands.length ? r.operands : [ctx.fs.user ?? USER];
    let status = 0;
    for (const name of names) {
      const a = (Object.prototype.hasOwnProperty.call(ACCOUNTS, name) ? ACCOUNTS[name] : undefined) ?? (/^\d+$/.test(name) ? Object.values(ACCOUNTS).find((x) => String(x.uid) === name) : undefined);
      if (!a) { ctx.stderr.write(`id: '${name}': no such user\n`); status = 1; continue; }
      const groupName = (g: number) => a.groups.find(([n]) => n === g)?.[1] ?? String(g);
      const userName = Object.keys(ACCOUNTS).find((k) => ACCOUNTS[k] === a)!;
      const named = f.has('n');
      if (which[0] === 'u') ctx.stdout.write(`${named ? userName : a.uid}\n`);
      else if (which[0] === 'g') ctx.stdout.write(`${named ? groupName(a.gid) : a.gid}\n`);
      else if (which[0] === 'G') ctx.stdout.write(`${a.groups.map(([g, n]) => (named ? n : String(g))).join(' ')}\n`);
      else ctx.stdout.write(`uid=${a.uid}(${userName}) gid=${a.gid}(${groupName(a.gid)}) groups=${a.groups.map(([g, n]) => `${g}(${n})`).join(',')}\n`);
    }
    return status;
  },
};
