/**
 * Small commands about the host: pwd, printenv, hostname, whoami, uname, clear, true/false
 * as external names, yes, tee, base64, xargs, test/[. Each is its own CommandSpec.
 */
import type { CommandSpec } from '../process.js';
import { USER } from '../home.js';
import { lines, parseArgs, usageFailure, yieldTurn } from './util.js';
import { runNodeTool } from './node/index.js';
import { execvpFile } from './which.js';
import { KERNEL_BUILD, KERNEL_VERSION } from '../../kubelet/node-status.js';
import { base64Decode, base64Encode } from '../../util/base64.js';

export const HOSTNAME = 'control-plane';
export { USER };

export const pwd: CommandSpec = {
  name: 'pwd',
  summary: 'print name of current/working directory',
  run(ctx) {
    // -P (the last of -L and -P wins): the physical folder, without the links `cd` went through.
    const physical = /^-[LP]*P$/.test(ctx.argv[1] ?? '');
    ctx.stdout.write(((physical && ctx.fs.realpath?.(ctx.cwd)) || ctx.cwd) + '\n');
    return 0;
  },
};

export const printenv: CommandSpec = {
  name: 'printenv',
  summary: 'print all or part of environment',
  run(ctx) {
    const names = ctx.argv.slice(1);
    if (names.length === 0) {
      ctx.stdout.write(Object.entries(ctx.env).map(([k, v]) => `${k}=${v}\n`).join(''));
      return 0;
    }
    let status = 0;
    for (const n of names) {
      if (n in ctx.env) ctx.stdout.write(ctx.env[n] + '\n');
      else status = 1;
    }
    return status;
  },
};

export const hostname: CommandSpec = {
  name: 'hostname',
  summary: 'show the system\'s host name',
  async run(ctx) {
    if (ctx.argv[1] === '-I' && ctx.cluster) return runNodeTool('hostname', ctx);
    if (ctx.argv[1] === '-i') {
      const node = ctx.cluster?.nodeConfigs?.find((n) => n.name === (ctx.host?.node ?? HOSTNAME));
      ctx.stdout.write(`${node?.internalIP ?? '172.18.0.2'} \n`);
      return 0;
    }
    ctx.stdout.write((ctx.host?.node ?? HOSTNAME) + '\n');
    return 0;
  },
};

export const whoami: CommandSpec = {
  name: 'whoami',
  summary: 'print effective user name',
  run(ctx) {
    ctx.stdout.write((ctx.fs.user ?? USER) + '\n');
    return 0;
  },
};

export const uname: CommandSpec = {
  name: 'uname',
  summary: 'print system information',
  run(ctx) {
    const f = new Set(ctx.argv.slice(1).join('').replace(/-/g, '').split(''));
    if (f.has('a')) {
      ctx.stdout.write(`Linux ${ctx.host?.node ?? HOSTNAME} ${KERNEL_VERSION} ${KERNEL_BUILD} x86_64 x86_64 x86_64 GNU/Linux\n`);
      return 0;
    }
    const parts: string[] = [];
    if (f.has('s') || f.size === 0) parts.push('Linux');
    if (f.has('n')) parts.push(ctx.host?.node ?? HOSTNAME);
    if (f.has('r')) parts.push(KERNEL_VERSION);
    if (f.has('m')) parts.push('x86_64');
    if (f.has('o')) parts.push('GNU/Linux');
    ctx.stdout.write(parts.join(' ') + '\n');
    return 0;
  },
};

/** What `clear` writes for TERM=xterm-256color: home, erase screen, erase scrollback. */
export const CLEAR_SEQUENCE = '\x1b[H\x1b[2J\x1b[3J';

export const clear: CommandSpec = {
  name: 'clear',
  summary: 'clear the terminal screen',
  run(ctx) {
    ctx.stdout.write(CLEAR_SEQUENCE);
    return 0;
  },
};

export const yes: CommandSpec = {
  name: 'yes',
  summary: 'output a string repeatedly until killed',
  async run(ctx) {
    const word = ctx.argv.length > 1 ? ctx.argv.slice(1).join(' ') : 'y';
    const chunk = (word + '\n').repeat(Math.max(1, Math.floor(4096 / (word.length + 1))));
    // Writes fail once the reader is gone (BrokenPipe) or the line's output budget is spent.
    while (!ctx.signal.aborted) {
      ctx.stdout.write(chunk);
      await yieldTurn();
    }
    return 130;
  },
};

