import type { CommandSpec, ProcessContext } from '../process.js';
import { BufferOutput } from '../streams.js';

/** Builtins that also exist as files in /usr/bin, which `which` finds. */
const ALSO_FILES = new Set(['echo', 'printf', 'pwd', 'test', '[', 'true', 'false', 'kill']);

/**
 * The file a program named `name` is on PATH (not an alias, function or builtin), as `which`, `sudo` and `env`
 * find it; undefined when there is none.
 */
export async function lookPath(ctx: Pick<ProcessContext, 'run' | 'env'>, name: string): Promise<string | undefined> {
  const out = new BufferOutput();
  // `command -v` knows the shell's registry; run with the environment alone, it sees no function or alias, and only
  // answers that are paths are files.
  await ctx.run!(['command', '-v', name], { stdout: out, stderr: out, env: ctx.env });
  const path = out.text.trim();
  if (path.startsWith('/')) return path;
  return ALSO_FILES.has(name) ? `/usr/bin/${name}` : undefined;
}

/** which NAME...: the path of each command found on PATH (not aliases, functions or builtins); exit 1 if any is missing. */
export const which: CommandSpec = {
  name: 'which',
  summary: 'locate a command',
  async run(ctx) {
    let status = 0;
    for (const n of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const path = await lookPath(ctx, n);
      if (path) ctx.stdout.write(path + '\n');
      else status = 1;
    }
    return status;
  },
};
