/**
 * The programs installed on the node, as files where their packages put them on Ubuntu 24.04 (merged /usr: /bin
 * and /sbin are links into /usr, so what a package ships in /bin is /usr/bin/…): coreutils, procps, util-linux,
 * diffutils (diff, cmp), iproute2 (ip, with the package's /sbin/ip link to it; ss), iptables (nft: /usr/sbin's multi-call binary, iptables
 * and iptables-save through the alternatives links), findutils, systemd, sudo, openssh-client, curl, wget,
 * bind9-dnsutils (nslookup, dig, host), netcat-openbsd (nc through its alternatives link), iputils-ping, less, nano, vim (vi and vim through the alternatives links to vim.basic), mawk (awk
 * through its alternatives link), debianutils' which, dash (/usr/bin/sh → dash) and bash; kubeadm, kubelet and
 * kubectl from pkgs.k8s.io and crictl from its cri-tools, all in /usr/bin; procps' pkill as its link to pgrep, and pidof
 * as sysvinit-utils' link to /sbin/killall5 (noble's pidof is sysvinit's, not procps'); containerd where its unit runs it
 * (/usr/bin/containerd, systemctl.ts) with the shim ps shows. Written with the node's other files at their first
 * touch (home.ts), so a fresh lab carries none of this before its prompt.
 *
 * Sizes (bytes, as `ls -l` shows them): kubectl is the real v1.35.2 linux/amd64 binary's
 * (../shared/tools/real-kubectl.sh). The Ubuntu 24.04 packages' own figures were not at hand: the others are the
 * same programs' amd64 builds in Debian 12 (coreutils 9.1, util-linux 2.38.1, procps 4.0.2, sysvinit-utils 3.06, iproute2 6.1, systemd 252, sudo 1.9.13,
 * nano 7.2, iputils 20221126, bind9 9.18, containerd 1.6.20, iptables 1.8.9, findutils 4.9, netcat-openbsd 1.219, diffutils 3.8), measured from those packages; Ubuntu 24.04's differ by
 * a few percent. dircolors, groups (coreutils 9.4), lesspipe (less 590, a shell script here an ELF stand-in) and
 * locale-check (libc-bin 2.39), which bash's start-up files run, are noble's own figures. kubeadm, kubelet and crictl v1.35 are estimates of the same order as kubectl (Go binaries of
 * similar reach), not measurements. `sim`, the lab's own control, is installed locally (/usr/local/bin) and
 * claims no size beyond its bytes.
 */
import { binaryText } from './binary.js';
import type { MemoryFileSystem } from './vfs.js';

/** /usr/bin: the file's name, the registry's program it runs when that differs, the real binary's size. */
const USR_BIN: Array<[string, number, string?]> = [
  ['[', 68496], ['base64', 48016], ['basename', 43856], ['bash', 1265648], ['cat', 44016], ['chmod', 64496],
  ['chown', 72752], ['clear', 14584], ['cmp', 52176], ['column', 55616], ['containerd', 48168072], ['containerd-shim-runc-v2', 11615216],
  ['cp', 151152], ['crictl', 40960056], ['curl', 280800], ['cut', 48112], ['dash', 125640], ['date', 121904], ['df', 102200], ['dig', 146200],
  ['diff', 155216], ['dircolors', 47632], ['dirname', 39760], ['du', 175440], ['echo', 43856], ['env', 48536], ['expr', 117808], ['false', 35664], ['find', 224848], ['findmnt', 85600], ['free', 26936], ['getent', 39648], ['grep', 203152], ['groups', 35336],
  ['head', 48080], ['host', 117456], ['hostname', 22680], ['id', 48144], ['ip', 691016], ['journalctl', 76432], ['kill', 22840], ['kubeadm', 72118456],
  ['kubectl', 58601656], ['kubelet', 81203352], ['less', 198960], ['lesspipe', 9047], ['ln', 72824], ['locale-check', 14488], ['ls', 151344], ['lsblk', 207168], ['lscpu', 129344], ['md5sum', 52176],
  ['mawk', 158376, 'awk'], ['mkdir', 97552], ['more', 59712], ['mount', 59704], ['mv', 142968], ['nc.openbsd', 43592, 'nc'], ['nano', 287480], ['nproc', 43920],
  ['nslookup', 117496], ['openssl', 976136], ['paste', 43920], ['pgrep', 35248], ['ping', 90568], ['printenv', 35664], ['printf', 64432],
  ['ps', 146360], ['pwd', 43952], ['readlink', 52112], ['realpath', 52144], ['rev', 14648], ['rm', 72752], ['rmdir', 56240],
  ['sed', 126424], ['seq', 60336], ['sha1sum', 56272], ['sha224sum', 60368], ['sha256sum', 60368], ['sha384sum', 64464], ['sha512sum', 64464], ['sleep', 43888], ['sort', 118456], ['ss', 193680], ['stat', 97488], ['ssh', 1125408], ['su', 72000],
  ['sudo', 281624], ['systemctl', 1353368], ['tac', 113712], ['tail', 76944], ['tee', 43984], ['test', 60304],
  ['timeout', 48632], ['top', 134736], ['touch', 109616], ['tr', 56208], ['true', 35664], ['umount', 35128], ['uname', 43888], ['uniq', 48080], ['uptime', 14648],
  ['vim.basic', 3646968], ['watch', 27352], ['wc', 52280], ['wget', 470384], ['which.debianutils', 946, 'which'],
  ['whoami', 39792], ['xargs', 72136], ['yes', 39760],
];

