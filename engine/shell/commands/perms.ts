/**
 * chmod and chown (GNU coreutils 9.4) on the node's files: octal and symbolic modes, OWNER[:GROUP] by name or
 * number, -R; what the kernel refuses (vfs.ts: only the owner changes a mode, only root gives a file away) is
 * coreutils' `changing permissions of` / `changing ownership of` line.
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import { ACCOUNTS, groupsOf, SYSTEM_GROUPS } from '../accounts.js';
import { FsError } from '../vfs.js';
import { fsErrorText, parseArgs, q, sq, usageError, usageFailure } from './util.js';

/** The node's users and groups (accounts.ts), by name with their numbers. */
export const USERS: Record<string, number> = Object.fromEntries(Object.entries(ACCOUNTS).map(([name, a]) => [name, a.uid]));
export const GROUPS: Record<string, number> = Object.fromEntries([...Object.entries(SYSTEM_GROUPS).map(([gid, name]) => [name, Number(gid)]), ...Object.values(ACCOUNTS).flatMap((a) => a.groups.map(([gid, name]) => [name, gid]))]);

/** A name or number: the name the files keep (a number without a name stays a number, as ls shows it). */
function account(table: Record<string, number>, v: string): string | undefined {
  if (v in table) return v;
  if (!/^\d+$/.test(v)) return undefined;
  return Object.keys(table).find((k) => table[k] === Number(v)) ?? String(Number(v));
}

/** A user's login group (a number chown kept as a number stays one). */
const loginGroup = (owner: string) => (Object.prototype.hasOwnProperty.call(ACCOUNTS, owner) ? groupsOf(owner)[0] : owner);

const WHO: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007, a: 0o7777 };

/**
 * A mode from chmod's MODE (octal, or `[ugoa]*[-+=][rwxXst]*|[ugo]`, comma-separated); undefined when invalid. A clause
 * without a who leaves alone the bits the umask masks (the shell's: 0002 for the learner, so `chmod +w` is ug+w).
 */
export function applyMode(spec: string, mode: number, isDir: boolean, umask = 0o022): number | undefined {
  if (/^[0-7]+$/.test(spec)) return spec.length > 4 && /^0*[1-7]/.test(spec.slice(0, -4)) ? undefined : parseInt(spec, 8);
  let m = mode;
  for (const clause of spec.split(',')) {
    const c = /^([ugoa]*)((?:[-+=](?:[rwxXst]*|[ugo]))+)$/.exec(clause);
    if (!c) return undefined;
    const who = c[1] ? [...c[1]].reduce((s, w) => s | WHO[w], 0) : 0o7777;
    const mask = c[1] ? who : who & ~umask;
    for (const [, op, perms] of c[2].matchAll(/([-+=])([rwxXst]*|[ugo])/g)) {
      let bits = 0;
      if (/^[ugo]$/.test(perms)) {
        const from = (m >> { u: 6, g: 3, o: 0 }[perms as 'u' | 'g' | 'o']) & 7;
        bits = from * 0o111;
      } else {
        for (const p of perms) {
          bits |= { r: 0o444, w: 0o222, x: 0o111, X: isDir || m & 0o111 ? 0o111 : 0, s: 0o6000, t: 0o1000 }[p as 'r'] ?? 0;
        }
      }
      bits &= op === '=' ? who : mask;
      if (op === '+') m |= bits;
      else if (op === '-') m &= ~bits;
      else m = (m & ~who) | bits;
    }
  }
  return m;
}

