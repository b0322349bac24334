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

/** A user by name or, as `#uid` (sudo -u '#0'), by number. */
export function account(name: string): [string, Account] | undefined {
  const byId = /^#\d+$/.test(name) ? Object.entries(ACCOUNTS).find(([, a]) => `#${a.uid}` === name) : undefined;
  return byId ?? (Object.prototype.hasOwnProperty.call(ACCOUNTS, name) ? [name, ACCOUNTS[name]] : undefined);
}

/** The groups `user` is in, by name (a user the table does not know: only its own name's). */
export function groupsOf(user: string): string[] {
  return Object.prototype.hasOwnProperty.call(ACCOUNTS, user) ? ACCOUNTS[user].groups.map(([, name]) => name) : [user];
}
