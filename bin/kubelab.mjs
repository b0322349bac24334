#!/usr/bin/env node
// The `kubelab` command line: a thin wrapper over engine/shell (loaded through tsx),
// so the page and the CLI run the same shell. Usage:
//   kubelab shell                 interactive session on this terminal (wall-clock time)
//   kubelab script FILE|-         run FILE's lines as typed at the prompt, print the transcript
//   kubelab version               kubelab's and the emulated Kubernetes version
//   kubelab exercises             list the exercises
//   kubelab check ID [--solution] grade exercise ID on a fresh cluster: its reference solution, or lines from stdin
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const engine = (p) => import(fileURLToPath(new URL(`../engine/${p}`, import.meta.url)));
const checker = (p) => import(fileURLToPath(new URL(`../checker/${p}`, import.meta.url)));

const USAGE = `Usage:
  kubelab shell [--seed N] [--nodes N]     interactive shell on a simulated cluster
  kubelab script [--seed N] [--nodes N] FILE   run FILE (- for stdin) and print the transcript
  kubelab version                          print versions
  kubelab exercises [--lang ko|en]         list the exercises
  kubelab check ID [--solution] [--lang ko|en] [--seed N]
                                           set exercise ID up, run its solution (or stdin's lines), print each check
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
  if (cmd === 'exercises') return listExercises(args);
  if (cmd === 'check') return checkExercise(args);
  if (cmd === 'shell') {
    const { opts } = parseOptions(args);
    return interactive(opts);
  }
  process.stderr.write(USAGE);
  return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
}

async function loadExercises() {
  const { loadAll, lessonSlugs } = await checker('catalog.ts');
  const dir = new URL('../exercises/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ path: `exercises/${f}`, text: readFileSync(new URL(f, dir), 'utf8') }));
  const lessons = lessonSlugs(readFileSync(new URL('../docs/.vitepress/config.ts', import.meta.url), 'utf8'));
  return loadAll(files, { lessons });
}

function langOf(args) {
  const i = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return { lang: 'en', rest: args };
  const v = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  const rest = args.filter((_, j) => j !== i && !(j === i + 1 && !args[i].includes('=')));
  if (v !== 'ko' && v !== 'en') {
    process.stderr.write('kubelab: --lang must be ko or en\n');
    process.exit(2);
  }
  return { lang: v, rest };
}

async function listExercises(args) {
  const { lang } = langOf(args);
  const { exercises, errors } = await loadExercises();
  const rows = exercises.map((e) => [e.id, e.area, e.difficulty, `${e.minutes}m`, e.title[lang]]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['ID', 'AREA', 'LEVEL', 'TIME'][i].length));
  const line = (r) => r.slice(0, 4).map((c, i) => c.padEnd(widths[i])).join('   ') + '   ' + r[4];
  process.stdout.write(line(['ID', 'AREA', 'LEVEL', 'TIME', 'TITLE']) + '\n' + rows.map(line).join('\n') + '\n');
  for (const e of errors) process.stderr.write(`${e.message}\n`);
  return errors.length ? 1 : 0;
}

async function checkExercise(args) {
  const { lang, rest } = langOf(args);
  const { opts, rest: rest2 } = parseOptions(rest);
  const solution = rest2.includes('--solution');
  const id = rest2.find((a) => !a.startsWith('-'));
  if (!id) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { exercises, errors } = await loadExercises();
  const ex = exercises.find((e) => e.id === id);
  if (!ex) {
    const bad = errors.find((e) => e.errors.some((x) => x.file.endsWith(`/${id}.yaml`)));
    process.stderr.write(bad ? `${bad.message}\n` : `kubelab: no exercise ${JSON.stringify(id)} (see kubelab exercises)\n`);
    return 1;
  }
  let lines = ex.solution;
  if (!solution) {
    const text = readFileSync(0, 'utf8');
    lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    lines = lines.map((l) => l.replace(/\r$/, ''));
  }
  const { runExercise, formatResult } = await checker('run.ts');
  const { result } = await runExercise(ex, lines, { seed: opts.seed, write: (t) => process.stdout.write(t) });
  process.stdout.write('\n' + formatResult(ex, result, lang));
  return result.passed ? 0 : 1;
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

// A reader that went away (`kubelab script x | head`) ends the run quietly rather than with a stack trace.
for (const stream of [process.stdout, process.stderr]) stream.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));

main(process.argv.slice(2)).then(
  (code) => process.exit(code ?? 0),
  (err) => {
    process.stderr.write(`kubelab: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
