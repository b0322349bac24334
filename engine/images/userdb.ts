/**
 * The /etc/passwd and /etc/group images carry, by userland: busybox's (buildroot's skeleton, as the
 * docker-library busybox images and registry.k8s.io/busybox carry it) and Debian's (base-passwd 3.6.1 of bookworm,
 * the master files debootstrap installs, with the users an image's Dockerfile adds after them). Alpine's
 * (alpine-baselayout 3.4 on) for alpine 3.17 and later and agnhost; older Alpine-based images (hello-app's
 * 2018 builds) get none, their lists being longer. Loaded with the first shell that runs
 * in a container (ps, id, whoami, ls -l and cat read them).
 */
import type { ImageInfo } from './catalogue.js';
import { AGNHOST, userland } from './userland.js';

/** Loaded with the files for the kubelet, which reports who containerd made a container's process. */
export { identityOf } from '../kubelet/identity.js';

const BUSYBOX = {
  passwd: "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n",
  group: "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nkmem:x:9:\nwheel:x:10:root\ncdrom:x:11:\ndialout:x:18:\nfloppy:x:19:\nvideo:x:28:\naudio:x:29:\ntape:x:32:\nwww-data:x:33:\noperator:x:37:\nutmp:x:43:\nplugdev:x:46:\nstaff:x:50:\nlock:x:54:\nnetdev:x:82:\nusers:x:100:\nnogroup:x:65534:\n",
};

/** alpine-baselayout 3.4 and later (Alpine 3.17 on): fewer users and groups than the releases before. */
const ALPINE = {
  passwd: "root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nlp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\nsync:x:5:0:sync:/sbin:/bin/sync\nshutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\nhalt:x:7:0:halt:/sbin:/sbin/halt\nmail:x:8:12:mail:/var/mail:/sbin/nologin\nnews:x:9:13:news:/usr/lib/news:/sbin/nologin\nuucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin\ncron:x:16:16:cron:/var/spool/cron:/sbin/nologin\nftp:x:21:21::/var/lib/ftp:/sbin/nologin\nsshd:x:22:22:sshd:/dev/null:/sbin/nologin\ngames:x:35:35:games:/usr/games:/sbin/nologin\nntp:x:123:123:NTP:/var/empty:/sbin/nologin\nguest:x:405:100:guest:/dev/null:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n",
  group: "root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nsys:x:3:root,bin\nadm:x:4:root,daemon\ntty:x:5:\ndisk:x:6:root\nlp:x:7:lp\nkmem:x:9:\nwheel:x:10:root\nfloppy:x:11:root\nmail:x:12:mail\nnews:x:13:news\nuucp:x:14:uucp\ncron:x:16:cron\naudio:x:18:\ncdrom:x:19:\ndialout:x:20:root\nftp:x:21:\nsshd:x:22:\ninput:x:23:\ntape:x:26:root\nvideo:x:27:root\nnetdev:x:28:\nkvm:x:34:kvm\ngames:x:35:\nshadow:x:42:\nwww-data:x:82:\nusers:x:100:games\nntp:x:123:\nabuild:x:300:\nutmp:x:406:\nping:x:999:\nnogroup:x:65533:\nnobody:x:65534:\n",
};

const DEBIAN = {
  passwd: "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\nsync:x:4:65534:sync:/bin:/bin/sync\ngames:x:5:60:games:/usr/games:/usr/sbin/nologin\nman:x:6:12:man:/var/cache/man:/usr/sbin/nologin\nlp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\nnews:x:9:9:news:/var/spool/news:/usr/sbin/nologin\nuucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin\nproxy:x:13:13:proxy:/bin:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nbackup:x:34:34:backup:/var/backups:/usr/sbin/nologin\nlist:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin\nirc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin\n_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
  group: "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nnews:x:9:\nuucp:x:10:\nman:x:12:\nproxy:x:13:\nkmem:x:15:\ndialout:x:20:\nfax:x:21:\nvoice:x:22:\ncdrom:x:24:\nfloppy:x:25:\ntape:x:26:\nsudo:x:27:\naudio:x:29:\ndip:x:30:\nwww-data:x:33:\nbackup:x:34:\noperator:x:37:\nlist:x:38:\nirc:x:39:\nsrc:x:40:\nshadow:x:42:\nutmp:x:43:\nvideo:x:44:\nsasl:x:45:\nplugdev:x:46:\nstaff:x:50:\ngames:x:60:\nusers:x:100:\nnogroup:x:65534:\n",
};

/**
 * Users and groups an image's Dockerfile adds: nginx's `adduser --system … --uid 101 nginx`, redis's
 * `useradd -r -u 999 redis`, agnhost's (2.45 on) `adduser -u 1000 -D user-defined-in-image`,
 * `addgroup -g 50000 group-defined-in-image` and `addgroup user-defined-in-image group-defined-in-image` for the
 * SupplementalGroupsPolicy tests (busybox adduser's GECOS "Linux User,,,", its own group 1000).
 */
const ADDED: Record<string, { passwd: string; group: string }> = {
  'docker.io/library/nginx': { passwd: 'nginx:x:101:101:nginx user:/nonexistent:/bin/false\n', group: 'nginx:x:101:\n' },
  'docker.io/library/redis': { passwd: 'redis:x:999:999::/home/redis:/bin/sh\n', group: 'redis:x:999:\n' },
  'registry.k8s.io/e2e-test-images/agnhost': {
    passwd: 'user-defined-in-image:x:1000:1000:Linux User,,,:/home/user-defined-in-image:/bin/sh\n',
    group: 'user-defined-in-image:x:1000:\ngroup-defined-in-image:x:50000:user-defined-in-image\n',
  },
};

/** The image's two files, or undefined when its userland is not one of these (scratch, distroless, Alpine). */
export function userFiles(image: Pick<ImageInfo, 'binaries' | 'repository' | 'version'>): { passwd: string; group: string } | undefined {
  const land = userland(image);
  if (!land) return undefined;
  const base = land === 'alpine' ? ALPINE : land === 'debian' ? DEBIAN : BUSYBOX;
  const repo = image.repository;
  const more = repo === AGNHOST && Number(image.version.replace(/^2\./, '')) < 45 ? undefined : ADDED[repo];
  return more ? { passwd: base.passwd + more.passwd, group: base.group + more.group } : base;
}
