/**
 * The start-up files bash reads on the node, byte for byte as Ubuntu 24.04's packages install them, and their
 * reading. bash 5.2.21-2ubuntu4 ships /etc/bash.bashrc and /etc/skel's .bashrc, .profile and .bash_logout (useradd -m
 * copies them into the learner's home); base-files 13ubuntu10.1 (24.04.1) ships /etc/profile, its
 * /etc/profile.d/01-locale-fix.sh and root's .bashrc and .profile (its postinst copies /usr/share/base-files/dot.*).
 * The playground appends kubectl's completion to the learner's ~/.bashrc, as the kubectl docs ask. Loaded with the
 * node's other files (node-files.ts), at the first line: a fresh lab carries none of it before its prompt.
 */
import { ACCOUNTS, SYSTEM_GROUPS, type Account } from './accounts.js';
import type { MemoryFileSystem } from './vfs.js';
import { ExitShell, type Shell, type ShellIO } from './interpreter.js';
import type { Output } from './process.js';
import { EMPTY_INPUT } from './streams.js';
import { source } from './builtins-more.js';

const SKEL_BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.
# see /usr/share/doc/bash/examples/startup-files (in the package bash-doc)
# for examples

# If not running interactively, don't do anything
case $- in
    *i*) ;;
      *) return;;
esac

# don't put duplicate lines or lines starting with space in the history.
# See bash(1) for more options
HISTCONTROL=ignoreboth

# append to the history file, don't overwrite it
shopt -s histappend

# for setting history length see HISTSIZE and HISTFILESIZE in bash(1)
HISTSIZE=1000
HISTFILESIZE=2000

# check the window size after each command and, if necessary,
# update the values of LINES and COLUMNS.
shopt -s checkwinsize

# If set, the pattern "**" used in a pathname expansion context will
# match all files and zero or more directories and subdirectories.
#shopt -s globstar

# make less more friendly for non-text input files, see lesspipe(1)
[ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"

# set variable identifying the chroot you work in (used in the prompt below)
if [ -z "\${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
    debian_chroot=$(cat /etc/debian_chroot)
fi

# set a fancy prompt (non-color, unless we know we "want" color)
case "$TERM" in
    xterm-color|*-256color) color_prompt=yes;;
esac

# uncomment for a colored prompt, if the terminal has the capability; turned
# off by default to not distract the user: the focus in a terminal window
# should be on the output of commands, not on the prompt
#force_color_prompt=yes

if [ -n "$force_color_prompt" ]; then
    if [ -x /usr/bin/tput ] && tput setaf 1 >&/dev/null; then
	# We have color support; assume it's compliant with Ecma-48
	# (ISO/IEC-6429). (Lack of such support is extremely rare, and such
	# a case would tend to support setf rather than setaf.)
	color_prompt=yes
    else
	color_prompt=
    fi
fi

if [ "$color_prompt" = yes ]; then
    PS1='\${debian_chroot:+($debian_chroot)}\\[\\033[01;32m\\]\\u@\\h\\[\\033[00m\\]:\\[\\033[01;34m\\]\\w\\[\\033[00m\\]\\$ '
else
    PS1='\${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '
fi
unset color_prompt force_color_prompt

# If this is an xterm set the title to user@host:dir
case "$TERM" in
xterm*|rxvt*)
    PS1="\\[\\e]0;\${debian_chroot:+($debian_chroot)}\\u@\\h: \\w\\a\\]$PS1"
    ;;
*)
    ;;
esac

# enable color support of ls and also add handy aliases
if [ -x /usr/bin/dircolors ]; then
    test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
    alias ls='ls --color=auto'
    #alias dir='dir --color=auto'
    #alias vdir='vdir --color=auto'

    alias grep='grep --color=auto'
    alias fgrep='fgrep --color=auto'
    alias egrep='egrep --color=auto'
fi

# colored GCC warnings and errors
#export GCC_COLORS='error=01;31:warning=01;35:note=01;36:caret=01;32:locus=01:quote=01'

# some more ls aliases
alias ll='ls -alF'
alias la='ls -A'
alias l='ls -CF'

# Add an "alert" alias for long running commands.  Use like so:
#   sleep 10; alert
alias alert='notify-send --urgency=low -i "$([ $? = 0 ] && echo terminal || echo error)" "$(history|tail -n1|sed -e '\\''s/^\\s*[0-9]\\+\\s*//;s/[;&|]\\s*alert$//'\\'')"'

