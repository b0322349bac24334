/**
 * sudo 1.9.15p5 and su (util-linux 2.39) as Ubuntu 24.04 has them on the node. The learner is in the sudo group
 * and needs no password (cloud-init's `NOPASSWD:ALL` rule); root's password is locked, so `su` fails for anyone but
 * root. sudo builds the command's environment as sudoers' rebuild_env does under Ubuntu's `Defaults env_reset` and
 * `secure_path`: the kept variables in the caller's order, then MAIL, LOGNAME, USER, HOME, SHELL and the SUDO_*
 * ones, so a `sudo kubectl` finds root's kubeconfig (none: localhost:8080) and not the learner's $KUBECONFIG.
 */
import { machineFiles } from '../../vfs.js';
import { shellLevel } from '../../interpreter.js';
import type { CommandSpec, ProcessContext, ShellAs } from '../../process.js';
import { USER } from '../misc.js';
import { lineReader, stdinIsTerminal } from '../answer.js';
import { lookPath } from '../which.js';
import { getoptLong, type LongOption } from './getopt.js';
import { account, ACCOUNTS, type Account } from '../../accounts.js';
import { kubectlWithoutKubeconfig } from './kubectl-no-config.js';
import { currentNodeName } from './host.js';

/** Ubuntu's /etc/sudoers. */
export const SECURE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin';
/** /etc/environment's PATH and /etc/default/locale's LANG, which pam_env gives every sudo and su session. */
const PAM_ENV: Array<[string, string]> = [['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin'], ['LANG', 'C.UTF-8']];

/** sudoers' built-in lists (plugins/sudoers/env.c): kept as they are, kept when their value is safe, always dropped. */
const ENV_KEEP = ['COLORS', 'DISPLAY', 'HOSTNAME', 'KRB5CCNAME', 'LS_COLORS', 'PATH', 'PS1', 'PS2', 'XAUTHORITY', 'XAUTHORIZATION', 'XDG_CURRENT_DESKTOP'];
const ENV_CHECK = ['COLORTERM', 'LANG', 'LANGUAGE', 'LC_*', 'LINGUAS', 'TERM', 'TZ'];
const ENV_DELETE = [
  'IFS', 'CDPATH', 'LOCALDOMAIN', 'RES_OPTIONS', 'HOSTALIASES', 'NLSPATH', 'PATH_LOCALE', 'LD_*', '_RLD*', 'TERMINFO', 'TERMINFO_DIRS', 'TERMPATH',
  'TERMCAP', 'ENV', 'BASH_ENV', 'PS4', 'GLOBIGNORE', 'BASHOPTS', 'SHELLOPTS', 'JAVA_TOOL_OPTIONS', 'PERLIO_DEBUG', 'PERLLIB', 'PERL5LIB', 'PERL5OPT',
  'PERL5DB', 'FPATH', 'NULLCMD', 'READNULLCMD', 'ZDOTDIR', 'TMPPREFIX', 'PYTHONHOME', 'PYTHONPATH', 'PYTHONINSPECT', 'PYTHONUSERBASE', 'RUBYLIB', 'RUBYOPT',
];

const matches = (list: string[], name: string) => list.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));

/** matches_env_check: undefined when not listed; TZ must name a zone file, the others must hold no '/' or '%'. */
function checked(name: string, value: string): boolean | undefined {
  if (!matches(ENV_CHECK, name)) return undefined;
  if (name === 'TZ') {
    const tz = value.startsWith(':') ? value.slice(1) : value;
    return !tz.includes('..') && (!tz.startsWith('/') || tz.startsWith('/usr/share/zoneinfo/'));
  }
  return !/[/%]/.test(value);
}

const isFunction = (value: string) => value.startsWith('() ');

function shouldKeep(name: string, value: string, shellMode: boolean): boolean {
  const c = checked(name, value);
  if (c !== undefined) return c;
  return (shellMode && name === 'SHELL') || (matches(ENV_KEEP, name) && !isFunction(value));
}