/** /usr/sbin: iptables' multi-call binary (iptables and iptables-save run as what they are called). */
const USR_SBIN: Array<[string, number]> = [['killall5', 26944], ['xtables-nft-multi', 228512]];

/** su, sudo, mount and umount are set-user-ID root, as their packages install them. */
const SETUID = new Set(['mount', 'su', 'sudo', 'umount']);

/** Symbolic links, as the packages and update-alternatives make them: [link, target]. */
const LINKS: Array<[string, string]> = [
  ['/usr/bin/sh', 'dash'],
  ['/usr/sbin/ip', '/bin/ip'],
  ['/usr/bin/pkill', 'pgrep'], ['/usr/bin/pidof', '/sbin/killall5'],
  ['/usr/bin/awk', '/etc/alternatives/awk'], ['/etc/alternatives/awk', '/usr/bin/mawk'],
  ['/usr/bin/vi', '/etc/alternatives/vi'], ['/etc/alternatives/vi', '/usr/bin/vim.basic'],
  ['/usr/bin/vim', '/etc/alternatives/vim'], ['/etc/alternatives/vim', '/usr/bin/vim.basic'],
  ['/usr/bin/nc', '/etc/alternatives/nc'], ['/etc/alternatives/nc', '/bin/nc.openbsd'],
  ['/usr/bin/which', '/etc/alternatives/which'], ['/etc/alternatives/which', '/usr/bin/which.debianutils'],
  ['/usr/sbin/iptables-nft', 'xtables-nft-multi'], ['/usr/sbin/iptables-nft-save', 'xtables-nft-multi'],
  ['/usr/sbin/iptables', '/etc/alternatives/iptables'], ['/etc/alternatives/iptables', '/usr/sbin/iptables-nft'],
  ['/usr/sbin/iptables-save', '/etc/alternatives/iptables-save'], ['/etc/alternatives/iptables-save', '/usr/sbin/iptables-nft-save'],
];

/** Writes the programs' files (root's, 0755) and links, dated `at`; what is already there is left alone. */
export function writeProgramFiles(fs: MemoryFileSystem, at: number): void {
  for (const d of ['/usr/local/bin', '/usr/local/sbin', '/etc/alternatives']) {
    if (fs.stat(d)) continue;
    fs.mkdir(d, true);
    fs.setMeta(d, 0o755, 'root', at);
  }
  const file = (path: string, content: string, mode: number) => {
    if (fs.lstat(path)) return;
    fs.writeFile(path, content);
    fs.setMeta(path, mode, 'root', at);
  };
  for (const [name, size, program] of USR_BIN) file(`/usr/bin/${name}`, binaryText(program ?? name, size), SETUID.has(name) ? 0o4755 : 0o755);
  for (const [name, size] of USR_SBIN) file(`/usr/sbin/${name}`, binaryText(name, size), 0o755);
  file('/usr/local/bin/sim', binaryText('sim'), 0o755);
  for (const [path, target] of LINKS) {
    if (fs.lstat(path)) continue;
    fs.symlink(target, path);
    fs.setMeta(path, 0o777, 'root', at);
  }
}
