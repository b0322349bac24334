/**
 * A container user that is not root (curlimages/curl's curl_user): where it may create files. The image's own
 * directories belong to root with mode 755, so the kernel refuses it (EACCES) anywhere but its home, /tmp,
 * /var/tmp and what it made itself or a volume brought. Loaded with the container applets, only when such a
 * user writes.
 */

const ROOT_OWNED = /^\/(?:etc|usr|bin|sbin|lib|root|home|proc|sys|run|opt|srv|var(?!\/tmp(?:\/|$)))(?:\/|$)/;

/** Creating `path` is refused to the user whose home is `home`. */
export function writeDenied(home: string, path: string): boolean {
  if (path === home || path.startsWith(`${home}/`)) return false;
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  return parent === '/' || ROOT_OWNED.test(parent);
}

/** A redirection's file the shell could not create: ash's `can't create`, dash's `cannot create` (status 2), bash's own; `errno` is strerror's text. */
export function cannotCreate(dialect: 'ash' | 'dash' | 'bash', where: string, target: string, errno = 'Permission denied'): { text: string; status: number } {
  if (dialect === 'bash') return { text: `${where}${target}: ${errno}\n`, status: 1 };
  return { text: `${where}${dialect === 'dash' ? 'cannot' : "can't"} create ${target}: ${errno}\n`, status: dialect === 'dash' ? 2 : 1 };
}

/** `id` for that user: busybox's format; the user is in its own group only. */
export function identity(u: { uid: number; gid: number; name: string; group: string }): string {
  return `uid=${u.uid}(${u.name}) gid=${u.gid}(${u.group}) groups=${u.gid}(${u.group})\n`;
}
