/**
 * util-linux 2.39.3's mount, umount and lsblk on the node, over the mount table machine.ts builds from the
 * kubelet's and containerd's state when read (the table df, findmnt and /proc/mounts show too): mount's listing
 * (`SOURCE on TARGET type TYPE (OPTIONS)`, -l's labels, -t's type list), and libmount's refusals, changing nothing:
 * a user who is not root is not allowed to mount or unmount ("must be superuser…"), and root's mounts and unmounts
 * the lab cannot carry out end with the kernel's refusal (as where CAP_SYS_ADMIN is missing). lsblk: the root disk
 * whose partitions df shows (an Ubuntu cloud image's GPT: sda1 the root, sda14 BIOS boot, sda15 the EFI
 * partition), in libsmartcols' tree, with -f, -o, -b, -d, -l, -n, -p.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { USER } from '../misc.js';
import { getoptLong, type LongOption } from './getopt.js';
import { currentNodeName, nodeHost } from './host.js';
import { hashBytes, mountTable, uuidOf, type Mount } from './machine.js';

const VERSION = '2.39.3';
const FEATURES = 'selinux, smack, btrfs, verity, namespaces, idmapping, statx, assert, debug';
const DMESG = '       dmesg(1) may have more information after failed mount system call.\n';

const isRoot = (ctx: ProcessContext) => (ctx.fs.user ?? USER) === 'root';
const helpOptions = (w: number) => `${' -h, --help'.padEnd(w)}display this help\n${' -V, --version'.padEnd(w)}display version\n`;

function table(ctx: ProcessContext): Mount[] | undefined {
  const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
  return h ? mountTable(ctx.cluster, h) : undefined;
}

/** The cloud image's /etc/fstab: the root and the EFI partition, by label. */
const FSTAB: Array<{ spec: string; device: string; target: string }> = [
  { spec: 'LABEL=cloudimg-rootfs', device: '/dev/sda1', target: '/' },
  { spec: 'LABEL=UEFI', device: '/dev/sda15', target: '/boot/efi' },
];
const LABELS: Record<string, string> = { '/dev/sda1': 'cloudimg-rootfs', '/dev/sda15': 'UEFI' };

/** libmount's mnt_match_fstype: a comma list; `no` before the first negates the whole list. */
function typeMatcher(pattern: string): (type: string) => boolean {
  const neg = pattern.startsWith('no');
  const list = pattern.split(',').map((t) => (neg && t.startsWith('no') ? t.slice(2) : t));
  return (type) => list.includes(type) !== neg;
}

const MOUNT_LONGS: LongOption[] = [
  { name: 'all', key: 'a' }, { name: 'fake', key: 'f' }, { name: 'fstab', key: 'T', arg: 'required' }, { name: 'fork', key: 'F' },
  { name: 'help', key: 'h' }, { name: 'no-mtab', key: 'n' }, { name: 'read-only', key: 'r' }, { name: 'ro', key: 'r' },
  { name: 'verbose', key: 'v' }, { name: 'version', key: 'V' }, { name: 'read-write', key: 'w' }, { name: 'rw', key: 'w' },
  { name: 'options', key: 'o', arg: 'required' }, { name: 'test-opts', key: 'O', arg: 'required' }, { name: 'types', key: 't', arg: 'required' },
  { name: 'uuid', key: 'U', arg: 'required' }, { name: 'label', key: 'L', arg: 'required' }, { name: 'bind', key: 'B' }, { name: 'move', key: 'M' },
  { name: 'rbind', key: 'R' }, ...['shared', 'slave', 'private', 'unbindable', 'rshared', 'rslave', 'rprivate', 'runbindable'].map((p) => ({ name: `make-${p}`, key: 'propagation' })),
  { name: 'mkdir', key: 'm', arg: 'optional' }, { name: 'no-canonicalize', key: 'c' }, { name: 'internal-only', key: 'i' }, { name: 'show-labels', key: 'l' },
  { name: 'target', key: 'target', arg: 'required' }, { name: 'target-prefix', key: 'target-prefix', arg: 'required' }, { name: 'source', key: 'source', arg: 'required' },
  { name: 'onlyonce', key: 'onlyonce' }, { name: 'options-mode', key: 'options-mode', arg: 'required' }, { name: 'options-source', key: 'options-source', arg: 'required' },
  { name: 'options-source-force', key: 'options-source-force' }, { name: 'namespace', key: 'N', arg: 'required' },
];

