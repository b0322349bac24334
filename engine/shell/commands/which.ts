import type { CommandSpec, ProcessContext } from '../process.js';
import { executable, searchPath } from '../binary.js';

/**
 * The executable file `name` names on `PATH` (a name with a slash: itself), as `which`, `sudo` and `env` find a
 * program; undefined when there is none. With `all`, every one (which -a).
 */
export function lookPath(ctx: Pick<ProcessContext, 'fs' | 'cwd'>, name: string, PATH: string | undefined, all = false): string[] {
  if (name.includes('/')) return executable(ctx.fs, ctx.fs.resolve(ctx.cwd, name)) ? [name] : [];
  return searchPath(ctx.fs, PATH, ctx.cwd, name, false).slice(0, all ? undefined : 1);
}

/**
 * execvp(3)'s search for a program exec'ing `name` (env, timeout, xargs): the file it runs, or the errno text and
 * status the caller reports (a file found but not executable, or a folder, is EACCES: 126; nothing, ENOENT: 127).
 * Without PATH, glibc searches /bin:/usr/bin.
 */
export function execvpFile(ctx: Pick<ProcessContext, 'fs'>, name: string, PATH: string | undefined, cwd: string): { program: string } | { error: string; status: number } {
  const program = name.includes('/') ? ctx.fs.resolve(cwd, name) : searchPath(ctx.fs, PATH ?? '/bin:/usr/bin', cwd, name)[0];
  if (program !== undefined && executable(ctx.fs, program)) return { program };
  return program !== undefined && ctx.fs.stat(program) ? { error: 'Permission denied', status: 126 } : { error: 'No such file or directory', status: 127 };
}

/** which [-a] NAME...: the path of each command found on PATH (not aliases, functions or builtins); exit 1 if any is missing. */
export const which: CommandSpec = {
  name: 'which',
  summary: 'locate a command',
  async run(ctx) {
    let status = 0;
    const all = ctx.argv.slice(1).some((a) => /^-[a-z]*a/.test(a));
    for (const n of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const paths = lookPath(ctx, n, ctx.env.PATH, all);
      for (const p of paths) ctx.stdout.write(p + '\n');
      if (paths.length === 0) status = 1;
    }
    return status;
  },
};
