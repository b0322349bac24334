/**
 * env (GNU coreutils 9.4): prints the environment, or runs a program in a changed one: `-i` (or `-`) starts it
 * empty, `-u NAME` drops a variable, `NAME=VALUE` words set them (in place when already there, else last, as
 * putenv does), `-C DIR` runs it elsewhere, `-0` ends printed lines with NUL. The program runs as the same user,
 * with exactly that environment: what the shell has not exported does not reach it.
 */
import type { CommandSpec } from '../../process.js';
import { q, usageError } from '../util.js';
import { execvpFile } from '../which.js';
import { getoptLong, type LongOption } from './getopt.js';

const LONGS: LongOption[] = [
  { name: 'ignore-environment', key: 'i' }, { name: 'null', key: '0' }, { name: 'unset', key: 'u', arg: 'required' },
  { name: 'chdir', key: 'C', arg: 'required' }, { name: 'debug', key: 'v' }, { name: 'help', key: 'help' }, { name: 'version', key: 'version' },
];


export const env: CommandSpec = {
  name: 'env',
  summary: 'run a program in a modified environment',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    // Options end at the first operand (getopt's "+"); a lone "-" is -i.
    let i = 0;
    const opts: string[] = [];
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === '--') { i++; break; }
      if (!a.startsWith('-')) break;
      opts.push(a === '-' ? '-i' : a);
      if (/^(-u|-C|--unset|--chdir)$/.test(a) && i + 1 < args.length) opts.push(args[++i]);
    }
    const r = getoptLong(opts, 'i0u:C:v', LONGS);
    if ('error' in r) return usageError(ctx, 'env', r.error, 125);
    if (r.options.some((o) => o.key === 'version')) {
      ctx.stdout.write('env (GNU coreutils) 9.4\n');
      return 0;
    }
    const vars = new Map(r.options.some((o) => o.key === 'i') ? [] : Object.entries(ctx.env));
    for (const { key, value } of r.options) {
      if (key !== 'u') continue;
      if (value!.includes('=') || value === '') {
        ctx.stderr.write(`env: cannot unset ${q(value!)}: Invalid argument\n`);
        return 125;
      }
      vars.delete(value!);
    }
    const rest = args.slice(i);
    while (rest.length && rest[0].includes('=')) {
      const a = rest.shift()!;
      const eq = a.indexOf('=');
      if (eq > 0) vars.set(a.slice(0, eq), a.slice(eq + 1));
    }
    const chdir = r.options.filter((o) => o.key === 'C').pop()?.value;
    const nul = r.options.some((o) => o.key === '0');
    if (rest.length === 0) {
      if (chdir !== undefined) return usageError(ctx, 'env', 'must specify command with --chdir (-C)', 125);
      ctx.stdout.write([...vars].map(([k, v]) => `${k}=${v}${nul ? '\0' : '\n'}`).join(''));
      return 0;
    }
    if (nul) return usageError(ctx, 'env', 'cannot specify --null (-0) with command', 125);
    let cwd = ctx.cwd;
    if (chdir !== undefined) {
      const p = ctx.fs.resolve(ctx.cwd, chdir);
      const st = ctx.fs.stat(p);
      if (st?.type !== 'dir') {
        ctx.stderr.write(`env: cannot change directory to '${chdir}': ${st ? 'Not a directory' : 'No such file or directory'}\n`);
        return 125;
      }
      cwd = p;
    }
    const environment = Object.fromEntries(vars);
    // execvp(3) with the new environment's PATH.
    const found = execvpFile(ctx, rest[0], environment.PATH, cwd);
    if ('error' in found) {
      ctx.stderr.write(`env: ${q(rest[0])}: ${found.error}\n`);
      return found.status;
    }
    return ctx.run!(rest, { env: environment, cwd, user: ctx.fs.user, program: found.program });
  },
};
