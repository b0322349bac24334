/**
 * Who a container's process is, worked out as containerd and runc do it from the kubelet's securityContext and
 * the image's /etc/passwd and /etc/group, and the texts that show it: `id`, `whoami`, `ls -l`'s owner columns
 * and /proc/PID/status. Loaded with the container applets, and with the user files for the kubelet, which
 * reports the first in each container's status.
 */
import type { ImageAccount } from '../images/catalogue.js';
import type { ProcessSecurity } from './security-context.js';
import type { ContainerFS } from './container-fs.js';

export interface Identity {
  uid: number;
  gid: number;
  /** The supplementary groups as the kernel keeps them (sorted, each once): getgroups(2). */
  groups: number[];
  /** The uid's name in the image's /etc/passwd, when it has one. */
  name?: string;
  /** The home the image's /etc/passwd gives the uid ("" when it has no entry: busybox's prompt then shows no `~`). */
  home: string;
}

interface Entry { name: string; id: number; gid: number; home: string; members: string[] }

function entries(text: string | undefined, group: boolean): Entry[] {
  const out: Entry[] = [];
  for (const line of (text ?? '').split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || f[2] === '' || !/^\d+$/.test(f[2])) continue;
    out.push(group
      ? { name: f[0], id: Number(f[2]), gid: Number(f[2]), home: '', members: (f[3] ?? '').split(',').filter(Boolean) }
      : { name: f[0], id: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '', members: [] });
  }
  return out;
}

/**
 * containerd's user options: runAsUser (else the image's USER), runAsGroup (else the passwd entry's group, 0
 * without one); the additional gids are the primary group, the groups /etc/group lists the user's name in
 * (supplementalGroupsPolicy Merge, the default; Strict skips them; never the group named as the user), the pod's
 * supplementalGroups and fsGroup.
 */
export function identityOf(sec: ProcessSecurity | undefined, account: ImageAccount | undefined, passwd: string | undefined, group: string | undefined): Identity {
  const uid = sec?.runAsUser ?? account?.uid ?? 0;
  const pw = entries(passwd, false).find((e) => e.id === uid);
  const gid = sec?.runAsGroup ?? (sec?.runAsUser === undefined && account ? account.gid : pw?.gid ?? 0);
  const name = pw?.name ?? (account?.uid === uid ? account.name : undefined);
  const set = new Set<number>([gid]);
  if (name && !sec?.strict) for (const g of entries(group, true)) if (g.name !== name && g.members.includes(name)) set.add(g.id);
  for (const g of sec?.groups ?? []) set.add(g);
  if (account && account.uid === uid && !pw) set.add(account.gid);
  const out: Identity = { uid, gid, groups: [...set].sort((a, b) => a - b), home: pw?.home ?? (account?.uid === uid ? account.home : '') };
  if (name) out.name = name;
  return out;
}

/** A uid's or gid's name in /etc/passwd or /etc/group, else undefined. */
export function nameOf(id: number, text: string | undefined, group: boolean): string | undefined {
  return entries(text, group).find((e) => e.id === id)?.name;
}

/**
 * `id`: busybox prints the groups as getgroups gives them; GNU coreutils the effective gid first, then the
 * others. A number without a name prints bare; busybox leaves `groups=` out when there are none.
 */
export function idText(who: Identity, passwd: string | undefined, group: string | undefined, gnu: boolean): string {
  const g = (n: number) => { const m = nameOf(n, group, true); return m ? `${n}(${m})` : String(n); };
  const u = who.name ?? nameOf(who.uid, passwd, false);
  const list = gnu ? [who.gid, ...who.groups.filter((x) => x !== who.gid)] : who.groups;
  const groups = list.length ? ` groups=${list.map(g).join(',')}` : '';
  return `uid=${u ? `${who.uid}(${u})` : who.uid} gid=${g(who.gid)}${groups}\n`;
}

/** `whoami` for a uid without a name: busybox's and GNU's complaints (exit 1). */
export function whoamiUnknown(uid: number, gnu: boolean): string {
  return gnu ? `whoami: cannot find name for user ID ${uid}\n` : `whoami: unknown uid ${uid}\n`;
}

/** Linux capability numbers (include/uapi/linux/capability.h), by the name Kubernetes uses (no CAP_). */
const CAPS = ['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE',
  'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE',
  'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE'];

/** containerd's default set for a container that is not privileged (the same 14 as Docker's). */
const DEFAULT_CAPS = ['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'];

function capBit(name: string): bigint | undefined {
  const i = CAPS.indexOf(name.toUpperCase().replace(/^CAP_/, ''));
  return i < 0 ? undefined : 1n << BigInt(i);
}

/** The bounding set: containerd's defaults, `drop` (ALL empties it) then `add` (ALL is every one); privileged gets all. */
export function capabilitySet(sec: ProcessSecurity | undefined): bigint {
  const all = (1n << BigInt(CAPS.length)) - 1n;
  if (sec?.privileged) return all;
  let set = 0n;
  for (const c of DEFAULT_CAPS) set |= capBit(c)!;
  for (const c of sec?.capDrop ?? []) set = c.toUpperCase() === 'ALL' ? 0n : set & ~(capBit(c) ?? 0n);
  for (const c of sec?.capAdd ?? []) set = c.toUpperCase() === 'ALL' ? all : set | (capBit(c) ?? 0n);
  return set;
}

