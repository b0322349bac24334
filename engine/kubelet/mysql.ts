/**
 * The official mysql image (docker-library/mysql, Oracle Linux 9 slim; loaded with the first pull of it): its
 * docker-entrypoint.sh and mysqld, and the mysql client ("monitor").
 *
 * The server, as the entrypoint (innovation/docker-entrypoint.sh of the 9.5.0 build) runs it as root: it notes
 * its start, re-runs itself as the mysql user through gosu, and then
 * - with an empty data directory and none of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD,
 *   MYSQL_RANDOM_ROOT_PASSWORD: docker_verify_minimum_env's error, exit 1 (a CrashLoopBackOff in a pod);
 * - with an empty one: `mysqld --initialize-insecure`, a temporary server without networking to set the root
 *   password and load the time zones, then mysqld itself (PID 1) on port 3306, about ten seconds in all;
 * - with files but no `mysql` directory (another volume's files): --initialize refuses the directory, exit 1;
 * - with a `mysql` directory (the volume of an earlier start): the socket link, then mysqld at once.
 * The lines and their spacing in time are those of `docker logs` of the 9.x images (recorded first starts of
 * 9.3.0, a refused directory in 9.3.0, the missing-password error of 9.5.0), with this version in them; the
 * data directory gets the directories --initialize makes (mysql, performance_schema, sys, #innodb_redo,
 * #innodb_temp), and a database is a directory of it, so what a claim keeps outlives the pod.
 *
 * The client connects as it starts (`-h HOST`, `-u`, `-p`, `-P`; without -h, the local server's socket): the
 * libmysql errors 2005 (unknown host), 2003 (refused), 2002 (no local socket), the server's 1045 for a wrong
 * password, or the monitor's banner. Typed lines end at `;` or `\g`; SHOW DATABASES, CREATE DATABASE, DROP
 * DATABASE and USE are answered, `exit`, `quit` and `\q` print "Bye". Other statements are not simulated, and
 * the monitor says so (a kubelab line, as the perl image's) rather than pretend to run them.
 */
import type { ImageInfo } from '../images/catalogue.js';
import type { Program, ProgramStart, ProgramStartHost } from './programs.js';

const DATADIR = '/var/lib/mysql';
const SOCKET_LINK = "'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'";
const ZONEINFO_SKIPPED = ['iso3166.tab', 'leap-seconds.list', 'leapseconds', 'tzdata.zi', 'zone.tab', 'zone1970.tab']
  .map((f) => `Warning: Unable to load '/usr/share/zoneinfo/${f}' as time zone. Skipping it.`);
/** What --initialize makes in the data directory, as `ls` shows its directories. */
const INITIALIZED_DIRS = ['#innodb_redo', '#innodb_temp', 'mysql', 'performance_schema', 'sys'];

type Line = ProgramStart['logs'][number];

/** `date --rfc-3339=seconds` in UTC, as the entrypoint's mysql_log prints it. */
function entrypointTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + '+00:00';
}

/** mysqld's error-log time: UTC with microseconds. */
function serverTime(us: number): string {
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().slice(0, 19) + '.' + String(Math.floor(us) % 1_000_000).padStart(6, '0') + 'Z';
}

/** The server's lines of a start (`process` its PID; `port` 0 for the temporary server): [µs after `at`, thread, level, code, subsystem, text]. */
function serverStart(version: string, pid: number, port: number): [number, number, string, string, string, string][] {
  return [
    [0, 0, 'System', 'MY-015015', 'Server', 'MySQL Server - start.'],
    [291_792, 0, 'System', 'MY-010116', 'Server', `/usr/sbin/mysqld (mysqld ${version}) starting as process ${pid}`],
    [310_089, 1, 'System', 'MY-013576', 'InnoDB', 'InnoDB initialization has started.'],
    [818_931, 1, 'System', 'MY-013577', 'InnoDB', 'InnoDB initialization has ended.'],
    [1_244_462, 0, 'Warning', 'MY-010068', 'Server', 'CA certificate ca.pem is self signed.'],
    [1_244_499, 0, 'System', 'MY-013602', 'Server', 'Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.'],
    [1_248_937, 0, 'Warning', 'MY-011810', 'Server', "Insecure configuration for --pid-file: Location '/var/run/mysqld' in the path is accessible to all OS users. Consider choosing a different directory."],
    [1_287_370, 0, 'System', 'MY-011323', 'Server', port ? "X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock" : 'X Plugin ready for connections. Socket: /var/run/mysqld/mysqlx.sock'],
    [1_287_433, 0, 'System', 'MY-010931', 'Server', `/usr/sbin/mysqld: ready for connections. Version: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: ${port}  MySQL Community Server - GPL.`],
  ];
}