export const MOUNT_HELP = `
Usage:
 mount [-lhV]
 mount -a [options]
 mount [options] [--source] <source> | [--target] <directory>
 mount [options] <source> <directory>
 mount <operation> <mountpoint> [<target>]

Mount a filesystem.

Options:
 -a, --all               mount all filesystems mentioned in fstab
 -c, --no-canonicalize   don't canonicalize paths
 -f, --fake              dry run; skip the mount(2) syscall
 -F, --fork              fork off for each device (use with -a)
 -T, --fstab <path>      alternative file to /etc/fstab
 -i, --internal-only     don't call the mount.<type> helpers
 -l, --show-labels       show also filesystem labels
 -m, --mkdir[=<mode>]    alias to '-o X-mount.mkdir[=<mode>]'
 -n, --no-mtab           don't write to /etc/mtab
     --options-mode <mode>
                         what to do with options loaded from fstab
     --options-source <source>
                         mount options source
     --options-source-force
                         force use of options from fstab/mtab
     --onlyonce          check if filesystem is already mounted
 -o, --options <list>    comma-separated list of mount options
 -O, --test-opts <list>  limit the set of filesystems (use with -a)
 -r, --read-only         mount the filesystem read-only (same as -o ro)
 -t, --types <list>      limit the set of filesystem types
     --source <src>      explicitly specifies source (path, label, uuid)
     --target <target>   explicitly specifies mountpoint
     --target-prefix <path>
                         specifies path used for all mountpoints
 -v, --verbose           say what is being done
 -w, --rw, --read-write  mount the filesystem read-write (default)
 -N, --namespace <ns>    perform mount in another namespace

${helpOptions(25)}
Source:
 -L, --label <label>     synonym for LABEL=<label>
 -U, --uuid <uuid>       synonym for UUID=<uuid>
 LABEL=<label>           specifies device by filesystem label
 UUID=<uuid>             specifies device by filesystem UUID
 PARTLABEL=<label>       specifies device by partition label
 PARTUUID=<uuid>         specifies device by partition UUID
 ID=<id>                 specifies device by udev hardware ID
 <device>                specifies device by path
 <directory>             mountpoint for bind mounts (see --bind/rbind)
 <file>                  regular file for loopdev setup

Operations:
 -B, --bind              mount a subtree somewhere else (same as -o bind)
 -M, --move              move a subtree to some other place
 -R, --rbind             mount a subtree and all submounts somewhere else
 --make-shared           mark a subtree as shared
 --make-slave            mark a subtree as slave
 --make-private          mark a subtree as private
 --make-unbindable       mark a subtree as unbindable
 --make-rshared          recursively mark a whole subtree as shared
 --make-rslave           recursively mark a whole subtree as slave
 --make-rprivate         recursively mark a whole subtree as private
 --make-runbindable      recursively mark a whole subtree as unbindable

For more details see mount(8).
`;

/** The file systems the kernel knows that need no device (a source that is not a path is only a name then). */
const NODEV = new Set(['tmpfs', 'proc', 'sysfs', 'devtmpfs', 'devpts', 'cgroup2', 'overlay', 'mqueue', 'debugfs', 'tracefs', 'securityfs', 'bpf', 'hugetlbfs', 'configfs', 'fusectl', 'pstore', 'ramfs', 'nsfs']);

/** What the kernel has of a device the lab's disk does not have: sda and its partitions are the node's. */
const DEVICES = new Set(['/dev/sda', '/dev/sda1', '/dev/sda14', '/dev/sda15']);

export const mount: CommandSpec = {
  name: 'mount',
  summary: 'mount a filesystem',
  run(ctx: ProcessContext) {
    const r = getoptLong(ctx.argv.slice(1), 'aBcfFhilL:m::Mno:O:rRsU:vVwt:T:N:', MOUNT_LONGS);
    if ('error' in r) { ctx.stderr.write(`mount: ${r.error}\nTry 'mount --help' for more information.\n`); return 1; }
    let types: string | undefined;
    let labels = false;
    let all = false;
    let operation = false;
    let source: string | undefined;
    let target: string | undefined;
    for (const { key, value } of r.options) {
      if (key === 'h') { ctx.stdout.write(MOUNT_HELP); return 0; }
      if (key === 'V') { ctx.stdout.write(`mount from util-linux ${VERSION} (libmount ${VERSION}: ${FEATURES})\n`); return 0; }
      if (key === 't') types = value;
      else if (key === 'l') labels = true;
      else if (key === 'a') all = true;
      else if ('BMR'.includes(key) || key === 'propagation') operation = true;
      else if (key === 'L') source = `LABEL=${value}`;
      else if (key === 'U') source = `UUID=${value}`;
      else if (key === 'source') source = value;
      else if (key === 'target') target = value;
    }
    const mounts = table(ctx);
    if (!mounts) return 1;
    const ops = r.operands;
    // print_all: no operand, no -a, no --source/--target.
    if (!all && ops.length === 0 && !source && !target) {
      const match = types ? typeMatcher(types) : () => true;
      ctx.stdout.write(mounts.filter((m) => match(m.type)).map((m) => {
        const label = labels ? LABELS[m.source] : undefined;
        return `${m.source} on ${m.target} type ${m.type} (${m.options ?? 'rw'})${label ? ` [${label}]` : ''}\n`;
      }).join(''));
      return 0;
    }
    if (operation && (types || all || source)) { ctx.stderr.write("mount: bad usage\nTry 'mount --help' for more information.\n"); return 1; }
    const root = isRoot(ctx);
    const fail = (spec: string, why: string, syscall: boolean) => {
      ctx.stderr.write(`mount: ${spec}: ${why}.\n${syscall ? DMESG : ''}`);
      return syscall ? 32 : 1;
    };
    // Every entry of the fstab is mounted already: mount -a has nothing to do.
    if (all) return root ? 0 : fail(FSTAB[0].target, 'must be superuser to use mount', true);
    if (ops.length > 2 || (ops.length === 2 && (source || target))) { ctx.stderr.write("mount: bad usage\nTry 'mount --help' for more information.\n"); return 1; }
    if (ops.length < 2 && !(source && target)) {
      // One of source and target: looked up in the fstab.
      const spec = ops[0] ?? source ?? target!;
      const abs = spec.startsWith('/') ? ctx.fs.resolve('/', spec) : spec;
      const entry = FSTAB.find((e) => e.spec === spec || e.device === abs || e.target === abs);
      if (!entry) return fail(spec, "can't find in /etc/fstab", false);
      if (!root) return fail(entry.target, 'must be superuser to use mount', true);
      return fail(entry.target, `${entry.device} already mounted on ${entry.target}`, true);
    }
    const src = ops.length === 2 ? ops[0] : source!;
    const tgt = ops.length === 2 ? ops[1] : target!;
    if (!root) return fail(tgt, 'must be superuser to use mount', true);
    const tgtAbs = ctx.fs.resolve(ctx.cwd, tgt);
    const st = ctx.fs.stat(tgtAbs);
    if (!st) return fail(tgt, 'mount point does not exist', true);
    const byPath = src.startsWith('/') || src.startsWith('.');
    const needsDevice = !operation && !(types && NODEV.has(types));
    if (needsDevice && byPath && !DEVICES.has(ctx.fs.resolve(ctx.cwd, src)) && !ctx.fs.stat(ctx.fs.resolve(ctx.cwd, src))) return fail(tgt, `special device ${src} does not exist`, true);
    if (st.type !== 'dir' && !operation) return fail(tgt, 'mount point is not a directory', true);
    // A mount the lab cannot carry out: said plainly rather than as a refusal a real node would not give.
    ctx.stderr.write(`kubelab: mount on ${tgt} is not simulated\n`);
    return 1;
  },
};

