/**
 * The node's /etc/passwd and /etc/group (startup-files.ts): base-passwd 3.6.3's masters as its postinst installs
 * them (md5sums of the masters with "x" for the moved passwords, computed from the noble package), then the learner
 * useradd added, in adm and sudo as the lab's accounts have them.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from './interactive-test-helpers.js';

describe('/etc/passwd and /etc/group on the node', () => {
  it("hold base-passwd's users and groups and the learner, readable by everyone and found by getent and id", async () => {
    const { run } = await interactiveSession();
    expect((await run('head -n 18 /etc/passwd | md5sum; head -n 38 /etc/group | sed s/:learner$/:/ | md5sum')).out)
      .toBe('969e51277d6f8d0e97a34a6b275a2146  -\n1f86ba9f58b108c824d97d1ef65bbfd2  -\n');
    expect((await run('tail -n 1 /etc/passwd; grep -n learner /etc/group; stat -c "%a %U %G" /etc/passwd /etc/group')).out)
      .toBe('learner:x:1000:1000::/home/learner:/bin/bash\n5:adm:x:4:learner\n21:sudo:x:27:learner\n39:learner:x:1000:\n644 root root\n644 root root\n');
    // What the files say agrees with the accounts the kernel's checks, id and sudo use.
    expect((await run('getent passwd root learner; id')).out).toBe('root:x:0:0:root:/root:/bin/bash\nlearner:x:1000:1000::/home/learner:/bin/bash\nuid=1000(learner) gid=1000(learner) groups=1000(learner),4(adm),27(sudo)\n');
  });

  it("makes base-passwd's users and groups real for id, sudo -u and chown, as on the node", async () => {
    const { run } = await interactiveSession();
    // Recorded from Debian 12's id for the same base-passwd entries.
    expect((await run('id daemon; id sync; id www-data')).out).toBe('uid=1(daemon) gid=1(daemon) groups=1(daemon)\nuid=4(sync) gid=65534(nogroup) groups=65534(nogroup)\nuid=33(www-data) gid=33(www-data) groups=33(www-data)\n');
    expect((await run('touch /tmp/f; sudo chown www-data:disk /tmp/f; stat -c "%U %G" /tmp/f; sudo -u www-data id -un')).out).toBe('www-data disk\nwww-data\n');
  });
});
