/**
 * `getopts optstring name [arg ...]` as bash 5.2 runs it (builtins/getopts.def,
 * builtins/getopt.c): one option per call, OPTIND the next argument to look at,
 * OPTARG the option's argument, a leading ':' in optstring for silent error
 * reporting. Loaded on first use.
 */
import type { Builtin } from './builtins.js';
import type { Shell } from './interpreter.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const USAGE = 'getopts: usage: getopts optstring name [arg ...]\n';

/** Where the last call stopped inside a group of options (`-abc`), and the OPTIND it left; a new OPTIND starts afresh. */
interface State { optind: string; word: number; char: number }
const states = new WeakMap<Shell, State>();

export const getopts: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  if (args[0] === '--') args = args.slice(1);
  else if (args[0]?.startsWith('-') && args[0].length > 1) {
    io.stderr.write(`${sh.errorPrefix()}getopts: ${args[0].slice(0, 2)}: invalid option\n${USAGE}`);
    return 2;
  }
  if (args.length < 2) {
    io.stderr.write(USAGE);
    return 2;
  }
  const [optstring, name] = args;
  if (!NAME.test(name)) {
    io.stderr.write(`${sh.errorPrefix()}getopts: \`${name}': not a valid identifier\n`);
    return 1;
  }
  const list = args.length > 2 ? args.slice(2) : sh.positional;
  const words = ['', ...list];
  const silent = optstring.startsWith(':');
  const report = !silent && sh.getVar('OPTERR') !== '0';

  let state = states.get(sh);
  const optindVar = sh.getVar('OPTIND') ?? '1';
  if (!state || state.optind !== optindVar) state = { optind: optindVar, word: Number(optindVar) || 1, char: 0 };
  states.set(sh, state);

  const finish = (code: number) => {
    state!.optind = String(state!.word);
    sh.setVar('OPTIND', state!.optind);
    return code;
  };
  const end = () => {
    sh.vars.delete('OPTARG');
    sh.setVar(name, '?');
    state!.char = 0;
    return finish(1);
  };

  if (state.word < 1) state.word = 1;
  if (state.char === 0) {
    const w = words[state.word];
    if (w === undefined) return end();
    if (w === '--') { state.word++; return end(); }
    if (!w.startsWith('-') || w === '-') return end();
    state.char = 1;
  }
  const word = words[state.word];
  const c = word[state.char++];
  if (state.char >= word.length) { state.word++; state.char = 0; }
  const at = c === ':' ? -1 : optstring.indexOf(c);
  if (at < 0) {
    if (report) io.stderr.write(`${sh.errorPrefix()}illegal option -- ${c}\n`);
    if (silent) sh.setVar('OPTARG', c);
    else sh.vars.delete('OPTARG');
    sh.setVar(name, '?');
    return finish(0);
  }
  if (optstring[at + 1] !== ':') {
    sh.vars.delete('OPTARG');
    sh.setVar(name, c);
    return finish(0);
  }
  if (state.char > 0) {
    // `-bvalue`: the rest of the word is the argument.
    sh.setVar('OPTARG', word.slice(state.char));
    state.word++;
    state.char = 0;
  } else if (state.word >= words.length) {
    if (report) io.stderr.write(`${sh.errorPrefix()}option requires an argument -- ${c}\n`);
    if (silent) { sh.setVar('OPTARG', c); sh.setVar(name, ':'); return finish(0); }
    sh.vars.delete('OPTARG');
    sh.setVar(name, '?');
    return finish(0);
  } else sh.setVar('OPTARG', words[state.word++]);
  sh.setVar(name, c);
  return finish(0);
};
