/**
 * The package managers offline, against what the real tools print in a container whose DNS cannot resolve the
 * repositories. Expected texts: alpine 3.21 runs of `apk update` and `apk add` (apk-tools 2.14.6, quoted from
 * logs of such runs; src/database.c and src/commit.c print them), a debian:bookworm `apt-get update` and
 * `apt-get install` in a container without DNS, an ubuntu:noble container's `apt update` after its resolv.conf
 * was emptied.
 */
import { describe, expect, it } from 'vitest';
import { apk, aptGet, type PackageHost, type PackageResult } from './package-managers.js';

function host(files: Record<string, string>, tty = false, env: Record<string, string> = {}): PackageHost {
  return { readFile: (p) => files[p], env, tty };
}

const text = (r: PackageResult | undefined) => (r?.steps ?? []).map((s) => s.stdout ?? s.stderr ?? '').join('');
const stdout = (r: PackageResult | undefined) => (r?.steps ?? []).map((s) => s.stdout ?? '').join('');
const stderr = (r: PackageResult | undefined) => (r?.steps ?? []).map((s) => s.stderr ?? '').join('');
const waited = (r: PackageResult | undefined) => (r?.steps ?? []).reduce((t, s) => t + (s.delayMs ?? 0), 0);

const ALPINE_321 = host({ '/etc/alpine-release': '3.21.5\n' });
const ALPINE_323 = host({ '/etc/alpine-release': '3.23.0\n' });
const BOOKWORM = host({ '/etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n' });
const NOBLE = (tty: boolean) => host({ '/etc/os-release': 'PRETTY_NAME="Ubuntu 24.04.3 LTS"\nVERSION_CODENAME=noble\nID=ubuntu\n' }, tty);

describe('apk in alpine 3.21 (apk-tools 2.14.6) without a reachable repository', () => {
  it('apk update: a fetch line and a warning per repository, 2.14 counting each failed repository twice; exit 4', () => {
    const r = apk(['update'], ALPINE_321);
    expect(text(r)).toBe(
      'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\n'
      + 'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/main: temporary error (try again later)\n'
      + 'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\n'
      + 'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/community: temporary error (try again later)\n'
      + '4 unavailable, 0 stale; 15 distinct packages available\n');
    expect(r?.status).toBe(4);
    // apk_message writes to stdout, apk_warning to stderr.
    expect(stderr(r)).toBe(
      'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/main: temporary error (try again later)\n'
      + 'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/community: temporary error (try again later)\n');
  });

  it('apk add curl: the repositories fail, then no package provides curl; exit 1, one error per missing name', () => {
    const r = apk(['add', 'curl'], ALPINE_321);
    expect(text(r)).toBe(
      'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\n'
      + 'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/main: temporary error (try again later)\n'
      + 'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\n'
      + 'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/community: temporary error (try again later)\n'
      + 'ERROR: unable to select packages:\n'
      + '  curl (no such package):\n'
      + '    required by: world[curl]\n');
    expect(r?.status).toBe(1);
    const two = apk(['add', '--no-cache', 'vim', 'curl'], ALPINE_321);
    expect(stderr(two)).toContain('WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.21/main: temporary error (try again later)\n');
    expect(stderr(two)).toContain('ERROR: unable to select packages:\n  curl (no such package):\n    required by: world[curl]\n  vim (no such package):\n    required by: world[vim]\n');
    expect(two?.status).toBe(2);
    // -q silences the fetch lines and warnings, not the error.
    expect(text(apk(['add', '-q', 'curl'], ALPINE_321))).toBe('ERROR: unable to select packages:\n  curl (no such package):\n    required by: world[curl]\n');
  });

  it('apk info lists the image\'s installed packages, sorted; -v with their versions; apk --version', () => {
    const r = apk(['info'], ALPINE_321);
    expect(stdout(r)).toBe(['alpine-baselayout', 'alpine-baselayout-data', 'alpine-keys', 'alpine-release', 'apk-tools', 'busybox', 'busybox-binsh', 'ca-certificates-bundle', 'libcrypto3', 'libssl3', 'musl', 'musl-utils', 'scanelf', 'ssl_client', 'zlib'].map((n) => `${n}\n`).join(''));
    expect(r?.status).toBe(0);
    expect(stdout(apk(['info', '-v'], ALPINE_321))).toContain('apk-tools-2.14.6-r3\nbusybox-1.37.0-r13\n');
    expect(text(apk(['--version'], ALPINE_321))).toBe('apk-tools 2.14.6, compiled for x86_64.\n');
  });
});

describe('apk in alpine 3.23 (apk-tools 3)', () => {
  it('apk add curl: a warning per index, APKE_DNS_AGAIN\'s text, then the same selection error', () => {
    const r = apk(['add', 'curl'], ALPINE_323);
    expect(text(r)).toBe(
      'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.23/main/x86_64/APKINDEX.tar.gz: DNS: transient error (try again later)\n'
      + 'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.23/community/x86_64/APKINDEX.tar.gz: DNS: transient error (try again later)\n'
      + 'ERROR: unable to select packages:\n  curl (no such package):\n    required by: world[curl]\n');
    expect(r?.status).toBe(1);
  });
});

