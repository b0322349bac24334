#!/usr/bin/env node
// The `kubelab` command line: a thin wrapper over engine/shell (loaded through tsx),
// so the page and the CLI run the same shell. Usage:
//   kubelab shell                 interactive session on this terminal (wall-clock time)
//   kubelab script FILE|-         run FILE's lines as typed at the prompt, print the transcript
//   kubelab version               kubelab's and the emulated Kubernetes version
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const engine = (p) => import(fileURLToPath(new URL(`../engine/${p}`, import.meta.url)));

const USAGE = `Usage:
  kubelab shell [--seed N] [--nodes N]     interactive shell on a simulated cluster
  kubelab script [--seed N] [--nodes N] FILE   run FILE (- for stdin) and print the transcript
  kubelab version                          print versions
`;

function parseOptions(args) {
  const opts = {};
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const take = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) {
        process.stderr.write(`kubelab: ${a.split('=')[0]} needs a whole number\n`);
        process.exit(2);
      }
      return n;
    };
    if (a === '--seed' || a.startsWith('--seed=')) opts.seed = take();
    else if (a === '--nodes' || a.startsWith('--nodes=')) opts.nodes = take();
    else rest.push(a);
  }
  return { opts, rest };
}

async function main(argv) {
  const [cmd, ...args] = argv;
  if (cmd === 'version' || cmd === '--version') {
    const { versionText } = await engine('shell/cli.ts');
    process.stdout.write(versionText(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version));
    return 0;
  }
  if (cmd === 'script') {
    const { opts, rest } = parseOptions(args);
    const file = rest[0];
    if (file === undefined) {
      process.stderr.write(USAGE);
      return 2;
    }
    let text;
    try {
      text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`kubelab: cannot read ${file}: ${e.code === 'ENOENT' ? 'No such file or directory' : e.message}\n`);
      return 1;
    }
    const { runScriptStreaming } = await engine('shell/script.ts');
    await runScriptStreaming(text, opts, (t) => process.stdout.write(t));
    return 0;
  }
  if (cmd === 'shell') {
    const { opts } = parseOptions(args);
    return interactive(opts);
  }
  process.stderr.write(USAGE);
  return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
}

async function interactive(opts) {
  const { createInteractive } = await engine('shell/cli.ts');
  const { RealtimeDriver } = await engine('util/realtime.ts');
  const { term, cluster } = await createInteractive(opts, (t) => process.stdout.write(t), {
    columns: process.stdout.columns || 80,
    rows: process.stdout.rows || 24,
  });
  const driver = new RealtimeDriver(cluster.clock, { now: () => Date.now() });
  driver.start();
  return new Promise((resolve) => {
    const stdin = process.stdin;
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const done = (status) => {
      driver.stop();
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      resolve(status);
    };
    term.onExit = done;
    stdin.on('data', (d) => term.input(d));
    stdin.on('end', () => term.input('\x04'));
    process.stdout.on('resize', () => term.resize(process.stdout.columns, process.stdout.rows));
    term.start();
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code ?? 0),
  (err) => {
    process.stderr.write(`kubelab: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
