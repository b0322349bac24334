/**
 * The node's shells as commands (Ubuntu 24.04: /bin/sh is dash 0.5.12, bash 5.2): `sh -c 'LINE'`, as the docs run
 * `sudo sh -c "echo … > /mnt/data/index.html"` to write where a redirection needs root, `bash FILE`, and a script
 * piped in. The line runs in a child of the learner's shell (its own variables and working directory). An
 * interactive shell started without a command is not simulated: with a terminal on stdin it returns at once.
 */
import type { CommandSpec, ExecOptions, ProcessContext } from '../process.js';
import { shellLevel } from '../interpreter.js';

/** Options that only change how the script runs (errexit, xtrace, nounset, login…): accepted and not simulated. */
const QUIET_FLAGS = new Set(['e', 'x', 'u', 'v', 'f', 'l', 'i', 's']);

function shellCommand(name: 'sh' | 'dash' | 'bash', summary: string): CommandSpec {
  return {
    name,
    summary,
    async run(ctx: ProcessContext) {
      const args = ctx.argv.slice(1);
      let command: string | undefined;
      let i = 0;
      for (; i < args.length; i++) {
        const a = args[i];
        if (a === '--' || a === '-') { i++; break; }
        if (!a.startsWith('-') || a.startsWith('--') && name === 'bash') {
          if (a === '--login' || a === '--norc' || a === '--noprofile') continue;
          break;
        }
        for (const ch of a.slice(1)) {
          if (ch === 'c') command = '';
          else if (!QUIET_FLAGS.has(ch)) {
            // dash's options.c: "Illegal option"; bash prints its usage, which is not reproduced here.
            ctx.stderr.write(name === 'bash' ? `bash: -${ch}: invalid option\n` : `${name}: 0: Illegal option -${ch}\n`);
            return 2;
          }
        }
      }
      // bash exports one more SHLVL than it inherited (dash leaves it alone). Not simulated: bash -c exec'ing its last
      // simple command, which gives that program the inherited level back.
      let opts: ExecOptions | undefined;
      if (name === 'bash') {
        const { level, warning } = shellLevel(ctx.env.SHLVL);
        if (warning) ctx.stderr.write(warning);
        opts = { set: { SHLVL: level } };
      }
      // A new shell process: only the environment reaches it (not this shell's other variables, functions, aliases).
      const run = (text: string, scriptArgs: string[], commandString: boolean) =>
        ctx.run!(text, { ...opts, env: ctx.env, scriptArgs, script: { dialect: name === 'bash' ? 'bash' : 'dash', commandString } });
      if (command !== undefined) {
        if (i >= args.length) {
          ctx.stderr.write(name === 'bash' ? 'bash: -c: option requires an argument\n' : `${name}: 0: -c requires an argument\n`);
          return 2;
        }
        // `sh -c LINE NAME ARGS…`: NAME is $0, the rest $1…; without NAME $0 is the shell's own name.
        return run(args[i], args.length > i + 1 ? args.slice(i + 1) : [ctx.argv[0]], true);
      }
      const file = args[i];
      if (file !== undefined) {
        const text = ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, file));
        if (text === undefined) {
          ctx.stderr.write(name === 'bash' ? `bash: ${file}: No such file or directory\n` : `${name}: 0: cannot open ${file}: No such file\n`);
          return name === 'bash' ? 127 : 2;
        }
        return run(text, args.slice(i), false);
      }
      const script = await ctx.stdin.readAll();
      return script.trim() ? run(script, [ctx.argv[0]], false) : 0;
    },
  };
}

export const sh = shellCommand('sh', 'command interpreter (shell)');
export const dash = shellCommand('dash', 'command interpreter (shell)');
export const bash = shellCommand('bash', 'GNU Bourne-Again SHell');
