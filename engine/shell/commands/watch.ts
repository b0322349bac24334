import type { CommandSpec } from '../process.js';
import { BufferOutput, EMPTY_INPUT } from '../streams.js';
import { plainDate } from './date.js';

/** ANSI: cursor home and clear the screen, as watch redraws. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';

/** watch [-n SECONDS] [-t] COMMAND: re-runs COMMAND through the shell every interval, full screen, until Ctrl-C. */
export const watch: CommandSpec = {
  name: 'watch',
  summary: 'execute a program periodically, showing output fullscreen',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let interval = 2;
    let title = true;
    while (args[0]?.startsWith('-')) {
      const a = args.shift()!;
      if (a === '-n' || a === '--interval') interval = Number(args.shift());
      else if (a.startsWith('-n')) interval = Number(a.slice(2));
      else if (a.startsWith('--interval=')) interval = Number(a.slice(11));
      else if (a === '-t' || a === '--no-title') title = false;
      else if (a === '--') break;
    }
    if (args.length === 0) {
      ctx.stderr.write('\nUsage:\n watch [options] command\n');
      return 1;
    }
    if (!Number.isFinite(interval) || interval < 0.1) interval = 0.1;
    const command = args.join(' ');
    const width = ctx.terminal.columns || 80;
    for (;;) {
      const out = new BufferOutput();
      // The command reads no input here (procps' child inherits the terminal, which nothing types into): end of file.
      // procps runs it with `sh -c`: dash, from the environment alone (an alias or function of the learner's is "not found").
      await ctx.run!(command, { stdout: out, stderr: out, stdin: EMPTY_INPUT, env: ctx.env, scriptArgs: ['sh'], script: { dialect: 'dash', commandString: true } });
      if (ctx.signal.aborted) break;
      let screen = CLEAR_SCREEN;
      if (title) {
        const left = `Every ${interval.toFixed(1)}s: ${command}`;
        const right = `control-plane: ${plainDate(ctx.cluster.clock.now())}`;
        const pad = Math.max(1, width - left.length - right.length);
        screen += left + ' '.repeat(pad) + right + '\n\n';
      }
      ctx.stdout.write(screen + out.text);
      await ctx.sleep(interval * 1000);
      if (ctx.signal.aborted) break;
    }
    return 0;
  },
};
