/**
 * mount, umount, lsblk, findmnt and /proc/mounts on the node: one mount table built from the kubelet's and
 * containerd's state (the same one df reads), util-linux 2.39's formats, and libmount's refusals for what the lab
 * cannot mount or unmount (texts recorded from util-linux 2.38.1's mount and umount, the same in 2.39.3's source).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './test-lab.js';

const DMESG = '       dmesg(1) may have more information after failed mount system call.\n';

describe('mount, umount, lsblk and findmnt', () => {
  it("lists the node's mounts as /proc/mounts has them, with the kubelet's and containerd's, and the df ones among them", async () => {
    const { run } = await lab(3);
    const listing = (await run('mount')).out.split('\n').filter(Boolean);
    expect(listing[5]).toBe('/dev/sda1 on / type ext4 (rw,relatime,discard,errors=remount-ro,commit=30)');
    expect(listing).toContain('cgroup2 on /sys/fs/cgroup type cgroup2 (rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot)');
    // kube-proxy's service-account token is the kubelet's tmpfs; each sandbox has its shm; each container its overlay rootfs.
    expect((await run('mount | grep kubelet')).out).toMatch(/^tmpfs on \/var\/lib\/kubelet\/pods\/[0-9a-f-]{36}\/volumes\/kubernetes\.io~projected\/kube-api-access-[a-z0-9]{5} type tmpfs \(rw,relatime,size=\d+k,inode64\)\n$/);
    const overlays = listing.filter((l) => l.startsWith('overlay on /run/containerd/io.containerd.runtime.v2.task/k8s.io/'));
    const crictl = (await run('sudo crictl ps -q')).out.trim().split('\n').length + (await run('sudo crictl pods -q')).out.trim().split('\n').length;
    expect(overlays.length).toBe(crictl);
    for (const o of overlays) expect(o).toMatch(/\/rootfs type overlay \(rw,relatime,lowerdir=(\/var\/lib\/containerd\/io\.containerd\.snapshotter\.v1\.overlayfs\/snapshots\/\d+\/fs:?)+,upperdir=.*\/snapshots\/(\d+)\/fs,workdir=.*\/snapshots\/\2\/work\)$/);
    // The same table in /proc/mounts' format, and df's rows are those with blocks, in the same order.
    const proc = (await run('cat /proc/mounts')).out.split('\n').filter(Boolean);
    expect(proc.map((l) => l.split(' ').slice(0, 4))).toEqual(listing.map((l) => { const m = /^(\S+) on (\S+) type (\S+) \((.*)\)$/.exec(l)!; return [m[1], m[2], m[3], m[4]]; }));
    expect((await run('cat /proc/self/mounts')).out).toBe(proc.join('\n') + '\n');
    const df = (await run('df')).out.split('\n').slice(1).filter(Boolean).map((l) => l.split(/\s+/).pop());
    const withBlocks = proc.map((l) => l.split(' ')).filter(([, , type, opts]) => !['sysfs', 'proc', 'devtmpfs', 'devpts', 'securityfs', 'cgroup2', 'pstore', 'efivarfs', 'bpf', 'autofs', 'hugetlbfs', 'mqueue', 'debugfs', 'tracefs', 'fusectl', 'configfs', 'binfmt_misc', 'nsfs'].includes(type) && opts);
    expect(df).toEqual(withBlocks.map((f) => f[1]));
    // df -a lists them all, those of no blocks with 0 and a Use% of -.
    const dfAll = (await run('df -a')).out.split('\n').slice(1).filter(Boolean);
    expect(dfAll.map((l) => l.split(/\s+/).pop())).toEqual(proc.map((l) => l.split(' ')[1]));
    expect(dfAll[0]).toMatch(/^sysfs +0 +0 +0 +- \/sys$/);
    expect((await run('mount -t ext4,vfat -l')).out).toBe(
      '/dev/sda1 on / type ext4 (rw,relatime,discard,errors=remount-ro,commit=30) [cloudimg-rootfs]\n'
      + '/dev/sda15 on /boot/efi type vfat (rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro) [UEFI]\n');
    expect((await run('mount -t notmpfs,overlay,shm')).out.split('\n').filter(Boolean).every((l) => !/ type (tmpfs|overlay) /.test(l))).toBe(true);
  });

  it("follows the pods: their network namespaces, tokens and rootfs come and go with them", async () => {
    const { run } = await lab(3);
    await run('kubectl create deployment web --image=nginx --replicas=2 && sleep 30');
    const node = (await run("kubectl get pods -o jsonpath='{.items[0].spec.nodeName}'")).out;
    const before = (await run(`ssh ${node} mount -t nsfs`)).out;
    const names = before.split('\n').filter(Boolean).map((l) => /^nsfs on \/run\/netns\/(cni-[0-9a-f-]{36}) type nsfs \(rw\)$/.exec(l)![1]);
    // ip netns lists the same namespaces (newest first).
    expect((await run(`ssh ${node} ip netns`)).out.split('\n').filter(Boolean).map((l) => l.split(' ')[0]).sort()).toEqual([...names].sort());
    const uids = (await run(`kubectl get pods -o jsonpath='{.items[?(@.spec.nodeName=="${node}")].metadata.uid}'`)).out.split(' ');
    const uid = uids[0];
    expect((await run(`ssh ${node} findmnt -t tmpfs -n -o TARGET`)).out).toContain(`/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~projected/kube-api-access-`);
    await run('kubectl delete deployment web && sleep 60');
    expect((await run(`ssh ${node} mount`)).out).not.toContain(uid);
    // The deployment's pods on that node took their namespaces with them; CoreDNS's stay.
    expect((await run(`ssh ${node} mount -t nsfs`)).out.split('\n').filter(Boolean).length).toBe(names.length - uids.length);
  });

  it('refuses mounting and unmounting as util-linux does, and changes nothing', async () => {
    const { run } = await lab(3);
    const table = (await run('cat /proc/mounts')).out;
    expect(await run('mount /dev/sdb /mnt')).toEqual({ out: `mount: /mnt: must be superuser to use mount.\n${DMESG}`, status: 32 });
    expect(await run('mount -t tmpfs tmpfs /mnt')).toEqual({ out: `mount: /mnt: must be superuser to use mount.\n${DMESG}`, status: 32 });
    expect(await run('mount /mnt')).toEqual({ out: "mount: /mnt: can't find in /etc/fstab.\n", status: 1 });
    expect(await run('sudo mount /dev/sdz /mnt')).toEqual({ out: `mount: /mnt: special device /dev/sdz does not exist.\n${DMESG}`, status: 32 });
    expect(await run('sudo mount -t tmpfs tmpfs /nope')).toEqual({ out: `mount: /nope: mount point does not exist.\n${DMESG}`, status: 32 });
    expect(await run('sudo mount /boot/efi')).toEqual({ out: `mount: /boot/efi: /dev/sda15 already mounted on /boot/efi.\n${DMESG}`, status: 32 });
    expect(await run('umount /')).toEqual({ out: 'umount: /: must be superuser to unmount.\n', status: 32 });
    expect(await run('umount /mnt')).toEqual({ out: 'umount: /mnt: not mounted.\n', status: 1 });
    expect(await run('sudo umount /mnt')).toEqual({ out: 'umount: /mnt: not mounted.\n', status: 32 });
    expect(await run('sudo umount nope')).toEqual({ out: 'umount: nope: no mount point specified.\n', status: 32 });
    expect(await run('sudo umount /boot/efi')).toEqual({ out: 'kubelab: umount of /boot/efi is not simulated\n', status: 1 });
    expect(await run('sudo mount -t tmpfs tmpfs /mnt')).toEqual({ out: 'kubelab: mount on /mnt is not simulated\n', status: 1 });
    expect((await run('mount -t tmpfs')).out).not.toContain(' on /mnt ');
    expect(await run('umount')).toEqual({ out: "umount: bad usage\nTry 'umount --help' for more information.\n", status: 1 });
    expect(await run('mount -q')).toEqual({ out: "mount: invalid option -- 'q'\nTry 'mount --help' for more information.\n", status: 1 });
    expect(await run('mount --bogus')).toEqual({ out: "mount: unrecognized option '--bogus'\nTry 'mount --help' for more information.\n", status: 1 });
    expect(await run('mount -t')).toEqual({ out: "mount: option requires an argument -- 't'\nTry 'mount --help' for more information.\n", status: 1 });
    expect((await run('cat /proc/mounts')).out).toBe(table);
    expect((await run('mount -V')).out).toBe('mount from util-linux 2.39.3 (libmount 2.39.3: selinux, smack, btrfs, verity, namespaces, idmapping, statx, assert, debug)\n');
    expect((await run('mount --help')).out).toMatch(/^\nUsage:\n mount \[-lhV\]\n[\s\S]* -h, --help              display this help\n -V, --version           display version\n[\s\S]*\nFor more details see mount\(8\)\.\n$/);
    expect((await run('ls -l /usr/bin/mount /usr/bin/umount')).out).toMatch(/^-rwsr-xr-x 1 root root 59704 .* \/usr\/bin\/mount\n-rwsr-xr-x 1 root root 35128 .* \/usr\/bin\/umount\n$/);
  });

  it("lists the disk df's / and /boot/efi are on, in libsmartcols' tree", async () => {
    const { run } = await lab(3);
    expect((await run('lsblk')).out).toBe([
      'NAME    MAJ:MIN RM  SIZE RO TYPE MOUNTPOINTS',
      'sda       8:0    0   60G  0 disk ',
      '├─sda1    8:1    0 59.9G  0 part /',
      '├─sda14   8:14   0    4M  0 part ',
      '└─sda15   8:15   0  106M  0 part /boot/efi',
      '',
    ].join('\n'));
    const f = (await run('lsblk -f')).out.split('\n');
    expect(f[0]).toBe('NAME    FSTYPE FSVER LABEL           UUID                                 FSAVAIL FSUSE% MOUNTPOINTS');
    expect(f[2]).toMatch(/^├─sda1  ext4   1\.0   cloudimg-rootfs [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} +\d+(\.\d)?G +\d+% \/$/);
    expect(f[4]).toMatch(/^└─sda15 vfat   FAT32 UEFI            [0-9A-F]{4}-[0-9A-F]{4} +98\.3M +6% \/boot\/efi$/);
    expect((await run('lsblk -o NAME,SIZE,TYPE,MOUNTPOINT -l -p /dev/sda1')).out).toBe('NAME       SIZE TYPE MOUNTPOINT\n/dev/sda1 59.9G part /\n');
    expect((await run('lsblk -bdn')).out).toBe('sda    8:0    0 64424509440  0 disk \n');
    expect(await run('lsblk /nope')).toEqual({ out: 'lsblk: /nope: not a block device\n', status: 32 });
    expect(await run('lsblk -o BOGUS')).toEqual({ out: 'lsblk: unknown column: BOGUS\n', status: 1 });
    expect(await run('lsblk -x')).toEqual({ out: "lsblk: option requires an argument -- 'x'\nTry 'lsblk --help' for more information.\n", status: 1 });
    expect((await run('lsblk --help')).out).toContain('\nAvailable output columns:\n    ALIGNMENT  alignment offset\n');
  });

  it('findmnt: the tree under /, a single mount, -T, -t and -D', async () => {
    const { run } = await lab(3);
    const tree = (await run('findmnt')).out.split('\n');
    expect(tree[0]).toMatch(/^TARGET +SOURCE +FSTYPE +OPTIONS$/);
    expect(tree[1]).toMatch(/^\/ +\/dev\/sda1 +ext4 +rw,relatime,discard,errors=remount-ro,commit=30$/);
    expect(tree[2]).toMatch(/^├─\/sys +sysfs +sysfs +rw,nosuid,nodev,noexec,relatime$/);
    expect(tree).toContainEqual(expect.stringMatching(/^│ ├─\/sys\/kernel\/security +securityfs/));
    expect(tree).toContainEqual(expect.stringMatching(/^└─\/run\/user\/1000 |^│ └─\/run\/user\/1000 |^│ ├─\/run\/user\/1000 /));
    expect((await run('findmnt /')).out).toBe('TARGET SOURCE    FSTYPE OPTIONS\n/      /dev/sda1 ext4   rw,relatime,discard,errors=remount-ro,commit=30\n');
    expect((await run('findmnt -n -o SOURCE -T /etc/kubernetes/admin.conf')).out).toBe('/dev/sda1\n');
    expect((await run('findmnt -n -o TARGET -t vfat')).out).toBe('/boot/efi\n');
    expect(await run('findmnt /nope')).toEqual({ out: '', status: 1 });
    const df = (await run('findmnt -D')).out.split('\n');
    expect(df[0]).toMatch(/^SOURCE +FSTYPE +SIZE +USED +AVAIL +USE% TARGET$/);
    expect(df[2]).toMatch(/^\/dev\/sda1 +ext4 +58\.4G +\d+(\.\d)?G +\d+(\.\d)?G +\d+% \/$/);
  });
});