class Timeline {
  readonly logs: Line[] = [];
  constructor(private readonly startMs: number) {}
  /** An entrypoint note (stdout) or error (stderr), `ms` after the start. */
  entry(ms: number, type: 'Note' | 'ERROR', text: string): void {
    this.logs.push({ afterMs: ms, text: `${entrypointTime(this.startMs + ms)} [${type}] [Entrypoint]: ${text}`, stream: type === 'Note' ? 'stdout' : 'stderr' });
  }
  plain(ms: number, text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    this.logs.push({ afterMs: ms, text, stream });
  }
  /** mysqld's error log (stderr), `atUs` µs after the start. */
  server(atUs: number, lines: [number, number, string, string, string, string][]): number {
    let last = atUs;
    for (const [d, thread, level, code, sub, text] of lines) {
      last = atUs + d;
      this.logs.push({ afterMs: Math.floor(last / 1000), text: `${serverTime(this.startMs * 1000 + last)} ${thread} [${level}] [${code}] [${sub}] ${text}`, stream: 'stderr' });
    }
    return Math.floor(last / 1000);
  }
}

function entriesUnder(host: ProgramStartHost, dir: string): string[] {
  const out = new Set<string>();
  const prefix = `${dir}/`;
  for (const p of host.fs.dirs.values()) if (p.startsWith(prefix)) out.add(p.slice(prefix.length).split('/')[0]);
  for (const p of host.fs.files.keys()) if (p.startsWith(prefix)) out.add(p.slice(prefix.length).split('/')[0]);
  return [...out];
}

