import type { CommandSpec } from '../process.js';
import { BufferOutput } from '../streams.js';

/** Builtins that also exist as files in /usr/bin, which `which` finds. */
const ALSO_FILES = new Set(['echo', 'printf', 'pwd', 'test', '[', 'true', 'false', 'kill']);

/** which NAME...: the path of each command found on PATH (not aliases, functions or builtins); exit 1 if any is missing. */
export const which: CommandSpec = {
  name: 'which',
  summary: 'locate a command',
  async run(ctx) {
    let status = 0;
    for (const n of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const out = new BufferOutput();
      // `command -v` knows the shell's registry; only answers that are paths are files.
      await ctx.run!(['command', '-v', n], { stdout: out, stderr: out });
      const path = out.text.trim();
      if (path.startsWith('/')) ctx.stdout.write(path + '\n');
      else if (ALSO_FILES.has(n)) ctx.stdout.write(`/usr/bin/${n}\n`);
      else status = 1;
    }
    return status;
  },
};