# Alias definitions.
# You may want to put all your additions into a separate file like
# ~/.bash_aliases, instead of adding them here directly.
# See /usr/share/doc/bash-doc/examples in the bash-doc package.

if [ -f ~/.bash_aliases ]; then
    . ~/.bash_aliases
fi

# enable programmable completion features (you don't need to enable
# this, if it's already enabled in /etc/bash.bashrc and /etc/profile
# sources /etc/bash.bashrc).
if ! shopt -oq posix; then
  if [ -f /usr/share/bash-completion/bash_completion ]; then
    . /usr/share/bash-completion/bash_completion
  elif [ -f /etc/bash_completion ]; then
    . /etc/bash_completion
  fi
fi
`;

const SKEL_PROFILE = `# ~/.profile: executed by the command interpreter for login shells.
# This file is not read by bash(1), if ~/.bash_profile or ~/.bash_login
# exists.
# see /usr/share/doc/bash/examples/startup-files for examples.
# the files are located in the bash-doc package.

# the default umask is set in /etc/profile; for setting the umask
# for ssh logins, install and configure the libpam-umask package.
#umask 022

# if running bash
if [ -n "$BASH_VERSION" ]; then
    # include .bashrc if it exists
    if [ -f "$HOME/.bashrc" ]; then
	. "$HOME/.bashrc"
    fi
fi

# set PATH so it includes user's private bin if it exists
if [ -d "$HOME/bin" ] ; then
    PATH="$HOME/bin:$PATH"
fi

# set PATH so it includes user's private bin if it exists
if [ -d "$HOME/.local/bin" ] ; then
    PATH="$HOME/.local/bin:$PATH"
fi
`;

const SKEL_BASH_LOGOUT = `# ~/.bash_logout: executed by bash(1) when login shell exits.

# when leaving the console clear the screen to increase privacy

if [ "$SHLVL" = 1 ]; then
    [ -x /usr/bin/clear_console ] && /usr/bin/clear_console -q
fi
`;

const BASH_BASHRC = `# System-wide .bashrc file for interactive bash(1) shells.

# To enable the settings / commands in this file for login shells as well,
# this file has to be sourced in /etc/profile.

# If not running interactively, don't do anything
[ -z "$PS1" ] && return

# check the window size after each command and, if necessary,
# update the values of LINES and COLUMNS.
shopt -s checkwinsize

# set variable identifying the chroot you work in (used in the prompt below)
if [ -z "\${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
    debian_chroot=$(cat /etc/debian_chroot)
fi

# set a fancy prompt (non-color, overwrite the one in /etc/profile)
# but only if not SUDOing and have SUDO_PS1 set; then assume smart user.
if ! [ -n "\${SUDO_USER}" -a -n "\${SUDO_PS1}" ]; then
  PS1='\${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '
fi

# Commented out, don't overwrite xterm -T "title" -n "icontitle" by default.
# If this is an xterm set the title to user@host:dir
#case "$TERM" in
#xterm*|rxvt*)
#    PROMPT_COMMAND='echo -ne "\\033]0;\${USER}@\${HOSTNAME}: \${PWD}\\007"'
#    ;;
#*)
#    ;;
#esac

# enable bash completion in interactive shells
#if ! shopt -oq posix; then
#  if [ -f /usr/share/bash-completion/bash_completion ]; then
#    . /usr/share/bash-completion/bash_completion
#  elif [ -f /etc/bash_completion ]; then
#    . /etc/bash_completion
#  fi
#fi

# sudo hint
if [ ! -e "$HOME/.sudo_as_admin_successful" ] && [ ! -e "$HOME/.hushlogin" ] ; then
    case " $(groups) " in *\\ admin\\ *|*\\ sudo\\ *)
    if [ -x /usr/bin/sudo ]; then
	cat <<-EOF
	To run a command as administrator (user "root"), use "sudo <command>".
	See "man sudo_root" for details.
	
	EOF
    fi
    esac
fi

# if the command-not-found package is installed, use it
if [ -x /usr/lib/command-not-found -o -x /usr/share/command-not-found/command-not-found ]; then
	function command_not_found_handle {
	        # check because c-n-f could've been removed in the meantime
                if [ -x /usr/lib/command-not-found ]; then
		   /usr/lib/command-not-found -- "$1"
                   return $?
                elif [ -x /usr/share/command-not-found/command-not-found ]; then
		   /usr/share/command-not-found/command-not-found -- "$1"
                   return $?
		else
		   printf "%s: command not found\\n" "$1" >&2
		   return 127
		fi
	}