/** mysqld through docker-entrypoint.sh. */
export function mysqld(image: ImageInfo, env: Record<string, string>): Pick<Program, 'begin'> {
  return {
    begin(host) {
      const t = new Timeline(host.now);
      const full = image.env.MYSQL_VERSION ?? image.version;
      const v = image.version;
      t.entry(0, 'Note', `Entrypoint script for MySQL Server ${full} started.`);
      t.entry(300, 'Note', "Switching to dedicated user 'mysql'");
      t.entry(310, 'Note', `Entrypoint script for MySQL Server ${full} started.`);
      const present = entriesUnder(host, DATADIR);
      if (present.includes('mysql')) {
        t.plain(400, SOCKET_LINK);
        return { logs: t.logs, readyAfterMs: t.server(700_000, serverStart(v, 1, 3306)) };
      }
      if (!env.MYSQL_ROOT_PASSWORD && !env.MYSQL_ALLOW_EMPTY_PASSWORD && !env.MYSQL_RANDOM_ROOT_PASSWORD) {
        t.entry(320, 'ERROR', 'Database is uninitialized and password option is not specified');
        for (const l of ['    You need to specify one of the following as an environment variable:', '    - MYSQL_ROOT_PASSWORD', '    - MYSQL_ALLOW_EMPTY_PASSWORD', '    - MYSQL_RANDOM_ROOT_PASSWORD']) t.plain(320, l, 'stderr');
        return { logs: t.logs, exit: { afterMs: 330, code: 1 } };
      }
      t.entry(320, 'Note', 'Initializing database files');
      const init = (d: number, thread: number, level: string, code: string, text: string): [number, number, string, string, string, string] => [d, thread, level, code, code === 'MY-013576' || code === 'MY-013577' ? 'InnoDB' : 'Server', text];
      if (present.length) {
        const end = t.server(716_638, [
          init(0, 0, 'System', 'MY-015017', 'MySQL Server Initialization - start.'),
          init(2_019, 0, 'System', 'MY-013169', `/usr/sbin/mysqld (mysqld ${v}) initializing of server in progress as process 79`),
          init(5_724, 0, 'ERROR', 'MY-010457', '--initialize specified but the data directory has files in it. Aborting.'),
          init(5_730, 0, 'ERROR', 'MY-013236', `The designated data directory ${DATADIR}/ is unusable. You can remove all files that the server added to it.`),
          init(5_916, 0, 'ERROR', 'MY-010119', 'Aborting'),
          init(6_630, 0, 'System', 'MY-015018', 'MySQL Server Initialization - end.'),
        ]);
        return { logs: t.logs, exit: { afterMs: end + 5, code: 1 } };
      }
      for (const d of INITIALIZED_DIRS) host.fs.mkdirp(`${DATADIR}/${d}`);
      t.server(716_638, [
        init(0, 0, 'System', 'MY-015017', 'MySQL Server Initialization - start.'),
        init(1_599, 0, 'System', 'MY-013169', `/usr/sbin/mysqld (mysqld ${v}) initializing of server in progress as process 79`),
        init(9_592, 1, 'System', 'MY-013576', 'InnoDB initialization has started.'),
        init(657_630, 1, 'System', 'MY-013577', 'InnoDB initialization has ended.'),
        init(2_083_007, 6, 'Warning', 'MY-010453', 'root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.'),
        init(4_591_056, 0, 'System', 'MY-015018', 'MySQL Server Initialization - end.'),
      ]);
      t.entry(5_310, 'Note', 'Database files initialized');
      t.entry(5_320, 'Note', 'Starting temporary server');
      t.server(5_349_747, serverStart(v, 118, 0));
      t.entry(6_640, 'Note', 'Temporary server started.');
      t.plain(6_650, SOCKET_LINK);
      for (const w of ZONEINFO_SKIPPED) t.plain(6_700, w, 'stderr');
      if (env.MYSQL_DATABASE) {
        t.entry(8_200, 'Note', `Creating database ${env.MYSQL_DATABASE}`);
        host.fs.mkdirp(`${DATADIR}/${env.MYSQL_DATABASE}`);
      }
      // docker_process_init_files' echo, for no init files.
      t.plain(8_250, '');
      t.entry(8_300, 'Note', 'Stopping temporary server');
      t.server(8_321_896, [
        [0, 11, 'System', 'MY-013172', 'Server', `Received SHUTDOWN from user root. Shutting down mysqld (Version: ${v}).`],
        [664_384, 0, 'System', 'MY-010910', 'Server', `/usr/sbin/mysqld: Shutdown complete (mysqld ${v})  MySQL Community Server - GPL.`],
        [664_403, 0, 'System', 'MY-015016', 'Server', 'MySQL Server - end.'],
      ]);
      t.entry(9_300, 'Note', 'Temporary server stopped');
      t.plain(9_300, '');
      t.entry(9_310, 'Note', 'MySQL init process done. Ready for start up.');
      t.plain(9_310, '');
      return { logs: t.logs, readyAfterMs: t.server(9_344_366, serverStart(v, 1, 3306)) };
    },
  };
}

/* ------------------------------------------------------------------ the client */

interface ClientOptions { host?: string; port: number; user: string; password?: string }

function clientOptions(argv: readonly string[]): ClientOptions {
  const o: ClientOptions = { port: 3306, user: 'root' };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = (short: string, long: string): string | undefined => {
      if (a === short || a === long) return argv[++i];
      if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
      if (a.startsWith(short) && a.length > short.length) return a.slice(short.length);
      return undefined;
    };
    let v: string | undefined;
    if (a.startsWith('-p') && !a.startsWith('--')) o.password = a.slice(2);
    else if (a.startsWith('--password=')) o.password = a.slice('--password='.length);
    else if ((v = value('-h', '--host')) !== undefined) o.host = v;
    else if ((v = value('-u', '--user')) !== undefined) o.user = v;
    else if ((v = value('-P', '--port')) !== undefined) o.port = Number(v) || 3306;
  }
  return o;
}

