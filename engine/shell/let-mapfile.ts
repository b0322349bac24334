/**
 * bash's `let` (each argument an arithmetic expression; true when the last is
 * not 0) and `mapfile`/`readarray` (standard input's lines into an indexed
 * array). Loaded on first use.
 */
import { ArithError, evaluateArithmetic } from './arith.js';
import type { Builtin } from './builtins.js';
import { lineChunks } from './commands/head-count.js';

export const letB: Builtin = (sh, argv, io) => {
  if (argv.length < 2) {
    io.stderr.write(`${sh.errorPrefix()}let: expression expected\n`);
    return 1;
  }
  let v = 0;
  for (const expr of argv.slice(1)) {
    try {
      v = evaluateArithmetic(expr, { get: (k) => sh.getRef(k), set: (k, x) => sh.setVar(k, x) });
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      io.stderr.write(`${sh.errorPrefix()}let: ${e.message}\n`);
      return 1;
    }
  }
  return v ? 0 : 1;
};

export const mapfile: Builtin = async (sh, argv, io) => {
  let strip = false;
  let count = 0;
  let skip = 0;
  let name = 'MAPFILE';
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-t') strip = true;
    else if (a === '-n') count = Number(args[++i]);
    else if (a === '-s') skip = Number(args[++i]);
    else if (!a.startsWith('-')) name = a;
  }
  let lines = lineChunks(await io.signal.race(io.stdin.readAll())).slice(skip);
  if (count > 0) lines = lines.slice(0, count);
  sh.setArray(name, strip ? lines.map((l) => l.replace(/\n$/, '')) : lines);
  return 0;
};