const UMOUNT_LONGS: LongOption[] = [
  { name: 'all', key: 'a' }, { name: 'all-targets', key: 'A' }, { name: 'detach-loop', key: 'd' }, { name: 'fake', key: 'fake' }, { name: 'force', key: 'f' },
  { name: 'help', key: 'h' }, { name: 'internal-only', key: 'i' }, { name: 'lazy', key: 'l' }, { name: 'no-canonicalize', key: 'c' }, { name: 'no-mtab', key: 'n' },
  { name: 'quiet', key: 'q' }, { name: 'read-only', key: 'r' }, { name: 'recursive', key: 'R' }, { name: 'test-opts', key: 'O', arg: 'required' },
  { name: 'types', key: 't', arg: 'required' }, { name: 'verbose', key: 'v' }, { name: 'version', key: 'V' }, { name: 'namespace', key: 'N', arg: 'required' },
];

export const UMOUNT_HELP = `
Usage:
 umount [-hV]
 umount -a [options]
 umount [options] <source> | <directory>

Unmount filesystems.

Options:
 -a, --all               unmount all filesystems
 -A, --all-targets       unmount all mountpoints for the given device in the
                           current namespace
 -c, --no-canonicalize   don't canonicalize paths
 -d, --detach-loop       if mounted loop device, also free this loop device
     --fake              dry run; skip the umount(2) syscall
 -f, --force             force unmount (in case of an unreachable NFS system)
 -i, --internal-only     don't call the umount.<type> helpers
 -n, --no-mtab           don't write to /etc/mtab
 -l, --lazy              detach the filesystem now, clean up things later
 -O, --test-opts <list>  limit the set of filesystems (use with -a)
 -R, --recursive         recursively unmount a target with all its children
 -r, --read-only         in case unmounting fails, try to remount read-only
 -t, --types <list>      limit the set of filesystem types
 -v, --verbose           say what is being done
 -q, --quiet             suppress 'not mounted' error messages
 -N, --namespace <ns>    perform umount in another namespace

${helpOptions(25)}
For more details see umount(8).
`;

export const umount: CommandSpec = {
  name: 'umount',
  summary: 'unmount filesystems',
  run(ctx: ProcessContext) {
    const r = getoptLong(ctx.argv.slice(1), 'aAcdfhilnqRrO:t:vVN:', UMOUNT_LONGS);
    const TRY = "Try 'umount --help' for more information.\n";
    if ('error' in r) { ctx.stderr.write(`umount: ${r.error}\n${TRY}`); return 1; }
    let all = false;
    let quiet = false;
    for (const { key } of r.options) {
      if (key === 'h') { ctx.stdout.write(UMOUNT_HELP); return 0; }
      if (key === 'V') { ctx.stdout.write(`umount from util-linux ${VERSION} (libmount ${VERSION}: ${FEATURES})\n`); return 0; }
      if (key === 'a') all = true;
      if (key === 'q') quiet = true;
    }
    const mounts = table(ctx);
    if (!mounts) return 1;
    const root = isRoot(ctx);
    if (all) {
      if (!root) { ctx.stderr.write('umount: only root can use "--all" option\n'); return 1; }
      ctx.stderr.write('umount: /: target is busy.\n');
      return 32;
    }
    if (r.operands.length === 0) { ctx.stderr.write(`umount: bad usage\n${TRY}`); return 1; }
    let status = 0;
    for (const spec of r.operands) {
      const abs = ctx.fs.resolve(ctx.cwd, spec);
      // The last mount on a target is the one umount takes off; a device by the target it is mounted on.
      const m = [...mounts].reverse().find((x) => x.target === abs || (x.source === abs && DEVICES.has(abs)));
      const fail = (spec2: string, why: string, code: number) => {
        if (!(quiet && why === 'not mounted')) ctx.stderr.write(`umount: ${spec2}: ${why}.\n`);
        status = Math.max(status, code);
      };
      if (!m) {
        if (!root) fail(spec, 'not mounted', 1);
        else if (!ctx.fs.stat(abs)) fail(spec, 'no mount point specified', 32);
        else fail(spec, 'not mounted', 32);
        continue;
      }
      if (!root) { fail(m.target, 'must be superuser to unmount', 32); continue; }
      // An unmount the lab cannot carry out: said plainly rather than as a refusal a real node would not give.
      ctx.stderr.write(`kubelab: umount of ${m.target} is not simulated\n`);
      status = Math.max(status, 1);
    }
    return status;
  },
};

/** A block device as sysfs and udev describe it. */
interface BlockDevice {
  name: string;
  major: number;
  minor: number;
  bytes: number;
  type: 'disk' | 'part';
  fstype?: string;
  fsver?: string;
  label?: string;
  uuid?: string;
  mount?: Mount;
  children: BlockDevice[];
}