function shouldDelete(name: string, value: string): boolean {
  return matches(ENV_DELETE, name) || isFunction(value) || checked(name, value) === false;
}

interface Target { name: string; account: Account }

interface Mode {
  login: boolean;
  shell: boolean;
  preserve: boolean;
  setHome: boolean;
}

/** rebuild_env, then the variables given on the command line, then pam_env's (plugins/sudoers/env.c, auth/pam.c). */
export function sudoEnvironment(from: Record<string, string>, mode: Mode, target: Target, invoker: Target, command: string, extra: Array<[string, string]>): Record<string, string> {
  // sudo_putenv: a variable already there is replaced in its place (or left, without overwrite); a new one goes last.
  const env = new Map<string, string>();
  const put = (k: string, v: string, overwrite = true) => { if (overwrite || !env.has(k)) env.set(k, v); };
  const { account: a, name } = target;
  const kept = new Set<string>();
  if (!mode.preserve) {
    for (const [k, v] of Object.entries(from)) {
      if (!shouldKeep(k, v, mode.shell)) continue;
      put(k, v, false);
      kept.add(k);
    }
    if (mode.login) for (const [k, v] of [['SHELL', a.shell], ['LOGNAME', name], ['USER', name]]) put(k, v);
    if (mode.login || !kept.has('MAIL')) put('MAIL', `/var/mail/${name}`);
  } else {
    for (const [k, v] of Object.entries(from)) if (!shouldDelete(k, v)) put(k, v);
  }
  put('PATH', SECURE_PATH);
  if (!mode.login) {
    const user = kept.has('LOGNAME') ? env.get('LOGNAME') : kept.has('USER') ? env.get('USER') : name;
    if (!kept.has('LOGNAME')) put('LOGNAME', user!);
    if (!kept.has('USER')) put('USER', user!);
  }
  if (mode.login || mode.setHome || (!mode.preserve && !kept.has('HOME'))) put('HOME', a.home);
  put('SHELL', a.shell, false);
  put('TERM', 'unknown', false);
  put('SUDO_COMMAND', command);
  put('SUDO_USER', invoker.name);
  put('SUDO_UID', String(invoker.account.uid));
  put('SUDO_GID', String(invoker.account.gid));
  for (const [k, v] of extra) put(k, v);
  // env_merge: pam_env's values do not replace what sudo kept (with -E, what it did not delete).
  for (const [k, v] of PAM_ENV) put(k, v, mode.preserve ? shouldDelete(k, v) : !shouldKeep(k, v, mode.shell));
  return Object.fromEntries(env);
}

/** The usage of sudo 1.9.15p5 built with SELinux, as Debian and Ubuntu build it (src/sudo_usage.h.in). */
export const SUDO_USAGE = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]
            [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] file ...
`;

/** `sudo -h` (help() in src/parse_args.c): the usage, then the options wrapped at 80 columns under column 32. */
const SUDO_HELP = `sudo - execute a command as another user

${SUDO_USAGE}
Options:
  -A, --askpass                 use a helper program for password prompting
  -b, --background              run command in the background
  -B, --bell                    ring bell when prompting
  -C, --close-from=num          close all file descriptors >= num
  -D, --chdir=directory         change the working directory before running
                                command
  -E, --preserve-env            preserve user environment when running command
      --preserve-env=list       preserve specific environment variables
  -e, --edit                    edit files instead of running a command
  -g, --group=group             run command as the specified group name or ID
  -H, --set-home                set HOME variable to target user's home dir
  -h, --help                    display help message and exit
  -h, --host=host               run command on host (if supported by plugin)
  -i, --login                   run login shell as the target user; a command
                                may also be specified
  -K, --remove-timestamp        remove timestamp file completely
  -k, --reset-timestamp         invalidate timestamp file
  -l, --list                    list user's privileges or check a specific
                                command; use twice for longer format
  -n, --non-interactive         non-interactive mode, no prompts are used
  -P, --preserve-groups         preserve group vector instead of setting to
                                target's
  -p, --prompt=prompt           use the specified password prompt
  -R, --chroot=directory        change the root directory before running command
  -r, --role=role               create SELinux security context with specified
                                role
  -S, --stdin                   read password from standard input
  -s, --shell                   run shell as the target user; a command may
                                also be specified
  -t, --type=type               create SELinux security context with specified
                                type
  -T, --command-timeout=timeout terminate command after the specified time limit
  -U, --other-user=user         in list mode, display privileges for user
  -u, --user=user               run command (or edit file) as specified user
                                name or ID
  -V, --version                 display version information and exit
  -v, --validate                update user's timestamp without running a
                                command
  --                            stop processing command line arguments
