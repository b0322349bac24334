import { describe, expect, it } from 'vitest';
import { capabilitySet, identityOf, idText, procStatus, whoamiUnknown } from './identity.js';
import { userFiles } from '../images/userdb.js';

const busybox = userFiles({ repository: 'docker.io/library/busybox', version: '1.28.4', binaries: new Set(['sh', 'ash']) })!;
const debian = userFiles({ repository: 'docker.io/library/nginx', version: '1.29.0', binaries: new Set(['sh', 'bash', 'apt-get']) })!;

describe('identityOf (containerd: runAsUser, runAsGroup, the image\'s groups, supplementalGroups, fsGroup)', () => {
  it('busybox root is in wheel by /etc/group; an unnamed uid gets only the pod\'s groups and its primary one, sorted', () => {
    expect(identityOf(undefined, undefined, busybox.passwd, busybox.group)).toEqual({ uid: 0, gid: 0, groups: [0, 10], name: 'root', home: '/root' });
    expect(identityOf({ runAsUser: 1000, runAsGroup: 3000, groups: [4000, 2000] }, undefined, busybox.passwd, busybox.group)).toEqual({ uid: 1000, gid: 3000, groups: [2000, 3000, 4000], home: '' });
  });
  it('without runAsGroup the passwd entry\'s group (nginx 101), else 0; Strict leaves /etc/group out', () => {
    expect(identityOf({ runAsUser: 101 }, undefined, debian.passwd, debian.group).gid).toBe(101);
    expect(identityOf({ runAsUser: 2000 }, undefined, debian.passwd, debian.group).gid).toBe(0);
    expect(identityOf({ runAsUser: 0, strict: true }, undefined, busybox.passwd, busybox.group).groups).toEqual([0]);
  });

  it('a group named as the user is not one of its additional groups, even listing it (WithAdditionalGIDs)', () => {
    const passwd = 'app:x:1000:1000::/home/app:/bin/sh\n';
    const group = 'app:x:1000:\nother:x:1001:app\napp:x:1002:app\napp2:x:1003:app\n';
    expect(identityOf({ runAsUser: 1000, runAsGroup: 5000 }, undefined, passwd, group).groups).toEqual([1001, 1003, 5000]);
  });
});

// Recorded on this machine: `setpriv --reuid 4321 --regid 3000 --groups 2000,3000,4000 id` (GNU coreutils 9.1) and
// `… busybox id` / `… busybox whoami` (busybox 1.35), for a uid /etc/passwd does not name.
describe('texts', () => {
  const who = { uid: 4321, gid: 3000, groups: [2000, 3000, 4000], home: '' };
  it('id: busybox keeps getgroups\' order, GNU puts the gid first', () => {
    expect(idText(who, busybox.passwd, busybox.group, false)).toBe('uid=4321 gid=3000 groups=2000,3000,4000\n');
    expect(idText(who, debian.passwd, debian.group, true)).toBe('uid=4321 gid=3000 groups=3000,2000,4000\n');
    expect(idText({ uid: 4321, gid: 0, groups: [0], home: '' }, busybox.passwd, busybox.group, false)).toBe('uid=4321 gid=0(root) groups=0(root)\n');
  });
  it('whoami for a uid without a name', () => {
    expect(whoamiUnknown(4321, false)).toBe('whoami: unknown uid 4321\n');
    expect(whoamiUnknown(4321, true)).toBe('whoami: cannot find name for user ID 4321\n');
  });
});

describe('capabilities (the task page\'s bitmaps)', () => {
  it('containerd\'s default set, NET_ADMIN and SYS_TIME added, drop ALL, privileged', () => {
    expect(capabilitySet(undefined).toString(16)).toBe('a80425fb');
    expect(capabilitySet({ capAdd: ['NET_ADMIN', 'SYS_TIME'] }).toString(16)).toBe('aa0435fb');
    expect(capabilitySet({ capDrop: ['ALL'], capAdd: ['NET_BIND_SERVICE'] }).toString(16)).toBe('400');
    expect(capabilitySet({ privileged: true }).toString(16)).toBe('1ffffffffff');
  });
  it('a process that is not root has none permitted or effective; no_new_privs from allowPrivilegeEscalation false', () => {
    const s = procStatus({ pid: 1, command: 'sleep 1h', running: false, who: { uid: 1000, gid: 3000, groups: [2000, 3000], home: '' }, sec: { runAsUser: 1000, noNewPrivs: true }, ppid: 0 });
    expect(s).toContain('Name:\tsleep\n');
    expect(s).toContain('Groups:\t2000 3000 \n');
    expect(s).toContain('CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t00000000a80425fb\n');
    expect(s).toContain('NoNewPrivs:\t1\n');
  });
});