export const tee: CommandSpec = {
  name: 'tee',
  summary: 'read from standard input and write to standard output and files',
  async run(ctx) {
    let a;
    try {
      a = parseArgs('tee', ctx.argv.slice(1), [{ short: 'a', long: 'append', key: 'a' }]);
    } catch (e) {
      return usageFailure(ctx, 'tee', e);
    }
    let status = 0;
    const targets: string[] = [];
    for (const f of a.operands) {
      const p = ctx.fs.resolve(ctx.cwd, f);
      try {
        if (!a.flags.a || !ctx.fs.stat(p)) ctx.fs.writeFile(p, '');
        targets.push(p);
      } catch (e) {
        ctx.stderr.write(`tee: ${f}: ${(e as Error).message}\n`);
        status = 1;
      }
    }
    for await (const line of ctx.stdin.lines()) {
      ctx.stdout.write(line + '\n');
      for (const p of targets) ctx.fs.appendFile(p, line + '\n');
    }
    return status;
  },
};

export const base64: CommandSpec = {
  name: 'base64',
  summary: 'base64 encode/decode data and print to standard output',
  async run(ctx) {
    let a;
    try {
      a = parseArgs('base64', ctx.argv.slice(1), [{ short: 'd', long: 'decode', key: 'd' }, { short: 'w', long: 'wrap', key: 'w', value: true }, { short: 'i', long: 'ignore-garbage', key: 'i' }]);
    } catch (e) {
      return usageFailure(ctx, 'base64', e);
    }
    let input: string;
    const file = a.operands[0];
    if (file && file !== '-') {
      const t = ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, file));
      if (t === undefined) { ctx.stderr.write(`base64: ${file}: No such file or directory\n`); return 1; }
      input = t;
    } else input = await ctx.stdin.readAll();
    if (a.flags.d) {
      const clean = input.replace(/[\n\r]/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
        const ok = clean.replace(/[^A-Za-z0-9+/=]/g, '');
        ctx.stdout.write(base64Decode(ok.slice(0, ok.length - (ok.length % 4))));
        ctx.stderr.write('base64: invalid input\n');
        return 1;
      }
      ctx.stdout.write(base64Decode(clean));
      return 0;
    }
    const enc = base64Encode(input);
    const wrap = a.flags.w !== undefined ? Number(a.flags.w) : 76;
    if (wrap === 0) ctx.stdout.write(enc + (enc ? '' : ''));
    else ctx.stdout.write(enc.match(new RegExp(`.{1,${wrap}}`, 'g'))?.map((l) => l + '\n').join('') ?? '');
    return 0;
  },
};

export const xargs: CommandSpec = {
  name: 'xargs',
  summary: 'build and execute command lines from standard input',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let n = Infinity;
    let replace: string | undefined;
    while (args[0]?.startsWith('-')) {
      const a = args.shift()!;
      if (a === '-n') n = Number(args.shift());
      else if (a.startsWith('-n')) n = Number(a.slice(2));
      else if (a === '-I') replace = args.shift();
      else if (a.startsWith('-I')) replace = a.slice(2);
      else if (a === '-r' || a === '--no-run-if-empty' || a === '-0') continue;
    }
    const cmd = args.length ? args : ['echo'];
    const input = await ctx.stdin.readAll();
    let status = 0;
    const run = async (argv: string[]) => {
      const found = execvpFile(ctx, argv[0], ctx.env.PATH, ctx.cwd);
      if ('error' in found) {
        ctx.stderr.write(`xargs: ${argv[0]}: ${found.error}\n`);
        status = found.status;
        return false;
      }
      const s = await ctx.run!(argv, { program: found.program });
      if (s !== 0) status = 123;
      return true;
    };
    if (replace !== undefined) {
      for (const line of lines(input)) if (!(await run(cmd.map((x) => x.split(replace!).join(line))))) break;
      return status;
    }
    const words = input.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^["']|["']$/g, '')) ?? [];
    if (words.length === 0) {
      await run(cmd);
      return status;
    }
    for (let i = 0; i < words.length; i += n === Infinity ? words.length : n) {
      if (!(await run([...cmd, ...words.slice(i, i + (n === Infinity ? words.length : n))]))) break;
    }
    return status;
  },
};
