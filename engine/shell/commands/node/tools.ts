/** The node tools' code, loaded on first use (index.ts declares their names). */
import type { CommandSpec } from '../../process.js';
import { crictl } from './crictl.js';
import { df } from './df.js';
import { free } from './free.js';
import { id } from './id.js';
import { hostnameAddresses, ip } from './ip.js';
import { iptables, iptablesSave } from './iptables.js';
import { journalctl } from './journalctl.js';
import { kubeadm } from './kubeadm.js';
import { lscpu } from './lscpu.js';
import { pgrep, pkill } from './pgrep.js';
import { pidof } from './pidof.js';
import { findmnt, lsblk, mount, umount } from './mount.js';
import { ps } from './ps.js';
import { ss } from './ss.js';
import { ssh } from './ssh.js';
import { su, sudo } from './sudo.js';
import { env } from './env.js';
import { systemctl } from './systemctl.js';
import { top } from './top.js';
import { nproc, uptime } from './uptime.js';

export { withProcFiles } from './proc.js';
export { signalPid } from './proctable.js';
export { containerTool } from './busybox.js';

export const NODE_TOOLS: Record<string, CommandSpec> = { crictl, df, env, free, hostname: hostnameAddresses, id, ip, iptables, 'iptables-save': iptablesSave, findmnt, journalctl, kubeadm, lsblk, lscpu, mount, nproc, pgrep, pidof, pkill, ps, ss, ssh, su, sudo, systemctl, top, umount, uptime };
