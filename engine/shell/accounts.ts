/**
 * The node's users and groups as /etc/passwd and /etc/group have them (Ubuntu 24.04's, with the learner added, an
 * administrator in adm and sudo as the user a kubeadm guide works as): one table for the kernel's checks (vfs.ts),
 * chown's names, id, sudo and su.
 */
import { HOME, USER } from './home.js';

export interface Account { uid: number; gid: number; groups: Array<[number, string]>; home: string; shell: string }

export const ACCOUNTS: Record<string, Account> = {
  [USER]: { uid: 1000, gid: 1000, groups: [[1000, USER], [4, 'adm'], [27, 'sudo']], home: HOME, shell: '/bin/bash' },
  root: { uid: 0, gid: 0, groups: [[0, 'root']], home: '/root', shell: '/bin/bash' },
  nobody: { uid: 65534, gid: 65534, groups: [[65534, 'nogroup']], home: '/nonexistent', shell: '/usr/sbin/nologin' },
};

/** base-passwd 3.6.3's groups (group.master), by gid: every group /etc/group lists (startup-files.ts writes it). */
export const SYSTEM_GROUPS: Record<number, string> = Object.fromEntries(
  'root 0 daemon 1 bin 2 sys 3 adm 4 tty 5 disk 6 lp 7 mail 8 news 9 uucp 10 man 12 proxy 13 kmem 15 dialout 20 fax 21 voice 22 cdrom 24 floppy 25 tape 26 sudo 27 audio 29 dip 30 www-data 33 backup 34 operator 37 list 38 irc 39 src 40 shadow 42 utmp 43 video 44 sasl 45 plugdev 46 staff 50 games 60 users 100 nogroup 65534'
    .split(' ').flatMap((w, i, all) => (i % 2 ? [] : [[Number(all[i + 1]), w]])),
);

// base-passwd's other system users (passwd.master): name uid gid home [shell], the shell /usr/sbin/nologin unless given.
for (const entry of 'daemon 1 1 /usr/sbin,bin 2 2 /bin,sys 3 3 /dev,sync 4 65534 /bin /bin/sync,games 5 60 /usr/games,man 6 12 /var/cache/man,lp 7 7 /var/spool/lpd,mail 8 8 /var/mail,news 9 9 /var/spool/news,uucp 10 10 /var/spool/uucp,proxy 13 13 /bin,www-data 33 33 /var/www,backup 34 34 /var/backups,list 38 38 /var/list,irc 39 39 /run/ircd,_apt 42 65534 /nonexistent'.split(',')) {
  const [name, uid, gid, home, shell = '/usr/sbin/nologin'] = entry.split(' ');
  ACCOUNTS[name] = { uid: Number(uid), gid: Number(gid), groups: [[Number(gid), SYSTEM_GROUPS[Number(gid)]]], home, shell };
}

/** A user by name or, as `#uid` (sudo -u '#0'), by number. */
export function account(name: string): [string, Account] | undefined {
  const byId = /^#\d+$/.test(name) ? Object.entries(ACCOUNTS).find(([, a]) => `#${a.uid}` === name) : undefined;
  return byId ?? (Object.prototype.hasOwnProperty.call(ACCOUNTS, name) ? [name, ACCOUNTS[name]] : undefined);
}

/** The groups `user` is in, by name (a user the table does not know: only its own name's). */
export function groupsOf(user: string): string[] {
  return Object.prototype.hasOwnProperty.call(ACCOUNTS, user) ? ACCOUNTS[user].groups.map(([, name]) => name) : [user];
}