/** The monitor's connection: the server's container and what it answers. */
export interface MonitorState {
  server: { fs: ProgramStartHost['fs'] };
  version: string;
  database?: string;
  /** Text of a statement not ended yet. */
  pending: string;
}

/** The server's count of connections, as `Your MySQL connection id is N` shows it (the first after an initializing start is 10). */
const connectionIds = new WeakMap<object, number>();

const BANNER = (id: number, version: string) => `Welcome to the MySQL monitor.  Commands end with ; or \\g.
Your MySQL connection id is ${id}
Server version: ${version} MySQL Community Server - GPL

Copyright (c) 2000, 2025, Oracle and/or its affiliates.

Oracle is a registered trademark of Oracle Corporation and/or its
affiliates. Other names may be trademarks of their respective
owners.

Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.

`;

/** The mysql client: connects as it starts, then reads its TTY (the monitor, with its banner) or, without one, ends at its stdin's end. */
export function mysqlClient(argv: readonly string[]): Pick<Program, 'begin'> {
  return {
    begin(host) {
      const o = clientOptions(argv);
      const logs: Line[] = [];
      if (o.password !== undefined) logs.push({ afterMs: 0, text: 'mysql: [Warning] Using a password on the command line interface can be insecure.', stream: 'stderr' });
      const fail = (text: string) => ({ logs: [...logs, { afterMs: 0, text, stream: 'stderr' as const }], exit: { afterMs: 1, code: 1 } });
      let server: ProgramStartHost['self'] | undefined;
      if (o.host === undefined || o.host === 'localhost') {
        const self = host.self;
        if (!self.listening(3306) || self.image.program !== 'mysql') return fail("ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)");
        server = self;
      } else {
        const c = host.connect(o.host, o.port);
        if ('error' in c) {
          const errno = { 'unknown-host': -2, 'dns-timeout': -3, refused: 111, timeout: 110, unreachable: 113 }[c.error];
          return fail(c.error === 'unknown-host' || c.error === 'dns-timeout'
            ? `ERROR 2005 (HY000): Unknown MySQL server host '${o.host}' (${errno})`
            : `ERROR 2003 (HY000): Can't connect to MySQL server on '${o.host}:${o.port}' (${errno})`);
        }
        server = c.container;
      }
      const rootPassword = server.opts.env.MYSQL_ROOT_PASSWORD ?? '';
      if (o.user !== 'root' || (o.password ?? '') !== rootPassword) {
        const from = o.host === undefined || o.host === 'localhost' ? 'localhost' : host.podIP;
        return fail(`ERROR 1045 (28000): Access denied for user '${o.user}'@'${from}' (using password: ${o.password ? 'YES' : 'NO'})`);
      }
      const id = (connectionIds.get(server) ?? 9) + 1;
      connectionIds.set(server, id);
      // Batch mode: stdin is no terminal and at its end already; the client leaves without a word.
      if (!host.stdin) return { logs, exit: { afterMs: 1, code: 0 } };
      const monitor: MonitorState = { server, version: server.image.version, pending: '' };
      return { logs: [...logs, { afterMs: 0, text: BANNER(id, server.image.version).replace(/\n$/, ''), stream: 'stdout' }], monitor };
    },
  };
}

const DB_NAME = /^`?([A-Za-z0-9_$]+)`?$/;

function databases(m: MonitorState): string[] {
  const names = new Set(['information_schema']);
  for (const p of m.server.fs.dirs.values()) {
    if (!p.startsWith(`${DATADIR}/`)) continue;
    const name = p.slice(DATADIR.length + 1);
    if (!name.includes('/') && !name.startsWith('#')) names.add(name);
  }
  return [...names].sort();
}

