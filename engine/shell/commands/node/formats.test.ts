/**
 * The node tools' formatters against the real tools' sources: go-units
 * (duration.go, size.go), Go's %g, crictl's tabwriter table, procps'
 * show_one_proc layout, systemd's relative timestamps, logrus' text lines.
 * Expected texts follow from those sources' branches (worked by hand) or are
 * lines the real tools print.
 */
import { describe, expect, it } from 'vitest';
import { appHelp, commandHelp, COMMANDS } from './crictl-help.js';
import { parseGoFlags } from './cliflags.js';
import { crictlTable, CONTAINER_HEADER, POD_HEADER, truncatedID } from './crictl.js';
import { logrusLine } from './logrus.js';
import { manifestCommand } from './processes.js';
import { FORMATS, formatTable, layoutLine, parsePsArgs } from './ps.js';
import { systemdRelative, systemdTimestamp } from './systemctl.js';
import { goFormatG, humanDuration, humanSizeWithPrecision } from './units.js';
import type { Proc } from './processes.js';

describe('go-units HumanDuration', () => {
  it.each([
    [450, 'Less than a second'],
    [1_000, '1 second'],
    [1_999, '1 second'],
    [45_000, '45 seconds'],
    [59_999, '59 seconds'],
    [60_000, 'About a minute'],
    [119_000, 'About a minute'],
    [120_000, '2 minutes'],
    [59 * 60_000, '59 minutes'],
    // Hours round to the nearest: 1h29m is "About an hour", 1h30m "2 hours".
    [89 * 60_000, 'About an hour'],
    [90 * 60_000, '2 hours'],
    [47 * 3_600_000, '47 hours'],
    [48 * 3_600_000, '2 days'],
    [14 * 24 * 3_600_000, '2 weeks'],
    [60 * 24 * 3_600_000, '2 months'],
    [2 * 365 * 24 * 3_600_000, '2 years'],
  ])('%i ms → %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
});

describe('go-units HumanSizeWithPrecision(size, 3) and Go %g', () => {
  it.each([
    [0, '0B'],
    [999, '999B'],
    [1_000, '1kB'],
    [320_000, '320kB'],
    [22_400_000, '22.4MB'],
    [27_681_234, '27.7MB'],
    [1_500_000_000, '1.5GB'],
    // %.3g of 999.5 rounds to 1e+03: Go writes the exponent form.
    [999_500, '1e+03kB'],
  ])('%i → %s', (n, text) => expect(humanSizeWithPrecision(n, 3)).toBe(text));
  it('writes exponents as Go does', () => {
    expect(goFormatG(0.00001234, 3)).toBe('1.23e-05');
    expect(goFormatG(123456, 3)).toBe('1.23e+05');
    expect(goFormatG(9.996, 3)).toBe('10');
  });
});

describe('crictl tables (tabwriter minwidth 20, padding 3)', () => {
  it('pads every column but the last to at least 20 characters', () => {
    const text = crictlTable([CONTAINER_HEADER, ['f4bb881194c0b', '55f22f30591b8', '2 minutes ago', 'Running', 'kube-proxy', '0', '5751848cef168', 'kube-proxy-gcn4f', 'kube-system']]);
    expect(text).toBe(
      'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                 NAMESPACE\n' +
      'f4bb881194c0b       55f22f30591b8       2 minutes ago       Running             kube-proxy          0                   5751848cef168       kube-proxy-gcn4f    kube-system\n',
    );
  });
  it('widens a column to its longest cell plus 3', () => {
    const text = crictlTable([POD_HEADER, ['4883cd3b0d5a1', 'About a minute ago', 'Ready', 'kube-controller-manager-control-plane', 'kube-system', '0', '(default)']]);
    expect(text.split('\n')[1]).toBe('4883cd3b0d5a1       About a minute ago   Ready               kube-controller-manager-control-plane   kube-system         0                   (default)');
  });
  it('truncates IDs to 13 characters after the prefix (getTruncatedID)', () => {
    expect(truncatedID('sha256:d3f3aec8e73d9c1f4a2b', 'sha256:')).toBe('d3f3aec8e73d9');
    expect(truncatedID('abc')).toBe('abc');
  });
});

describe('crictl help (urfave/cli v2 templates)', () => {
  it('lists the commands with their usage in one column and the help command last', () => {
    const help = appHelp();
    expect(help.startsWith('NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command [command options]\n\nVERSION:\n   v1.35.0\n\nCOMMANDS:\n   attach                 Attach to a running container\n')).toBe(true);
    expect(help).toContain('\n   images, image, img     List images\n');
    expect(help).toContain('\n   help, h                Shows a list of commands or help for one command\n\nGLOBAL OPTIONS:\n');
    expect(help).toContain('\n   --timeout value, -t value                  Timeout of connecting to the server in seconds (e.g. 2s, 20s.). 0 or less is set to default (default: 2s)\n');
  });
  it('prints a command\'s flags sorted, with defaults and the help flag last', () => {
    const help = commandHelp(COMMANDS.logs);
    expect(help).toContain('USAGE:\n   crictl logs [command options] CONTAINER-ID\n');
    expect(help).toContain('   --tail value              Number of lines to show from the end of the logs. Defaults to all (default: -1)\n');
    expect(help.endsWith('   --help, -h                show help\n')).toBe(true);
  });
});

describe('Go flag parsing as urfave/cli drives it', () => {
  const defs = COMMANDS.ps.flags;
  it('stops at the first argument that is not a flag', () => {
    const r = parseGoFlags(['-a', 'x', '--name', 'y'], defs);
    expect('args' in r && r.args).toEqual(['x', '--name', 'y']);
  });
  it('expands -aq with short option handling and rejects unknown flags with Go\'s text', () => {
    const r = parseGoFlags(['-aq'], defs);
    expect('values' in r && [r.values.get('all'), r.values.get('quiet')]).toEqual([true, true]);
    expect(parseGoFlags(['--bogus'], defs)).toEqual({ error: 'flag provided but not defined: -bogus' });
    expect(parseGoFlags(['--name'], defs)).toEqual({ error: 'flag needs an argument: -name' });
  });
});

describe('logrus text formatter', () => {
  it('colours the level and pads the message to 44 columns on a terminal', () => {
    expect(logrusLine('fatal', 'ID cannot be empty', { tty: true, now: 0 })).toBe('\x1b[31mFATA\x1b[0m[0000] ID cannot be empty                           \n');
  });
  it('writes key=value pairs with Go quoting elsewhere', () => {
    expect(logrusLine('fatal', 'ID cannot be empty', { tty: false, now: Date.UTC(2026, 0, 1) })).toBe('time="2026-01-01T00:00:00Z" level=fatal msg="ID cannot be empty"\n');
    expect(logrusLine('warning', 'plain', { tty: false, now: Date.UTC(2026, 0, 1) })).toBe('time="2026-01-01T00:00:00Z" level=warning msg=plain\n');
  });
});

const proc = (over: Partial<Proc>): Proc => ({ pid: 1, ppid: 0, user: 'root', tty: '?', stat: 'Ss', startedAt: 0, cpuMs: 0, rssKiB: 11484, vszKiB: 167744, command: '/sbin/init', comm: 'systemd', ...over });

describe('procps layout (show_one_proc)', () => {
  const now = Date.UTC(2026, 10, 20, 12);
  const mem = 4_000_000;
  it('prints the BSD u and SysV f headers as procps 4 does with 7-digit PIDs', () => {
    expect(formatTable([], FORMATS.u, now, mem, 10_000)).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n');
    expect(formatTable([], FORMATS.f, now, mem, 10_000)).toBe('UID          PID    PPID  C STIME TTY          TIME CMD\n');
    expect(formatTable([], FORMATS.default, now, mem, 10_000)).toBe('    PID TTY          TIME CMD\n');
  });
  it('lays out a row, dates from another day as MonDD', () => {
    const p = proc({ startedAt: Date.UTC(2026, 10, 19, 8), cpuMs: 12_000 });
    expect(formatTable([p], FORMATS.u, now, mem, 10_000).split('\n')[1]).toBe('root           1  0.0  0.2 167744 11484 ?        Ss   Nov19   0:12 /sbin/init');
    expect(formatTable([p], FORMATS.f, now, mem, 10_000).split('\n')[1]).toBe('root           1       0  0 Nov19 ?        00:00:12 /sbin/init');
  });
  it('lets a wide VSZ and RSS push the columns right and takes it back from the TTY padding', () => {
    const p = proc({ pid: 1074, vszKiB: 1596364, rssKiB: 307572, stat: 'Ssl', command: 'kube-apiserver', startedAt: Date.UTC(2026, 10, 20, 5, 1) });
    expect(formatTable([p], FORMATS.u, now, mem, 10_000).split('\n')[1]).toBe('root        1074  0.0  7.6 1596364 307572 ?      Ssl  05:01   0:00 kube-apiserver');
  });
  it('cuts the last column at the terminal width and shows user names longer than 8 as 7 characters and +', () => {
    const cols = [{ header: 'USER', width: 8, align: 'user' as const, value: () => '' }, { header: 'COMMAND', width: 27, align: 'unlimited' as const, value: () => '' }];
    expect(layoutLine(['root', '/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml'], cols, 20)).toBe('root     /usr/bin/ku');
    expect(formatTable([proc({ user: 'systemd-network' })], FORMATS.u, now, mem, 10_000).split('\n')[1].startsWith('systemd+       1 ')).toBe(true);
  });
  it('reads ps options in BSD, UNIX and mixed syntax', () => {
    expect(parsePsArgs(['aux'], true, 80)).toEqual({ format: FORMATS.u, all: true, width: 80 });
    expect(parsePsArgs(['-aux'], false, 80)).toEqual({ format: FORMATS.u, all: true, width: Number.MAX_SAFE_INTEGER });
    expect(parsePsArgs(['-ef'], true, 80)).toEqual({ format: FORMATS.f, all: true, width: 80 });
    expect(parsePsArgs(['auxww'], true, 80).width).toBe(Number.MAX_SAFE_INTEGER);
    expect(parsePsArgs([], true, 80)).toEqual({ format: FORMATS.default, all: false, width: 80 });
  });
  it('reads -o lists, a header running to the end of its option, and selections', () => {
    expect(parsePsArgs(['-o', 'pid,comm', '-C', 'kubelet'], false, 80)).toMatchObject({ format: ['pid', 'comm'], commands: ['kubelet'] });
    expect(parsePsArgs(['-opid,cmd=COMMAND-LINE', '-p1,2'], false, 80)).toMatchObject({ format: ['pid', 'cmd'], headers: { 1: 'COMMAND-LINE' }, pids: [1, 2] });
    expect(parsePsArgs(['-o', 'pid=,cmd='], false, 80)).toMatchObject({ format: ['pid'], headers: { 0: ',cmd=' } });
    expect(parsePsArgs(['-o', 'bogus'], false, 80).error).toBe('error: unknown user-defined format specifier "bogus"');
    expect(parsePsArgs(['--foo'], false, 80).error).toBe('error: unknown gnu long option');
    expect(parsePsArgs(['-Z'], false, 80).error).toBe('error: unsupported SysV option');
    expect(parsePsArgs(['k'], false, 80).error).toBe('error: unsupported option (BSD syntax)');
  });
  it('prints ELAPSED as [[DD-]hh:]mm:ss and no header line when every header is empty', () => {
    const p = proc({ startedAt: now - (26 * 3_600_000 + 5 * 60_000 + 7_000) });
    expect(formatTable([p], ['pid', 'etime'], now, mem, 10_000)).toBe('    PID     ELAPSED\n      1  1-02:05:07\n');
    expect(formatTable([p], ['pid'], now, mem, 10_000, true, { 0: '' })).toBe('      1\n');
  });
});

describe('systemd timestamps (time-util.c)', () => {
  const t = Date.UTC(2026, 0, 1, 0, 0, 0);
  it('formats the default style with the weekday and zone', () => expect(systemdTimestamp(t)).toBe('Thu 2026-01-01 00:00:00 UTC'));
  it.each([
    [0, 'now'],
    [500, '500ms ago'],
    [59_000, '59s ago'],
    [63_000, '1min 3s ago'],
    [5 * 60_000 + 7_000, '5min ago'],
    [2 * 3_600_000 + 4 * 60_000, '2h 4min ago'],
    [7 * 3_600_000, '7h ago'],
    [26 * 3_600_000, '1 day 2h ago'],
    [3 * 86_400_000, '3 days ago'],
  ])('%i ms before now → %s', (ms, text) => expect(systemdRelative(t + ms, t)).toBe(text));
});

describe('static pod manifest command', () => {
  it('reads the command list kubeadm writes (and what a learner adds to it)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command:\n    - kube-scheduler\n    - --bind-address=127.0.0.1\n    - "--v=4"\n    image: registry.k8s.io/kube-scheduler:v1.35.0\n';
    expect(manifestCommand(text)).toEqual(['kube-scheduler', '--bind-address=127.0.0.1', '--v=4']);
    expect(manifestCommand('kind: Pod\n')).toBeUndefined();
  });
});