const SECTOR = 512;

/**
 * The node's disk: its size the root filesystem's blocks with ext4's own overhead (its inode tables and journal,
 * about 2.6% of a 60 GB partition) in whole GiB; GPT from sector 2048: sda14 (4 MiB), sda15 (106 MiB), sda1 the rest.
 */
function blockDevices(mounts: Mount[], node: string): BlockDevice[] {
  const rootMount = mounts.find((m) => m.target === '/')!;
  const efi = mounts.find((m) => m.target === '/boot/efi');
  const GiB = 2 ** 30;
  const diskBytes = Math.ceil((rootMount.blocks * 1024) / 0.974 / GiB) * GiB;
  const sectors = diskBytes / SECTOR;
  const sda1 = { name: 'sda1', major: 8, minor: 1, bytes: (sectors - 227_328 - 33) * SECTOR, type: 'part' as const, fstype: 'ext4', fsver: '1.0', label: 'cloudimg-rootfs', uuid: uuidOf(`sda1/${node}`), mount: rootMount, children: [] };
  const sda14 = { name: 'sda14', major: 8, minor: 14, bytes: 8_192 * SECTOR, type: 'part' as const, children: [] };
  const vfat = hashBytes(`sda15/${node}`, 4).map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  const sda15 = { name: 'sda15', major: 8, minor: 15, bytes: 217_088 * SECTOR, type: 'part' as const, fstype: 'vfat', fsver: 'FAT32', label: 'UEFI', uuid: `${vfat.slice(0, 4)}-${vfat.slice(4)}`, mount: efi, children: [] };
  return [{ name: 'sda', major: 8, minor: 0, bytes: diskBytes, type: 'disk', children: [sda1, sda14, sda15] }];
}

/** size_to_human_string with one-letter suffixes: 1024-based, one decimal rounded, none when it is 0 ("60G", "59.9G", "4M"). */
export function lsblkSize(bytes: number): string {
  let exp = 0;
  while (exp < 60 && bytes >= 2 ** (exp + 10)) exp += 10;
  const letter = 'BKMGTPE'[exp / 10];
  let whole = Math.floor(bytes / 2 ** exp);
  let frac = exp ? Math.floor(((bytes % 2 ** exp) * 1000) / 2 ** exp) : 0;
  frac = Math.floor((frac + 50) / 100);
  if (frac === 10) { whole++; frac = 0; }
  return frac ? `${whole}.${frac}${letter}` : `${whole}${letter}`;
}

/** A libsmartcols column: its header, right alignment, width hint. */
interface Header { name: string; right?: boolean; min?: number }
interface Column extends Header { cell(d: BlockDevice, o: { bytes: boolean; paths: boolean }): string }

/** -o's columns by name (any case), or the tool's complaint about the first it does not know. */
function pickColumns<C extends Header>(ctx: ProcessContext, tool: string, names: string[], known: C[]): C[] | undefined {
  const out: C[] = [];
  for (const n of names) {
    const c = known.find((x) => x.name === n.toUpperCase());
    if (!c) { ctx.stderr.write(`${tool}: unknown column: ${n}\n`); return undefined; }
    out.push(c);
  }
  return out;
}