function table(header: string, rows: string[], sec: string): string {
  const w = Math.max(header.length, ...rows.map((r) => r.length));
  const rule = `+${'-'.repeat(w + 2)}+\n`;
  return rule + `| ${header.padEnd(w)} |\n` + rule + rows.map((r) => `| ${r.padEnd(w)} |\n`).join('') + rule + `${rows.length} row${rows.length === 1 ? '' : 's'} in set (${sec} sec)\n\n`;
}

/** One statement, without its terminator. */
function statement(m: MonitorState, text: string): string {
  const s = text.trim();
  const words = s.split(/\s+/);
  const kw = words.slice(0, 2).join(' ').toUpperCase();
  if (/^SHOW\s+(DATABASES|SCHEMAS)$/i.test(s)) return table('Database', databases(m), '0.004');
  if ((kw === 'CREATE DATABASE' || kw === 'CREATE SCHEMA') && words.length === 3 && DB_NAME.test(words[2])) {
    const name = DB_NAME.exec(words[2])![1];
    if (databases(m).includes(name)) return `ERROR 1007 (HY000): Can't create database '${name}'; database exists\n`;
    m.server.fs.mkdirp(`${DATADIR}/${name}`);
    return 'Query OK, 1 row affected (0.007 sec)\n\n';
  }
  if ((kw === 'DROP DATABASE' || kw === 'DROP SCHEMA') && words.length === 3 && DB_NAME.test(words[2])) {
    const name = DB_NAME.exec(words[2])![1];
    if (!databases(m).includes(name) || name === 'information_schema') return `ERROR 1008 (HY000): Can't drop database '${name}'; database doesn't exist\n`;
    m.server.fs.dirs.delete(`${DATADIR}/${name}`);
    if (m.database === name) m.database = undefined;
    return 'Query OK, 0 rows affected (0.011 sec)\n\n';
  }
  if (words[0].toUpperCase() === 'USE' && words.length === 2 && DB_NAME.test(words[1])) {
    const name = DB_NAME.exec(words[1])![1];
    if (!databases(m).includes(name)) return `ERROR 1049 (42000): Unknown database '${name}'\n`;
    m.database = name;
    return 'Database changed\n';
  }
  if (s === '') return 'ERROR: \nNo query specified\n\n';
  return 'kubelab: this statement is not simulated; the mysql monitor here answers SHOW DATABASES, CREATE DATABASE, DROP DATABASE, USE and exit\n';
}

/** One typed line: what the monitor prints, whether it ended ("Bye"), and the prompt it shows next. */
export function monitorLine(m: MonitorState, line: string): { out: string; exit: boolean } {
  const trimmed = line.trim();
  if (m.pending === '' && /^(exit|quit|\\q)\s*;?$/i.test(trimmed)) return { out: 'Bye\n', exit: true };
  if (m.pending === '' && trimmed === '') return { out: '', exit: false };
  let text = m.pending === '' ? line : `${m.pending}\n${line}`;
  let out = '';
  for (;;) {
    const end = /;|\\g/.exec(text);
    if (!end) break;
    out += statement(m, text.slice(0, end.index));
    text = text.slice(end.index + end[0].length);
    if (text.trim() === '') { text = ''; break; }
  }
  m.pending = text.trim() === '' ? '' : text;
  return { out, exit: false };
}

/** The monitor's prompt: `mysql> `, or `    -> ` while a statement goes on. */
export function monitorPrompt(m: MonitorState): string {
  return m.pending ? '    -> ' : 'mysql> ';
}

/** A client that reads its TTY at its own prompt (the mysql monitor, redis-cli): its banner, prompt and answer to each line. */
export interface ClientMonitor {
  banner?: string;
  prompt(): string;
  line(src: string): { out: string; exit: boolean };
}

/** The mysql monitor as such a client. */
export function mysqlMonitor(m: MonitorState): ClientMonitor {
  return { prompt: () => monitorPrompt(m), line: (src) => monitorLine(m, src) };
}