`;

const VERSION = '1.9.15p5';

/** The short options of src/parse_args.c on Linux (no BSD auth or login classes; SELinux's -r and -t). */
const SHORTS = 'ABbC:D:Eeg:HhiKklNnPp:R:r:SsT:t:U:u:Vv';
const LONGS: LongOption[] = [
  ['background', 'b'], ['preserve-env', 'E', 'optional'], ['edit', 'e'], ['set-home', 'H'], ['login', 'i'], ['remove-timestamp', 'K'], ['list', 'l'],
  ['preserve-groups', 'P'], ['shell', 's'], ['other-user', 'U', 'required'], ['validate', 'v'], ['askpass', 'A'], ['bell', 'B'],
  ['close-from', 'C', 'required'], ['chdir', 'D', 'required'], ['group', 'g', 'required'], ['help', 'h'], ['host', 'host', 'required'],
  ['reset-timestamp', 'k'], ['no-update', 'N'], ['non-interactive', 'n'], ['prompt', 'p', 'required'], ['chroot', 'R', 'required'],
  ['role', 'r', 'required'], ['stdin', 'S'], ['command-timeout', 'T', 'required'], ['type', 't', 'required'], ['user', 'u', 'required'], ['version', 'V'],
].map(([name, key, arg]) => ({ name, key, arg: arg as LongOption['arg'] }));

/** The modes only one of which a command line may ask for. */
const MODES = new Set(['e', 'h', 'i', 'K', 'l', 's', 'v', 'V']);

interface SudoArgs { options: Array<{ key: string; value?: string }>; env: string[]; command: string[] }

/** getopt_long with "+" (options end at the first operand), VAR=value words allowed among the options. */
function parseSudoArgs(args: string[]): SudoArgs | { error: string } {
  const options: SudoArgs['options'] = [];
  const env: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { i++; break; }
    if (a.startsWith('-') && a !== '-') {
      let r = getoptLong([a], SHORTS, LONGS);
      if ('error' in r && r.error.includes('requires an argument') && i + 1 < args.length) r = getoptLong([a, args[++i]], SHORTS, LONGS);
      if ('error' in r) return r;
      options.push(...r.options);
      continue;
    }
    if (a[0] !== '/' && a[0] !== '=' && a.includes('=')) { env.push(a); continue; }
    break;
  }
  return { options, env, command: args.slice(i) };
}

/** The front end's quoting of a command for `shell -c` (parse_args.c), unquoted again but for spaces in SUDO_COMMAND. */
const shellQuote = (words: string[]) => words.map((w) => w.replace(/[^A-Za-z0-9_$-]/g, '\\$&')).join(' ');
const forLog = (quoted: string) => quoted.replace(/\\([^\s])/g, '$1');

/** kubectl as every user but the learner finds it: no kubeconfig unless one is named or in the user's home. */
const withoutLabKubeconfig = (spec: CommandSpec) => (spec.name === 'kubectl' ? kubectlWithoutKubeconfig(spec) : spec);

function invokerOf(ctx: ProcessContext): Target {
  const name = ctx.fs.user ?? USER;
  return { name, account: ACCOUNTS[name] ?? ACCOUNTS[USER] };
}

/**
 * Ubuntu's sudo marks an administrator's first allowed use (sudoers.c, create_admin_success_flag): an empty
 * ~/.sudo_as_admin_successful, made as the invoker, if they are in group sudo or admin; /etc/bash.bashrc then stops
 * printing its "To run a command as administrator" hint.
 */
function adminFlag(ctx: ProcessContext, invoker: Target): void {
  if (!invoker.account.groups.some(([, g]) => g === 'sudo' || g === 'admin')) return;
  const path = `${invoker.account.home}/.sudo_as_admin_successful`;
  try {
    if (ctx.fs.stat(path)) return;
    ctx.fs.writeFile(path, '');
    // open(…, O_CREAT|O_EXCL, 0644) under sudo's umask (0022 with the invoker's bits).
    ctx.fs.chmod?.(path, { mode: 0o644 & ~(0o022 | ((ctx.fs as { umask?: number }).umask ?? 0o022)) });
  } catch {
    // As open(2) failing: sudo goes on.
  }
}

/** Opens `target`'s interactive shell on this node: the session reads lines there until it exits. */
function openShell(ctx: ProcessContext, as: ShellAs): number {
  const shell = ctx.host?.open?.(currentNodeName(ctx), machineFiles(ctx.fs), withoutLabKubeconfig, as);
  if (!shell) return 1;
  ctx.host!.login?.(shell);
  return 0;
}

const denied = (ctx: ProcessContext, text: string): number => {
  ctx.stderr.write(`sudo: ${text}\n`);
  return 1;
};

const usage = (ctx: ProcessContext, warning?: string): number => {
  ctx.stderr.write((warning ? `sudo: ${warning}\n` : '') + SUDO_USAGE);
  return 1;
};

export const sudo: CommandSpec = {
  name: 'sudo',
  summary: 'execute a command as another user',
  async run(ctx) {
    const parsed = parseSudoArgs(ctx.argv.slice(1));
    if ('error' in parsed) return usage(ctx, parsed.error);
    const flags = new Set<string>();
    let runAs = 'root';
    const extra: Array<[string, string]> = [];
    let mode: string | undefined;
    const values = new Map<string, string>();
    for (const { key, value } of parsed.options) {
      if (value !== undefined) values.set(key, value);
      if (key === 'C' && !(Number(value) >= 3 && /^\d+$/.test(value!))) return usage(ctx, 'the argument to -C must be a number greater than or equal to 3');
      if (MODES.has(key) && key !== 'i' && key !== 's') {
        if (mode && mode !== key) return usage(ctx, 'Only one of the -e, -h, -i, -K, -l, -s, -v or -V options may be specified');
        mode = key;
      }
      if (key === 'u') runAs = value!;
      else if (key === 'E' && value !== undefined) {
        for (const name of value.split(',').filter(Boolean)) {
          if (name.includes('=')) return usage(ctx, `invalid environment variable name: ${name}`);
          if (Object.prototype.hasOwnProperty.call(ctx.env, name)) extra.push([name, ctx.env[name]]);
        }
      } else flags.add(key);
    }
    for (const e of parsed.env) extra.push([e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]);
    const { command } = parsed;
    if (flags.has('i') && flags.has('s')) return usage(ctx, 'you may not specify both the -i and -s options');
    if (flags.has('i') && flags.has('E')) return usage(ctx, 'you may not specify both the -i and -E options');
    if (mode === 'V') {
      ctx.stdout.write(`Sudo version ${VERSION}\nSudoers policy plugin version ${VERSION}\nSudoers file grammar version 50\nSudoers I/O plugin version ${VERSION}\nSudoers audit plugin version ${VERSION}\n`);
      return 0;
    }
    const shellMode = flags.has('i') || flags.has('s');
    // -K and -v, and -k alone, forget or refresh the cached credentials: with NOPASSWD there is nothing to see.
    if ((mode === 'K' || mode === 'v') && command.length === 0 && !shellMode) return 0;
    if (flags.has('k') && !mode && command.length === 0 && !shellMode) return 0;
    if (mode === 'h' && command.length === 0) {
      ctx.stdout.write(SUDO_HELP);
      return 0;
    }
    // -l and -e are not simulated.
    if (mode !== undefined) return usage(ctx);
    // No command and no -i or -s: the shell is implied, and sudoers (no shell_noargs) answers with the usage.
    if (command.length === 0 && !shellMode) return usage(ctx);
    // -g without -u runs as the caller (in that group, which is not simulated).
    if (values.has('g') && !values.has('u')) runAs = ctx.fs.user ?? USER;
    const found = account(runAs);
    if (!found) {
      // The audit plugin looks the user up first and fails sudo's start.
      ctx.stderr.write(`sudo: unknown user ${runAs}\nsudo: error initializing audit plugin sudoers_audit\n`);
      return 1;
    }
    const target: Target = { name: found[0], account: found[1] };
    const invoker = invokerOf(ctx);
    const login = flags.has('i');
    const shell = login ? target.account.shell : ctx.env.SHELL || invoker.account.shell;
    // sudo's find_path: secure_path for a bare name, the path itself otherwise; an executable file either way.
    const program = shellMode ? shell : lookPath(ctx, command[0], SECURE_PATH)[0];
    // sudoers' checks in sudoers_check_common's order; its defaults allow none of -C (but 3), -R, -D and -T.
    const closeFrom = values.get('C');
    if (closeFrom !== undefined && closeFrom !== '3') return denied(ctx, 'you are not permitted to use the -C option');
    // Inside a chroot the command is not looked up: -R names it as typed.
    if (values.has('R')) return denied(ctx, `you are not permitted to use the -R option with ${shellMode ? shell : command[0]}`);
    if (values.has('D')) return denied(ctx, `you are not permitted to use the -D option with ${program ?? command[0]}`);
    adminFlag(ctx, invoker);
    if (!program) {
      ctx.stderr.write(`sudo: ${command[0]}: command not found\n`);
      if (command[0] === 'cd') ctx.stderr.write('sudo: "cd" is a shell built-in command, it cannot be run directly.\nsudo: the -s option may be used to run a privileged shell.\nsudo: the -D option may be used to run a command in a specific directory.\n');
      return 1;
    }
    // SUDO_COMMAND: the program's path and its arguments (-i and -s: the shell's `-c` and the quoted line).
    const logged = shellMode ? (command.length ? `${shell} -c ${forLog(shellQuote(command))}` : shell) : [program, ...command.slice(1)].join(' ');
    if (values.has('T')) return denied(ctx, 'sorry, you are not allowed set a command timeout');
    const env = sudoEnvironment(ctx.env, { login, shell: shellMode, preserve: flags.has('E'), setHome: flags.has('H') }, target, invoker, logged, extra);
    const cwd = login ? target.account.home : ctx.cwd;
    if (shellMode && program === '/usr/sbin/nologin') {
      ctx.stdout.write('This account is currently not available.\n');
      return 1;
    }
    // sudoers' umask (0022) with the invoker's own bits added (sudoers.c, no umask_override); PAM's session for sudo
    // has no pam_umask.
    const umask = 0o022 | ((ctx.fs as { umask?: number }).umask ?? 0o022);
    if (shellMode && command.length === 0) return openShell(ctx, { user: target.name, env, cwd, login, umask });
    const opts = { user: target.name, env, cwd, wrap: withoutLabKubeconfig, umask };
    return shellMode ? ctx.run!(shellQuote(command), { ...opts, set: bashLevel(shell, env) }) : ctx.run!(command, { ...opts, program });
  },
};

/** util-linux's su: `-`/`-l` for a login shell, `-c`, `-s`, `-m`/`-p`, and the user (root by default). */
const SU_LONGS: LongOption[] = [
  ['login', 'l'], ['command', 'c', 'required'], ['shell', 's', 'required'], ['preserve-environment', 'm'], ['group', 'g', 'required'],
  ['supp-group', 'G', 'required'], ['pty', 'P'], ['whitelist-environment', 'w', 'required'], ['fast', 'f'],
].map(([name, key, arg]) => ({ name, key, arg: arg as LongOption['arg'] }));

/** How long pam_unix makes a failed authentication wait (2 s, which Linux-PAM varies by up to a quarter). */
export const AUTH_FAIL_DELAY_MS = 2_000;

export const su: CommandSpec = {
  name: 'su',
  summary: 'run a command with substitute user and group ID',
  async run(ctx) {
    const args = ctx.argv.slice(1).map((a) => (a === '-' ? '-l' : a));
    const r = getoptLong(args, 'c:fg:G:lmpPs:w:', SU_LONGS);
    if ('error' in r) {
      ctx.stderr.write(`su: ${r.error}\nTry 'su --help' for more information.\n`);
      return 1;
    }
    const keys = new Set(r.options.map((o) => o.key));
    const command = r.options.filter((o) => o.key === 'c').pop()?.value;
    const name = r.operands[0] ?? 'root';
    const target = account(name);
    if (!target || name.startsWith('#')) {
      ctx.stderr.write(`su: user ${name} does not exist or the user entry does not contain all the required fields\n`);
      return 1;
    }
    const invoker = invokerOf(ctx);
    if (invoker.name !== 'root') {
      // Root's password is locked (and the learner's is not known here): pam_unix refuses whatever is typed.
      await readPassword(ctx);
      await ctx.sleep(AUTH_FAIL_DELAY_MS);
      ctx.stderr.write('su: Authentication failure\n');
      return 1;
    }
    const [user, a] = target;
    const login = keys.has('l');
    const shell = r.options.filter((o) => o.key === 's').pop()?.value ?? a.shell;
    const env = suEnvironment(ctx.env, user, a, shell, login, keys.has('m') || keys.has('p'));
    const cwd = login ? a.home : ctx.cwd;
    if (shell === '/usr/sbin/nologin') {
      ctx.stdout.write('This account is currently not available.\n');
      return 1;
    }
    if (command === undefined) return openShell(ctx, { user, env, cwd, login });
    return ctx.run!(command, { user, env, cwd, wrap: withoutLabKubeconfig, set: bashLevel(shell, env) });
  },
};

/** What a bash started for `-c` exports on top of `env` (adjust_shell_level); another shell adds nothing. */
const bashLevel = (shell: string, env: Record<string, string>) => (shell.endsWith('/bash') ? { SHLVL: shellLevel(env.SHLVL).level } : undefined);

/** su-common.c's modify_environment, then the PAM session's variables (pam_env, pam_mail) over them. */
function suEnvironment(from: Record<string, string>, user: string, a: Account, shell: string, login: boolean, preserve: boolean): Record<string, string> {
  if (preserve) return { ...from };
  const env = new Map<string, string>(login ? [] : Object.entries(from));
  if (login) {
    if (from.TERM !== undefined) env.set('TERM', from.TERM);
    env.set('HOME', a.home);
    env.set('SHELL', shell);
    env.set('USER', user);
    env.set('LOGNAME', user);
  } else {
    env.set('HOME', a.home);
    env.set('SHELL', shell);
    if (a.uid !== 0) {
      env.set('USER', user);
      env.set('LOGNAME', user);
    }
  }
  for (const [k, v] of PAM_ENV) env.set(k, v);
  env.set('MAIL', `/var/mail/${user}`);
  return Object.fromEntries(env);
}

/**
 * PAM's prompt and the line typed after it: at the terminal, with echo off (Enter moves to the next row); from
 * standard input when a pipe or file replaces it, where nothing is echoed and the failure follows the prompt on its row.
 */
async function readPassword(ctx: ProcessContext): Promise<void> {
  if (stdinIsTerminal(ctx) && ctx.terminal.interactive) {
    await ctx.terminal.interactive('Password: ', async () => null, undefined, true);
    return;
  }
  ctx.stderr.write('Password: ');
  await lineReader(ctx)();
}