/** libsmartcols' table: each column as wide as its widest cell (or its hint), one space apart; a last left-aligned column unpadded. */
function renderTable(cols: Header[], rows: string[][], headings: boolean): string {
  // The headers count without -n too.
  const widths = cols.map((c, i) => Math.max(c.name.length, c.min ?? 0, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => {
    if (cols[i].right) return cell.padStart(widths[i]);
    return i === cols.length - 1 ? cell : cell.padEnd(widths[i]);
  }).join(' ') + '\n';
  return (headings ? line(cols.map((c) => c.name)) : '') + rows.map(line).join('');
}

const size = (n: number | undefined, o: { bytes: boolean }) => (n === undefined ? '' : o.bytes ? String(n) : lsblkSize(n));
const fs = (d: BlockDevice) => d.mount && { size: d.mount.blocks * 1024, used: d.mount.used * 1024, avail: d.mount.avail * 1024 };

/** lsblk's columns the lab fills (infos[] in lsblk.c: header, width hint, right-aligned). */
const COLUMNS: Column[] = [
  { name: 'NAME', cell: (d, o) => (o.paths ? `/dev/${d.name}` : d.name) },
  { name: 'KNAME', cell: (d) => d.name },
  { name: 'PATH', cell: (d) => `/dev/${d.name}` },
  { name: 'MAJ:MIN', min: 6, cell: (d) => `${String(d.major).padStart(3)}:${String(d.minor).padEnd(3)}` },
  { name: 'FSAVAIL', right: true, min: 5, cell: (d, o) => size(fs(d)?.avail, o) },
  { name: 'FSSIZE', right: true, min: 5, cell: (d, o) => size(fs(d)?.size, o) },
  { name: 'FSTYPE', cell: (d) => d.fstype ?? '' },
  { name: 'FSUSED', right: true, min: 5, cell: (d, o) => size(fs(d)?.used, o) },
  { name: 'FSUSE%', right: true, min: 3, cell: (d) => (d.mount ? `${Math.round((d.mount.used / d.mount.blocks) * 100)}%` : '') },
  { name: 'FSVER', cell: (d) => d.fsver ?? '' },
  { name: 'MOUNTPOINT', cell: (d) => d.mount?.target ?? '' },
  { name: 'MOUNTPOINTS', cell: (d) => d.mount?.target ?? '' },
  { name: 'LABEL', cell: (d) => d.label ?? '' },
  { name: 'UUID', cell: (d) => d.uuid ?? '' },
  { name: 'RO', right: true, min: 1, cell: () => '0' },
  { name: 'RM', right: true, min: 1, cell: () => '0' },
  { name: 'ROTA', right: true, min: 1, cell: () => '0' },
  { name: 'SIZE', right: true, min: 5, cell: (d, o) => size(d.bytes, o) },
  { name: 'TYPE', min: 4, cell: (d) => d.type },
  { name: 'PTTYPE', cell: () => 'gpt' },
];

const LSBLK_LONGS: LongOption[] = [
  { name: 'all', key: 'a' }, { name: 'bytes', key: 'b' }, { name: 'nodeps', key: 'd' }, { name: 'discard', key: 'D' }, { name: 'zoned', key: 'z' },
  { name: 'help', key: 'h' }, { name: 'json', key: 'J' }, { name: 'output', key: 'o', arg: 'required' }, { name: 'output-all', key: 'O' },
  { name: 'merge', key: 'M' }, { name: 'perms', key: 'm' }, { name: 'noheadings', key: 'n' }, { name: 'list', key: 'l' }, { name: 'ascii', key: 'i' },
  { name: 'raw', key: 'r' }, { name: 'inverse', key: 's' }, { name: 'topology', key: 't' }, { name: 'pairs', key: 'P' }, { name: 'scsi', key: 'S' },
  { name: 'nvme', key: 'N' }, { name: 'virtio', key: 'v' }, { name: 'sort', key: 'x', arg: 'required' }, { name: 'width', key: 'w', arg: 'required' },
  { name: 'sysroot', key: 'sysroot', arg: 'required' }, { name: 'tree', key: 'T', arg: 'optional' }, { name: 'version', key: 'V' }, { name: 'paths', key: 'p' },
  { name: 'fs', key: 'f' }, { name: 'exclude', key: 'e', arg: 'required' }, { name: 'include', key: 'I', arg: 'required' }, { name: 'noempty', key: 'A' },
  { name: 'dedup', key: 'E', arg: 'required' }, { name: 'shell', key: 'y' },
];

export const LSBLK_HELP = `
Usage:
 lsblk [options] [<device> ...]

List information about block devices.

Options:
 -A, --noempty        don't print empty devices
 -D, --discard        print discard capabilities
 -E, --dedup <column> de-duplicate output by <column>
 -I, --include <list> show only devices with specified major numbers
 -J, --json           use JSON output format
 -M, --merge          group parents of sub-trees (usable for RAIDs, Multi-path)
 -O, --output-all     output all columns
 -P, --pairs          use key="value" output format
 -S, --scsi           output info about SCSI devices
 -N, --nvme           output info about NVMe devices
 -v, --virtio         output info about virtio devices
 -T, --tree[=<column>] use tree format output
 -a, --all            print all devices
 -b, --bytes          print SIZE in bytes rather than in human readable format
 -d, --nodeps         don't print slaves or holders
 -e, --exclude <list> exclude devices by major number (default: RAM disks)
 -f, --fs             output info about filesystems
 -i, --ascii          use ascii characters only
 -l, --list           use list format output
 -m, --perms          output info about permissions
 -n, --noheadings     don't print headings
 -o, --output <list>  output columns
 -p, --paths          print complete device path
 -r, --raw            use raw output format
 -s, --inverse        inverse dependencies
 -t, --topology       output info about topology
 -w, --width <num>    specifies output width as number of characters
 -x, --sort <column>  sort output by <column>
 -y, --shell          use column names to be usable as shell variable identifiers
 -z, --zoned          print zone related information
     --sysroot <dir>  use specified directory as system root

${helpOptions(22)}
Available output columns:
    ALIGNMENT  alignment offset
           ID  udev ID (based on ID-LINK)
      ID-LINK  the shortest udev /dev/disk/by-id link name
     DISC-ALN  discard alignment offset
          DAX  dax-capable device
    DISC-GRAN  discard granularity
     DISK-SEQ  disk sequence number
     DISC-MAX  discard max bytes
    DISC-ZERO  discard zeroes data
      FSAVAIL  filesystem size available
      FSROOTS  mounted filesystem roots
       FSSIZE  filesystem size
       FSTYPE  filesystem type
       FSUSED  filesystem size used
       FSUSE%  filesystem use percentage
        FSVER  filesystem version
        GROUP  group name
         HCTL  Host:Channel:Target:Lun for SCSI
      HOTPLUG  removable or hotplug device (usb, pcmcia, ...)
        KNAME  internal kernel device name
        LABEL  filesystem LABEL
      LOG-SEC  logical sector size
      MAJ:MIN  major:minor device number
       MIN-IO  minimum I/O size
        MODEL  device identifier
         MODE  device node permissions
           MQ  device queues
         NAME  device name
       OPT-IO  optimal I/O size
        OWNER  user name
    PARTFLAGS  partition flags
    PARTLABEL  partition LABEL
        PARTN  partition number as read from the partition table
 PARTTYPENAME  partition type name
     PARTTYPE  partition type code or UUID
     PARTUUID  partition UUID
         PATH  path to the device node
      PHY-SEC  physical sector size
       PKNAME  internal parent kernel device name
       PTTYPE  partition table type
       PTUUID  partition table identifier (usually UUID)
         RAND  adds randomness
           RA  read-ahead of the device
          REV  device revision
           RM  removable device
         ROTA  rotational device
           RO  read-only device
      RQ-SIZE  request queue size
        SCHED  I/O scheduler name
       SERIAL  disk serial number
         SIZE  size of the device
        START  partition start offset
        STATE  state of the device
   SUBSYSTEMS  de-duplicated chain of subsystems
  MOUNTPOINTS  all locations where device is mounted
   MOUNTPOINT  where the device is mounted
         TRAN  device transport type
         TYPE  device type
         UUID  filesystem UUID
       VENDOR  device vendor
        WSAME  write same max bytes
          WWN  unique storage identifier
        ZONED  zone model
      ZONE-SZ  zone size
   ZONE-WGRAN  zone write granularity
     ZONE-APP  zone append max bytes
      ZONE-NR  number of zones
    ZONE-OMAX  maximum number of open zones
    ZONE-AMAX  maximum number of active zones
For more details see lsblk(8).
`;

export const lsblk: CommandSpec = {
  name: 'lsblk',
  summary: 'list block devices',
  run(ctx: ProcessContext) {
    const TRY = "Try 'lsblk --help' for more information.\n";
    const r = getoptLong(ctx.argv.slice(1), 'AabdDzE:e:fhJlnMmNo:OpPiI:rstVvST::w:x:y', LSBLK_LONGS);
    if ('error' in r) { ctx.stderr.write(`lsblk: ${r.error}\n${TRY}`); return 1; }
    let names = ['NAME', 'MAJ:MIN', 'RM', 'SIZE', 'RO', 'TYPE', 'MOUNTPOINTS'];
    const o = { bytes: false, paths: false };
    let tree = true;
    let headings = true;
    let nodeps = false;
    const extra: string[] = [];
    for (const { key, value } of r.options) {
      if (key === 'h') { ctx.stdout.write(LSBLK_HELP); return 0; }
      if (key === 'V') { ctx.stdout.write(`lsblk from util-linux ${VERSION}\n`); return 0; }
      if (key === 'b') o.bytes = true;
      else if (key === 'p') o.paths = true;
      else if (key === 'l' || key === 'r') tree = false;
      else if (key === 'n') headings = false;
      else if (key === 'd') nodeps = true;
      else if (key === 'f') names = ['NAME', 'FSTYPE', 'FSVER', 'LABEL', 'UUID', 'FSAVAIL', 'FSUSE%', 'MOUNTPOINTS'];
      else if (key === 'o') extra.push(...(value!.startsWith('+') ? [] : ['-']), ...value!.replace(/^\+/, '').split(','));
    }
    if (extra.length) {
      // -o LIST replaces the columns; -o +LIST adds to them.
      const replace = extra[0] === '-';
      const list = extra.filter((c) => c !== '-');
      names = replace ? list : [...names, ...list];
    }
    const cols = pickColumns(ctx, 'lsblk', names, COLUMNS);
    if (!cols) return 1;
    const mounts = table(ctx);
    if (!mounts) return 1;
    const disks = blockDevices(mounts, currentNodeName(ctx));
    let roots = disks;
    let status = 0;
    if (r.operands.length) {
      const all = disks.flatMap((d) => [d, ...d.children]);
      roots = [];
      for (const dev of r.operands) {
        const found = all.find((d) => `/dev/${d.name}` === ctx.fs.resolve(ctx.cwd, dev));
        if (!found) { ctx.stderr.write(`lsblk: ${dev}: not a block device\n`); status = 32; continue; }
        roots.push(found);
      }
      if (!roots.length) return status;
    }
    // The rows with the tree's branches before the first column's text.
    const rows: string[][] = [];
    const walk = (d: BlockDevice, prefix: string, branch: string) => {
      rows.push(cols.map((c, i) => (i === 0 && tree ? prefix + branch : '') + c.cell(d, o)));
      if (nodeps) return;
      d.children.forEach((ch, k) => {
        const last = k === d.children.length - 1;
        walk(ch, tree ? prefix + (branch === '' ? '' : branch === '└─' ? '  ' : '│ ') : '', last ? '└─' : '├─');
      });
    };
    for (const d of roots) walk(d, '', '');
    ctx.stdout.write(renderTable(cols, rows, headings));
    return status;
  },
};

interface MountColumn extends Header { cell(m: Mount, bytes: boolean): string }

const fsSize = (kib: number, bytes: boolean) => (bytes ? String(kib * 1024) : lsblkSize(kib * 1024));

/** findmnt's columns the lab fills (infos[] in findmnt.c). */
const MOUNT_COLUMNS: MountColumn[] = [
  { name: 'TARGET', cell: (m) => m.target },
  // A namespace file's mount shows the namespace it pins as its root in the filesystem, as findmnt adds it to the source.
  { name: 'SOURCE', cell: (m) => (m.type === 'nsfs' ? `nsfs[net:[${4_026_532_000 + (hashBytes(m.target, 2)[0] << 2)}]]` : m.source) },
  { name: 'FSTYPE', cell: (m) => m.type },
  { name: 'OPTIONS', cell: (m) => m.options ?? 'rw' },
  { name: 'VFS-OPTIONS', cell: (m) => (m.options ?? 'rw').split(',').filter((o) => !o.includes('=') && /^(rw|ro|nosuid|nodev|noexec|relatime|noatime|strictatime|nodiratime)$/.test(o)).join(',') },
  { name: 'SIZE', right: true, min: 5, cell: (m, b) => fsSize(m.blocks, b) },
  { name: 'USED', right: true, min: 5, cell: (m, b) => fsSize(m.used, b) },
  { name: 'AVAIL', right: true, min: 5, cell: (m, b) => fsSize(m.avail, b) },
  { name: 'USE%', right: true, min: 3, cell: (m) => (m.blocks ? `${Math.round((m.used / m.blocks) * 100)}%` : '-') },
  { name: 'LABEL', cell: (m) => LABELS[m.source] ?? '' },
];

const FINDMNT_LONGS: LongOption[] = [
  { name: 'all', key: 'A' }, { name: 'ascii', key: 'a' }, { name: 'bytes', key: 'b' }, { name: 'canonicalize', key: 'c' }, { name: 'direction', key: 'd', arg: 'required' },
  { name: 'df', key: 'D' }, { name: 'evaluate', key: 'e' }, { name: 'first-only', key: 'f' }, { name: 'fstab', key: 's' }, { name: 'help', key: 'h' },
  { name: 'invert', key: 'i' }, { name: 'json', key: 'J' }, { name: 'kernel', key: 'k' }, { name: 'list', key: 'l' }, { name: 'mountpoint', key: 'M', arg: 'required' },
  { name: 'mtab', key: 'm' }, { name: 'noheadings', key: 'n' }, { name: 'notruncate', key: 'u' }, { name: 'options', key: 'O', arg: 'required' },
  { name: 'output', key: 'o', arg: 'required' }, { name: 'output-all', key: 'output-all' }, { name: 'poll', key: 'p', arg: 'optional' }, { name: 'pairs', key: 'P' },
  { name: 'raw', key: 'r' }, { name: 'types', key: 't', arg: 'required' }, { name: 'nocanonicalize', key: 'C' }, { name: 'nofsroot', key: 'v' },
  { name: 'submounts', key: 'R' }, { name: 'source', key: 'S', arg: 'required' }, { name: 'tab-file', key: 'F', arg: 'required' }, { name: 'task', key: 'N', arg: 'required' },
  { name: 'target', key: 'T', arg: 'required' }, { name: 'timeout', key: 'w', arg: 'required' }, { name: 'uniq', key: 'U' }, { name: 'verify', key: 'x' },
  { name: 'version', key: 'V' }, { name: 'verbose', key: 'verbose' }, { name: 'tree', key: 'tree' }, { name: 'real', key: 'real' }, { name: 'pseudo', key: 'pseudo' },
  { name: 'vfs-all', key: 'vfs-all' }, { name: 'shadowed', key: 'shadowed' }, { name: 'shell', key: 'y' },
];

export const FINDMNT_HELP = `
Usage:
 findmnt [options]
 findmnt [options] <device> | <mountpoint>
 findmnt [options] <device> <mountpoint>
 findmnt [options] [--source <device>] [--target <path> | --mountpoint <dir>]

Find a (mounted) filesystem.

Options:
 -s, --fstab            search in static table of filesystems
 -m, --mtab             search in table of mounted filesystems
                          (includes user space mount options)
 -k, --kernel           search in kernel table of mounted
                          filesystems (default)

 -p, --poll[=<list>]    monitor changes in table of mounted filesystems
 -w, --timeout <num>    upper limit in milliseconds that --poll will block

 -A, --all              disable all built-in filters, print all filesystems
 -a, --ascii            use ASCII chars for tree formatting
 -b, --bytes            print sizes in bytes rather than in human readable format
 -C, --nocanonicalize   don't canonicalize when comparing paths
 -c, --canonicalize     canonicalize printed paths
 -D, --df               imitate the output of df(1)
 -d, --direction <word> direction of search, 'forward' or 'backward'
 -e, --evaluate         convert tags (LABEL,UUID,PARTUUID,PARTLABEL) 
                          to device names
 -F, --tab-file <path>  alternative file for -s, -m or -k options
 -f, --first-only       print the first found filesystem only
 -i, --invert           invert the sense of matching
 -J, --json             use JSON output format
 -l, --list             use list format output
 -N, --task <tid>       use alternative namespace (/proc/<tid>/mountinfo file)
 -n, --noheadings       don't print column headings
 -O, --options <list>   limit the set of filesystems by mount options
 -o, --output <list>    the output columns to be shown
     --output-all       output all available columns
 -P, --pairs            use key="value" output format
     --pseudo           print only pseudo-filesystems
     --shadowed         print only filesystems over-mounted by another filesystem
 -R, --submounts        print all submounts for the matching filesystems
 -r, --raw              use raw output format
     --real             print only real filesystems
 -S, --source <string>  the device to mount (by name, maj:min, 
                          LABEL=, UUID=, PARTUUID=, PARTLABEL=)
 -T, --target <path>    the path to the filesystem to use
     --tree             enable tree format output if possible
 -M, --mountpoint <dir> the mountpoint directory
 -t, --types <list>     limit the set of filesystems by FS types
 -U, --uniq             ignore filesystems with duplicate target
 -u, --notruncate       don't truncate text in columns
 -v, --nofsroot         don't print [/dir] for bind or btrfs mounts
 -y, --shell            use column names to be usable as shell variable identifiers

 -x, --verify           verify mount table content (default is fstab)
     --verbose          print more details
     --vfs-all          print all VFS options

${helpOptions(24)}
Available output columns:
      ACTION  action detected by --poll
       AVAIL  filesystem size available
        FREQ  dump(8) period in days [fstab only]
      FSROOT  filesystem root
      FSTYPE  filesystem type
  FS-OPTIONS  FS specific mount options
          ID  mount ID
       LABEL  filesystem label
     MAJ:MIN  major:minor device number
 OLD-OPTIONS  old mount options saved by --poll
  OLD-TARGET  old mountpoint saved by --poll
     OPTIONS  all mount options
  OPT-FIELDS  optional mount fields
      PARENT  mount parent ID
   PARTLABEL  partition label
    PARTUUID  partition UUID
      PASSNO  pass number on parallel fsck(8) [fstab only]
 PROPAGATION  VFS propagation flags
        SIZE  filesystem size
     SOURCES  all possible source devices
      SOURCE  source device
      TARGET  mountpoint
         TID  task ID
        USED  filesystem size used
        USE%  filesystem use percentage
        UUID  filesystem UUID
 VFS-OPTIONS  VFS specific mount options
For more details see findmnt(8).
`;

/**
 * The mount a mount sits on: the last before it whose target holds its target (itself, for a mount over
 * another); for what boot mounted before the root was moved into place (/sys, /proc, /dev, /run), the root.
 */
function parentOf(list: Mount[], i: number): number {
  const t = list[i].target;
  if (t === '/') return -1;
  const holds = (p: string) => p === '/' || t === p || t.startsWith(`${p}/`);
  let best = -1;
  for (let k = 0; k < list.length; k++) {
    if (k === i || !holds(list[k].target)) continue;
    if (list[k].target === t && k > i) continue;
    if (best < 0 || list[k].target.length > list[best].target.length || (list[k].target.length === list[best].target.length && k < i)) best = k;
  }
  return best;
}

export const findmnt: CommandSpec = {
  name: 'findmnt',
  summary: 'find a filesystem',
  run(ctx: ProcessContext) {
    const TRY = "Try 'findmnt --help' for more information.\n";
    const r = getoptLong(ctx.argv.slice(1), 'AabCcDd:ehiJfF:o:O:p::PiklmM:nN:rst:uvRS:T:Uw:VxyQ:', FINDMNT_LONGS);
    if ('error' in r) { ctx.stderr.write(`findmnt: ${r.error}\n${TRY}`); return 1; }
    let names = ['TARGET', 'SOURCE', 'FSTYPE', 'OPTIONS'];
    let tree = true;
    let headings = true;
    let bytes = false;
    let dfMode = false;
    let types: ((t: string) => boolean) | undefined;
    let target: string | undefined;
    let source: string | undefined;
    let mountpoint: string | undefined;
    let listed: string[] | undefined;
    for (const { key, value } of r.options) {
      if (key === 'h') { ctx.stdout.write(FINDMNT_HELP); return 0; }
      if (key === 'V') { ctx.stdout.write(`findmnt from util-linux ${VERSION}\n`); return 0; }
      if (key === 'l' || key === 'r') tree = false;
      else if (key === 'n') headings = false;
      else if (key === 'b') bytes = true;
      else if (key === 'D') { dfMode = true; tree = false; names = ['SOURCE', 'FSTYPE', 'SIZE', 'USED', 'AVAIL', 'USE%', 'TARGET']; }
      else if (key === 't') { types = typeMatcher(value!); tree = false; }
      else if (key === 'o') listed = value!.startsWith('+') ? [...names, ...value!.slice(1).split(',')] : value!.split(',');
      else if (key === 'T') target = value;
      else if (key === 'S') source = value;
      else if (key === 'M') mountpoint = value;
    }
    if (listed) names = listed;
    const cols = pickColumns(ctx, 'findmnt', names, MOUNT_COLUMNS);
    if (!cols) return 1;
    const all = table(ctx);
    if (!all) return 1;
    let list = all.map((m, i) => ({ m, i }));
    const ops = r.operands;
    if (ops.length === 1 && !source && !mountpoint) {
      // One operand is a mountpoint or a source: whichever matches.
      const abs = ctx.fs.resolve(ctx.cwd, ops[0]);
      list = list.filter(({ m }) => m.target === abs || m.source === ops[0] || m.source === abs || `LABEL=${LABELS[m.source]}` === ops[0]);
      tree = false;
    } else if (ops.length === 2) { source = ops[0]; mountpoint = ops[1]; }
    if (source) list = list.filter(({ m }) => m.source === source || `LABEL=${LABELS[m.source]}` === source);
    if (mountpoint) { const abs = ctx.fs.resolve(ctx.cwd, mountpoint); list = list.filter(({ m }) => m.target === abs); }
    if (target !== undefined) {
      // -T: the mount that holds the path (the last mounted of the longest target).
      const abs = ctx.fs.resolve(ctx.cwd, target);
      const holds = list.filter(({ m }) => m.target === '/' || abs === m.target || abs.startsWith(`${m.target}/`));
      const best = holds.sort((a, b) => b.m.target.length - a.m.target.length || b.i - a.i)[0];
      list = best ? [best] : [];
    }
    if (source || mountpoint || target !== undefined) tree = false;
    if (types) list = list.filter(({ m }) => types!(m.type));
    // -D: df's choice, the filesystems with blocks.
    if (dfMode) list = list.filter(({ m }) => !m.dummy);
    if (list.length === 0) return 1;
    const rows: string[][] = [];
    const cell = (m: Mount, prefix: string) => cols.map((c, k) => (k === 0 && tree && c.name === 'TARGET' ? prefix : '') + c.cell(m, bytes));
    if (tree && cols[0]?.name === 'TARGET') {
      const parents = all.map((_, i) => parentOf(all, i));
      const walk = (i: number, prefix: string, branch: string) => {
        rows.push(cell(all[i], prefix + branch));
        const kids = all.map((_, k) => k).filter((k) => parents[k] === i);
        kids.forEach((k, n) => walk(k, branch === '' ? prefix : prefix + (branch === '└─' ? '  ' : '│ '), n === kids.length - 1 ? '└─' : '├─'));
      };
      all.forEach((_, i) => { if (parents[i] < 0) walk(i, '', ''); });
    } else {
      for (const { m } of list) rows.push(cell(m, ''));
    }
    ctx.stdout.write(renderTable(cols, rows, headings));
    return 0;
  },
};