describe('apt-get and apt without DNS', () => {
  it('debian:bookworm apt-get update: three retries per index (Ign), then Err, the W: lines; exit 0 after 1+2+4 s', () => {
    const r = aptGet(['apt-get', 'update'], BOOKWORM);
    expect(text(r)).toBe(
      'Ign:1 http://deb.debian.org/debian bookworm InRelease\n'
      + 'Ign:2 http://deb.debian.org/debian bookworm-updates InRelease\n'
      + 'Ign:3 http://deb.debian.org/debian-security bookworm-security InRelease\n'
      + 'Ign:1 http://deb.debian.org/debian bookworm InRelease\n'
      + 'Ign:2 http://deb.debian.org/debian bookworm-updates InRelease\n'
      + 'Ign:3 http://deb.debian.org/debian-security bookworm-security InRelease\n'
      + 'Ign:1 http://deb.debian.org/debian bookworm InRelease\n'
      + 'Ign:2 http://deb.debian.org/debian bookworm-updates InRelease\n'
      + 'Ign:3 http://deb.debian.org/debian-security bookworm-security InRelease\n'
      + 'Err:1 http://deb.debian.org/debian bookworm InRelease\n'
      + "  Temporary failure resolving 'deb.debian.org'\n"
      + 'Err:2 http://deb.debian.org/debian bookworm-updates InRelease\n'
      + "  Temporary failure resolving 'deb.debian.org'\n"
      + 'Err:3 http://deb.debian.org/debian-security bookworm-security InRelease\n'
      + "  Temporary failure resolving 'deb.debian.org'\n"
      + 'Reading package lists...\n'
      + "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'\n"
      + "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm-updates/InRelease  Temporary failure resolving 'deb.debian.org'\n"
      + "W: Failed to fetch http://deb.debian.org/debian-security/dists/bookworm-security/InRelease  Temporary failure resolving 'deb.debian.org'\n"
      + 'W: Some index files failed to download. They have been ignored, or old ones used instead.\n');
    expect(r?.status).toBe(0);
    expect(waited(r)).toBe(7000);
    expect(stderr(r).split('\n').filter(Boolean).every((l) => l.startsWith('W: '))).toBe(true);
  });

  it('apt-get install curl: the cache is read, no list names curl; E: on stderr, exit 100', () => {
    const r = aptGet(['apt-get', 'install', '-y', 'curl'], BOOKWORM);
    expect(stdout(r)).toBe('Reading package lists...\nBuilding dependency tree...\nReading state information...\n');
    expect(stderr(r)).toBe('E: Unable to locate package curl\n');
    expect(r?.status).toBe(100);
  });

  it('ubuntu:noble apt update on a terminal: Done progress lines, the stats line, then the warnings', () => {
    const r = aptGet(['apt', 'update'], NOBLE(true));
    const out = text(r);
    expect(out).toContain(
      'Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nAll packages are up to date.\n'
      + "W: Failed to fetch http://archive.ubuntu.com/ubuntu/dists/noble/InRelease  Temporary failure resolving 'archive.ubuntu.com'\n"
      + "W: Failed to fetch http://archive.ubuntu.com/ubuntu/dists/noble-updates/InRelease  Temporary failure resolving 'archive.ubuntu.com'\n"
      + "W: Failed to fetch http://archive.ubuntu.com/ubuntu/dists/noble-backports/InRelease  Temporary failure resolving 'archive.ubuntu.com'\n"
      + "W: Failed to fetch http://security.ubuntu.com/ubuntu/dists/noble-security/InRelease  Temporary failure resolving 'security.ubuntu.com'\n"
      + 'W: Some index files failed to download. They have been ignored, or old ones used instead.\n');
    expect(out.match(/^Ign:4 http:\/\/security\.ubuntu\.com\/ubuntu noble-security InRelease$/gm)).toHaveLength(3);
    expect(out).toContain("Err:4 http://security.ubuntu.com/ubuntu noble-security InRelease\n  Temporary failure resolving 'security.ubuntu.com'\n");
    expect(out).not.toContain('WARNING: apt does not have a stable CLI interface');
    // Without a terminal apt warns that its output is not for scripts (apt-private/private-main.cc).
    expect(stderr(aptGet(['apt', 'update'], NOBLE(false)))).toMatch(/^\nWARNING: apt does not have a stable CLI interface\. Use with caution in scripts\.\n\n/);
  });

  it('an image whose release is not known to the simulation leaves the command unmodelled', () => {
    expect(aptGet(['apt-get', 'update'], host({}))).toBeUndefined();
    expect(apk(['add', 'curl'], host({ '/etc/alpine-release': '3.18.4\n' }))).toBeUndefined();
  });
});