fi
`;

const ETC_PROFILE = `# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
# and Bourne compatible shells (bash(1), ksh(1), ash(1), ...).

if [ "\${PS1-}" ]; then
  if [ "\${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
    # The file bash.bashrc already sets the default PS1.
    # PS1='\\h:\\w\\$ '
    if [ -f /etc/bash.bashrc ]; then
      . /etc/bash.bashrc
    fi
  else
    if [ "$(id -u)" -eq 0 ]; then
      PS1='# '
    else
      PS1='$ '
    fi
  fi
fi

if [ -d /etc/profile.d ]; then
  for i in /etc/profile.d/*.sh; do
    if [ -r $i ]; then
      . $i
    fi
  done
  unset i
fi
`;

const LOCALE_FIX = `# Make sure the locale variables are set to valid values.
eval $(/usr/bin/locale-check C.UTF-8)
`;

const ROOT_BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.
# see /usr/share/doc/bash/examples/startup-files (in the package bash-doc)
# for examples

# If not running interactively, don't do anything
[ -z "$PS1" ] && return

# don't put duplicate lines in the history. See bash(1) for more options
# ... or force ignoredups and ignorespace
HISTCONTROL=ignoredups:ignorespace

# append to the history file, don't overwrite it
shopt -s histappend

# for setting history length see HISTSIZE and HISTFILESIZE in bash(1)
HISTSIZE=1000
HISTFILESIZE=2000

# check the window size after each command and, if necessary,
# update the values of LINES and COLUMNS.
shopt -s checkwinsize

# make less more friendly for non-text input files, see lesspipe(1)
[ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"

# set variable identifying the chroot you work in (used in the prompt below)
if [ -z "$debian_chroot" ] && [ -r /etc/debian_chroot ]; then
    debian_chroot=$(cat /etc/debian_chroot)
fi

# set a fancy prompt (non-color, unless we know we "want" color)
case "$TERM" in
    xterm-color) color_prompt=yes;;
esac

# uncomment for a colored prompt, if the terminal has the capability; turned
# off by default to not distract the user: the focus in a terminal window
# should be on the output of commands, not on the prompt
#force_color_prompt=yes

if [ -n "$force_color_prompt" ]; then
    if [ -x /usr/bin/tput ] && tput setaf 1 >&/dev/null; then
	# We have color support; assume it's compliant with Ecma-48
	# (ISO/IEC-6429). (Lack of such support is extremely rare, and such
	# a case would tend to support setf rather than setaf.)
	color_prompt=yes
    else
	color_prompt=
    fi
fi

if [ "$color_prompt" = yes ]; then
    PS1='\${debian_chroot:+($debian_chroot)}\\[\\033[01;32m\\]\\u@\\h\\[\\033[00m\\]:\\[\\033[01;34m\\]\\w\\[\\033[00m\\]\\$ '
else
    PS1='\${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '
fi
unset color_prompt force_color_prompt

# If this is an xterm set the title to user@host:dir
case "$TERM" in
xterm*|rxvt*)
    PS1="\\[\\e]0;\${debian_chroot:+($debian_chroot)}\\u@\\h: \\w\\a\\]$PS1"
    ;;
*)
    ;;
esac

# enable color support of ls and also add handy aliases
if [ -x /usr/bin/dircolors ]; then
    test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
    alias ls='ls --color=auto'
    #alias dir='dir --color=auto'
    #alias vdir='vdir --color=auto'

    alias grep='grep --color=auto'
    alias fgrep='fgrep --color=auto'
    alias egrep='egrep --color=auto'
fi

# some more ls aliases
alias ll='ls -alF'
alias la='ls -A'
alias l='ls -CF'

# Alias definitions.
# You may want to put all your additions into a separate file like
# ~/.bash_aliases, instead of adding them here directly.
# See /usr/share/doc/bash-doc/examples in the bash-doc package.

if [ -f ~/.bash_aliases ]; then
    . ~/.bash_aliases
fi

# enable programmable completion features (you don't need to enable
# this, if it's already enabled in /etc/bash.bashrc and /etc/profile
# sources /etc/bash.bashrc).
#if [ -f /etc/bash_completion ] && ! shopt -oq posix; then
#    . /etc/bash_completion
#fi
`;

const ROOT_PROFILE = `# ~/.profile: executed by Bourne-compatible login shells.

if [ "$BASH" ]; then
  if [ -f ~/.bashrc ]; then
    . ~/.bashrc
  fi
fi

mesg n 2> /dev/null || true
`;

/** What the lab's playground added to the learner's ~/.bashrc. */
const KUBECTL_COMPLETION = 'source <(kubectl completion bash)\n';

/** Writes the start-up files (those already there stay): /etc's, /etc/skel's, root's and `home`'s (owned by `user`). */
/**
 * /etc/passwd and /etc/group as base-passwd 3.6.3 (noble) installs them from its masters (passwords moved to the
 * shadow files, so "x"), then the learner useradd made (an administrator in adm and sudo): written from the lab's
 * accounts (accounts.ts), so the files and id, sudo and chown agree. The node's other system users (systemd's,
 * messagebus, syslog…) are not there.
 */
function etcPasswd(): string {
  const gecos: Record<string, string> = { list: 'Mailing List Manager', irc: 'ircd', _apt: '' };
  const line = ([name, a]: [string, Account]) => `${name}:x:${a.uid}:${a.gid}:${gecos[name] ?? (a.uid < 1000 || a.uid === 65534 ? name : '')}:${a.home}:${a.shell}\n`;
  // The masters in uid order; users added later (the learner) after them.
  const all = Object.entries(ACCOUNTS);
  return [...all.filter(([, a]) => a.uid < 1000 || a.uid === 65534).sort((x, y) => x[1].uid - y[1].uid), ...all.filter(([, a]) => a.uid >= 1000 && a.uid !== 65534)].map(line).join('');
}

function etcGroup(): string {
  const members = (gid: number) => Object.entries(ACCOUNTS).filter(([, a]) => a.gid !== gid && a.groups.some(([g]) => g === gid)).map(([n]) => n).join(',');
  const own = Object.values(ACCOUNTS).flatMap((a) => a.groups).filter(([gid]) => !(gid in SYSTEM_GROUPS));
  return [...Object.entries(SYSTEM_GROUPS).map(([gid, name]) => [Number(gid), name] as [number, string]), ...own]
    .map(([gid, name]) => `${name}:x:${gid}:${members(gid)}\n`).join('');
}

export function writeStartupFiles(fs: MemoryFileSystem, at: number, home: string, user: string): void {
  const file = (path: string, text: string, owner = 'root') => {
    if (fs.lstat(path)) return;
    fs.writeFile(path, text);
    fs.setMeta(path, 0o644, owner, at);
  };
  for (const d of ['/etc/skel', '/etc/profile.d']) {
    if (fs.stat(d)) continue;
    fs.mkdir(d, true);
    fs.setMeta(d, 0o755, 'root', at);
  }
  file('/etc/passwd', etcPasswd());
  file('/etc/group', etcGroup());
  file('/etc/bash.bashrc', BASH_BASHRC);
  file('/etc/profile', ETC_PROFILE);
  file('/etc/profile.d/01-locale-fix.sh', LOCALE_FIX);
  file('/etc/skel/.bashrc', SKEL_BASHRC);
  file('/etc/skel/.profile', SKEL_PROFILE);
  file('/etc/skel/.bash_logout', SKEL_BASH_LOGOUT);
  file('/root/.bashrc', ROOT_BASHRC);
  file('/root/.profile', ROOT_PROFILE);
  if (!fs.stat(home)) return;
  file(`${home}/.bashrc`, SKEL_BASHRC + KUBECTL_COMPLETION, user);
  file(`${home}/.profile`, SKEL_PROFILE, user);
  file(`${home}/.bash_logout`, SKEL_BASH_LOGOUT, user);
  // kubeadm's "To start using your cluster" ran `sudo cp` as the learner: sudo left its mark (the hint stays quiet).
  file(`${home}/.sudo_as_admin_successful`, '', user);
}

/**
 * An interactive bash's start (shell.c's run_startup_files, with Debian's SYS_BASHRC): a login shell reads
 * /etc/profile, then the first of ~/.bash_profile, ~/.bash_login and ~/.profile; any other reads /etc/bash.bashrc,
 * then ~/.bashrc. A file that is not there is skipped; one that cannot be read says so. Before them, bash's own
 * defaults for an interactive shell (variables.c, bashhist.c).
 */
export async function runStartupFiles(sh: Shell, io: ShellIO, login: boolean): Promise<void> {
  const home = sh.getVar('HOME') ?? '/';
  sh.setVar('PS1', '\\s-\\v\\$ ');
  sh.setVar('PS2', '> ');
  sh.setVar('PS4', '+ ');
  for (const [name, value] of [['HISTFILE', `${home}/.bash_history`], ['HISTSIZE', '500'], ['HISTFILESIZE', '500']]) {
    if (sh.getVar(name) === undefined) sh.setVar(name, value);
  }
  const files = login ? ['/etc/profile'] : ['/etc/bash.bashrc', `${home}/.bashrc`];
  if (login) {
    const own = ['.bash_profile', '.bash_login', '.profile'].map((f) => `${home}/${f}`).find((p) => sh.fs.stat(p));
    if (own) files.push(own);
  }
  for (const path of files) {
    if (!sh.fs.stat(path)) continue;
    await source(sh, ['.', path], io);
  }
  sh.status = 0;
}

/** An interactive shell's start: its files read as one line of their own (not in the history), what they print to `out`. */
export async function startShell(sh: Shell, out: Output): Promise<void> {
  const signal = sh.beginLine();
  sh.ttyOutput = out;
  try {
    await signal.race(runStartupFiles(sh, { stdin: EMPTY_INPUT, stdout: out, stderr: out, signal }, sh.loginShell));
  } catch (e) {
    if (!(e instanceof ExitShell)) throw e;
    sh.exitStatus = e.status;
  } finally {
    sh.endLine();
  }
}

/** bash's history: HISTCONTROL's ignorespace, ignoredups (ignoreboth is both) and erasedups; the last HISTSIZE entries. */
export function recordHistory(sh: Shell, entry: string): void {
  const control = (sh.getVar('HISTCONTROL') ?? '').split(':');
  const both = control.includes('ignoreboth');
  if ((both || control.includes('ignorespace')) && /^[ \t]/.test(entry)) return;
  const h = sh.history;
  if ((both || control.includes('ignoredups')) && h[h.length - 1] === entry) return;
  if (control.includes('erasedups')) for (let i = h.length - 1; i >= 0; i--) if (h[i] === entry) h.splice(i, 1);
  h.push(entry);
  const size = Number(sh.getVar('HISTSIZE') ?? NaN);
  if (Number.isInteger(size) && size >= 0 && h.length > size) h.splice(0, h.length - size);
}

/** The PS1 the learner's ~/.bashrc sets on an xterm-256color terminal (Ubuntu's skel: colour prompt, xterm title). */
export const LEARNER_PS1 = '\\[\\e]0;\\u@\\h: \\w\\a\\]${debian_chroot:+($debian_chroot)}\\[\\033[01;32m\\]\\u@\\h\\[\\033[00m\\]:\\[\\033[01;34m\\]\\w\\[\\033[00m\\]\\$ ';

/**
 * bash's prompt decoding (decode_prompt_string, then promptvars' expansion) for what Ubuntu's prompts use: \u \h \H
 * \w \W \$ \s \v \e \a \n \NNN \\ and \[ \] (which print nothing), $NAME, ${NAME}, ${NAME:+WORD} and ${NAME:-WORD}.
 */
export function renderPrompt(ps: string, user: string, host: string, cwd: string, home: string, get: (name: string) => string | undefined): string {
  const param = (_: string, a?: string, b?: string, op?: string, word?: string): string => {
    const v = get(a ?? b ?? '') ?? '';
    return op === ':+' ? (v ? param$(word ?? '') : '') : op === ':-' ? (v || param$(word ?? '')) : v;
  };
  const param$ = (t: string): string => t.replace(/\$(?:([A-Za-z_]\w*)|\{(\w+)(?:(:[-+])([^}]*))?\})/g, (m, a, b, op, word) => param(m, a, b, op, word));
  const w = cwd === home ? '~' : cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd;
  const codes: Record<string, string> = { u: user, h: host.split('.')[0], H: host, w, W: cwd === home ? '~' : cwd.slice(cwd.lastIndexOf('/') + 1) || '/', $: user === 'root' ? '#' : '$', s: 'bash', v: '5.2', e: '\x1b', a: '\x07', n: '\n', '\\': '\\', '[': '', ']': '' };
  return param$(ps).replace(/\\([0-7]{1,3}|.)/g, (m, c: string) => codes[c] ?? (/^[0-7]+$/.test(c) ? String.fromCharCode(parseInt(c, 8)) : m));
}