const hex = (n: bigint) => n.toString(16).padStart(16, '0');

/**
 * /proc/PID/status (fs/proc/array.c), the lines the simulation can keep true: names and IDs, the credentials,
 * the capability sets (a process that is not root has none permitted or effective: execve drops them, as
 * Kubernetes sets no ambient ones; containerd 2 sets no inheritable ones), no_new_privs and seccomp.
 */
export function procStatus(p: { pid: number; command: string; running: boolean; who: Identity; sec?: ProcessSecurity; ppid: number }): string {
  // comm: the executable's name (a title such as nginx's "nginx: master process" leaves it as it was).
  const comm = (/^[^\s:]*/.exec(p.command.split(' ')[0].split('/').pop() ?? '')?.[0] ?? '').slice(0, 15);
  const bnd = capabilitySet(p.sec);
  const eff = p.who.uid === 0 ? bnd : 0n;
  const ids = (n: number) => `${n}\t${n}\t${n}\t${n}`;
  return [
    `Name:\t${comm}`, 'Umask:\t0022', `State:\t${p.running ? 'R (running)' : 'S (sleeping)'}`,
    `Tgid:\t${p.pid}`, 'Ngid:\t0', `Pid:\t${p.pid}`, `PPid:\t${p.ppid}`, 'TracerPid:\t0',
    // The kernel ends the list with a space, even an empty one.
    `Uid:\t${ids(p.who.uid)}`, `Gid:\t${ids(p.who.gid)}`, `Groups:\t${p.who.groups.join(' ')} `,
    `NStgid:\t${p.pid}`, `NSpid:\t${p.pid}`,
    `CapInh:\t${hex(0n)}`, `CapPrm:\t${hex(eff)}`, `CapEff:\t${hex(eff)}`, `CapBnd:\t${hex(bnd)}`, `CapAmb:\t${hex(0n)}`,
    `NoNewPrivs:\t${p.sec?.noNewPrivs && !p.sec.privileged ? 1 : 0}`, `Seccomp:\t${p.sec?.seccomp ? 2 : 0}`, `Seccomp_filters:\t${p.sec?.seccomp ? 1 : 0}`,
    '',
  ].join('\n');
}

/** A path's mode as `ls -l` prints it: a volume's own, the sticky /tmp, else 755 for a directory and 644 for a file. */
function modeOf(fs: ContainerFS, path: string): string {
  const m = fs.dirStats?.get(path)?.mode;
  if (m) return m;
  if (fs.dirs.has(path)) return path === '/tmp' || path === '/var/tmp' ? 'drwxrwxrwt' : 'drwxr-xr-x';
  return '-rw-r--r--';
}

/** May `who` write to `path` (the kernel's DAC check: owner, then group, then others)? root passes by CAP_DAC_OVERRIDE. */
function mayWrite(fs: ContainerFS, path: string, who: Identity): boolean {
  if (who.uid === 0) return true;
  const mode = modeOf(fs, path);
  const [uid, gid] = fs.owners?.get(path) ?? [0, 0];
  if (uid === who.uid) return mode[2] === 'w';
  if (who.groups.includes(gid) || who.gid === gid) return mode[5] === 'w';
  return mode[8] === 'w';
}

/**
 * Why writing `path` fails for this process, as strerror's text: a root filesystem mounted read-only (only the
 * volumes, /dev and the files the kubelet mounts stay writable), then the permission check on the file, or on
 * its directory when it is new.
 */
export function writeError(sec: ProcessSecurity, who: Identity, fs: ContainerFS, path: string): string | undefined {
  const mounted = (sec.mounts ?? []).some((m) => path === m || path.startsWith(`${m}/`));
  if (sec.readOnlyRootFilesystem && !mounted && !/^\/dev\/|^\/etc\/(hosts|hostname|resolv\.conf)$|^\/proc\//.test(path)) return 'Read-only file system';
  const exists = fs.files.has(path) || fs.dirs.has(path);
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  return mayWrite(fs, exists ? path : parent, who) ? undefined : 'Permission denied';
}

/** A new file's owner: the process's uid, and its gid unless the directory is setgid (an fsGroup volume's): then the directory's group. */
export function setOwner(fs: ContainerFS, path: string, who: Identity): void {
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  const setgid = modeOf(fs, parent)[6] === 's';
  const gid = setgid ? (fs.owners?.get(parent)?.[1] ?? 0) : who.gid;
  if (who.uid !== 0 || gid !== 0) (fs.owners ??= new Map()).set(path, [who.uid, gid]);
}

/** `ls -l`'s owner and group columns for `path`: the names the image's files give, else the numbers. */
export function ownerNames(fs: ContainerFS, path: string): { owner: string; group: string } | undefined {
  const n = fs.owners?.get(path) ? undefined : fs.lower?.nodes.get(path);
  const o = fs.owners?.get(path) ?? (n && (n.uid || n.gid) && (n.dir ? fs.dirs.has(path) : (fs.files as { fromImage?(p: string): boolean }).fromImage?.(path)) ? [n.uid, n.gid] : undefined);
  if (!o) return undefined;
  return { owner: nameOf(o[0], fs.files.get('/etc/passwd'), false) ?? String(o[0]), group: nameOf(o[1], fs.files.get('/etc/group'), true) ?? String(o[1]) };
}