/** Each operand, and with -R what is under it, handed to `each` with its name as coreutils shows it. */
function walk(ctx: ProcessContext, name: string, files: string[], recursive: boolean, each: (abs: string, shown: string, isDir: boolean, mode: number) => void): number {
  let status = 0;
  const visit = (abs: string, shown: string): void => {
    let st;
    try {
      st = ctx.fs.stat(abs);
      if (!st) throw new FsError('ENOENT', abs);
    } catch (e) {
      ctx.stderr.write(`${name}: cannot access ${sq(shown)}: ${fsErrorText(e)}\n`);
      status = 1;
      return;
    }
    try {
      each(abs, shown, st.type === 'dir', st.mode ?? (st.type === 'dir' ? 0o755 : 0o644));
    } catch (e) {
      if (!(e instanceof ChangeError)) throw e;
      ctx.stderr.write(`${name}: ${e.message}\n`);
      status = 1;
    }
    if (!recursive || st.type !== 'dir') return;
    let names;
    try {
      names = ctx.fs.readDir(abs) ?? [];
    } catch (e) {
      ctx.stderr.write(`${name}: cannot read directory ${sq(shown)}: ${fsErrorText(e)}\n`);
      status = 1;
      return;
    }
    for (const n of names) visit(`${abs === '/' ? '' : abs}/${n}`, `${shown.replace(/\/+$/, '')}/${n}`);
  };
  for (const f of files) visit(ctx.fs.resolve(ctx.cwd, f), f);
  return status;
}

class ChangeError extends Error {}

function operands(ctx: ProcessContext, name: string, args: string[], flags: { short: string; long: string; key: string }[]) {
  try {
    const a = parseArgs(name, args, flags);
    if (a.operands.length === 0) return usageError(ctx, name, 'missing operand');
    if (a.operands.length === 1) return usageError(ctx, name, `missing operand after ${q(a.operands[0])}`);
    return a;
  } catch (e) {
    return usageFailure(ctx, name, e);
  }
}

const RECURSIVE = [{ short: 'R', long: 'recursive', key: 'R' }, { short: 'v', long: 'verbose', key: 'v' }, { short: 'f', long: 'silent', key: 'f' }];

export const chmod: CommandSpec = {
  name: 'chmod',
  summary: 'change file mode bits',
  run(ctx) {
    // A mode such as -w is an operand, as chmod's own option scan takes it.
    const args = ctx.argv.slice(1).map((x) => (/^-[rwxXst]+$/.test(x) ? ` ${x}` : x));
    const a = operands(ctx, 'chmod', args, RECURSIVE);
    if (typeof a === 'number') return a;
    const [spec, ...files] = a.operands.map((x) => x.trimStart());
    if (applyMode(spec, 0, false) === undefined) {
      return usageError(ctx, 'chmod', `invalid mode: ${q(spec)}`);
    }
    return walk(ctx, 'chmod', files, !!a.flags.R, (abs, shown, isDir, mode) => {
      try {
        ctx.fs.chmod?.(abs, { mode: applyMode(spec, mode, isDir, (ctx.fs as { umask?: number }).umask) });
      } catch (e) {
        throw new ChangeError(`changing permissions of ${sq(shown)}: ${fsErrorText(e)}`);
      }
    });
  },
};

export const chown: CommandSpec = {
  name: 'chown',
  summary: 'change file owner and group',
  run(ctx) {
    const a = operands(ctx, 'chown', ctx.argv.slice(1), RECURSIVE);
    if (typeof a === 'number') return a;
    const [spec, ...files] = a.operands;
    const m = /^([^:.]*)(?:[:.](.*))?$/.exec(spec)!;
    const owner = m[1] ? account(USERS, m[1]) : undefined;
    if (m[1] && owner === undefined) {
      ctx.stderr.write(`chown: invalid user: ${q(spec)}\n`);
      return 1;
    }
    // `OWNER:` is the owner's login group.
    const group = m[2] ? account(GROUPS, m[2]) : m[2] === '' && owner ? loginGroup(owner) : undefined;
    if (m[2] && group === undefined) {
      ctx.stderr.write(`chown: invalid group: ${q(spec)}\n`);
      return 1;
    }
    return walk(ctx, 'chown', files, !!a.flags.R, (abs, shown) => {
      try {
        ctx.fs.chmod?.(abs, { owner, group });
      } catch (e) {
        throw new ChangeError(`${owner === undefined ? 'changing group of' : 'changing ownership of'} ${sq(shown)}: ${fsErrorText(e)}`);
      }
    });
  },
};
