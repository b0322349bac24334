/**
 * The images' package managers in a cluster without internet access: alpine's apk, Debian's and Ubuntu's
 * apt-get and apt. CoreDNS cannot reach an upstream server, so every repository host fails to resolve with a
 * temporary error (EAI_AGAIN), and the tools print what they print then:
 *
 * - apk-tools 2.14 (alpine 3.21: 2.14.6, 3.22: 2.14.9), src/database.c apk_db_add_repository and
 *   src/commit.c apk_solver_print_errors: per repository a `fetch …/APKINDEX.tar.gz` line, then
 *   `WARNING: updating and opening <repo>: temporary error (try again later)` (EAGAIN, src/print.c); the
 *   packages nobody provides as `ERROR: unable to select packages:`; the exit code is the solver's error count.
 *   `apk update` counts each failed repository twice as unavailable (2.14's two increments).
 * - apk-tools 3.0 (alpine 3.23), src/database.c open_repository: the warning names the index URL and the
 *   error is APKE_DNS_AGAIN `DNS: transient error (try again later)`; the `fetch` note is a progress line
 *   shown on a terminal only (and erased there).
 * - apt (apt-pkg/acquire-worker.cc HandleFailure): a transient failure is retried Acquire::Retries times (3
 *   since apt 2.3, 0 before), after 1, 2, 4 s, each failure an `Ign:` line, the last an `Err:` line; update
 *   ends with `W: Failed to fetch …` per index and exits 0; install cannot find any package:
 *   `E: Unable to locate package curl`, exit 100. The texts are those of offline runs of debian:bookworm
 *   and ubuntu:noble containers.
 */

export interface PackageStep {
  delayMs?: number;
  stdout?: string;
  stderr?: string;
}

export interface PackageResult {
  steps: PackageStep[];
  status: number;
}

/** What the package managers read of the container. */
export interface PackageHost {
  readFile(path: string): string | undefined;
  env: Record<string, string>;
  /** stdout is a terminal (an interactive shell): apt prints `... Done`, apt's script warning is not printed. */
  tty: boolean;
}

/* ------------------------------------------------------------------ apk */

interface AlpineRelease {
  apk: string;
  /** name-version of the image's installed packages (docker-library/repo-info), sorted as `apk info` sorts. */
  installed: string[];
  /** Sum of the packages' installed sizes in bytes, for `OK: N MiB in M packages`. */
  installedBytes: number;
}

const ALPINE: Record<string, AlpineRelease> = {
  '3.21': {
    apk: '2.14.6',
    installed: ['alpine-baselayout-3.6.8-r1', 'alpine-baselayout-data-3.6.8-r1', 'alpine-keys-2.5-r0', 'alpine-release-3.21.5-r0', 'apk-tools-2.14.6-r3', 'busybox-1.37.0-r13', 'busybox-binsh-1.37.0-r13', 'ca-certificates-bundle-20250911-r0', 'libcrypto3-3.3.5-r0', 'libssl3-3.3.5-r0', 'musl-1.2.5-r9', 'musl-utils-1.2.5-r9', 'scanelf-1.3.8-r1', 'ssl_client-1.37.0-r13', 'zlib-1.3.1-r2'],
    installedBytes: 7_793_375,
  },
  '3.22': {
    apk: '2.14.9',
    installed: ['alpine-baselayout-3.7.0-r0', 'alpine-baselayout-data-3.7.0-r0', 'alpine-keys-2.5-r0', 'alpine-release-3.22.2-r0', 'apk-tools-2.14.9-r3', 'busybox-1.37.0-r19', 'busybox-binsh-1.37.0-r19', 'ca-certificates-bundle-20250911-r0', 'libapk2-2.14.9-r3', 'libcrypto3-3.5.4-r0', 'libssl3-3.5.4-r0', 'musl-1.2.5-r10', 'musl-utils-1.2.5-r10', 'scanelf-1.3.8-r1', 'ssl_client-1.37.0-r19', 'zlib-1.3.1-r2'],
    installedBytes: 8_284_801,
  },
  '3.23': {
    apk: '3',
    installed: ['alpine-baselayout', 'alpine-baselayout-data', 'alpine-keys', 'alpine-release', 'apk-tools', 'busybox', 'busybox-binsh', 'ca-certificates-bundle', 'libapk', 'libcrypto3', 'libssl3', 'musl', 'musl-utils', 'scanelf', 'ssl_client', 'zlib'],
    installedBytes: 0,
  },
};

const APK_EAGAIN = 'temporary error (try again later)';
const APK3_DNS_AGAIN = 'DNS: transient error (try again later)';
const ENOENT = 'No such file or directory';

/** The package's name without its version: `musl-utils-1.2.5-r9` → `musl-utils`. */
function apkName(nameVersion: string): string {
  const m = /^(.*?)-\d[^-]*-r\d+$/.exec(nameVersion);
  return m ? m[1] : nameVersion;
}

export function apk(args: string[], host: PackageHost): PackageResult | undefined {
  const release = (host.readFile('/etc/alpine-release') ?? '').trim().split('.').slice(0, 2).join('.');
  const rel = ALPINE[release];
  if (!rel) return undefined;
  const v3 = rel.apk === '3';
  const repos = ['main', 'community'].map((r) => `https://dl-cdn.alpinelinux.org/alpine/v${release}/${r}`);
  const index = (repo: string) => `${repo}/x86_64/APKINDEX.tar.gz`;
  let quiet = 0, verbose = 0, noCache = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // apk-tools 3's own version in 3.23.0 is not known here.
    if (a === '--version' || a === '-V') return v3 ? undefined : { steps: [{ stdout: `apk-tools ${rel.apk}, compiled for x86_64.\n` }], status: 0 };
    if (a === '-q' || a === '--quiet') quiet++;
    else if (a === '-v' || a === '--verbose') verbose++;
    else if (a === '--no-cache') noCache = true;
    else if (a === '-t' || a === '--virtual' || a === '-X' || a === '--repository' || a === '-p' || a === '--root') i++;
    else if (a.startsWith('-')) continue;
    else words.push(a);
  }
  const [applet, ...names] = words;
  const steps: PackageStep[] = [];
  const message = (t: string) => { if (quiet === 0) steps.push({ stdout: `${t}\n` }); };
  const warning = (t: string) => { if (quiet === 0) steps.push({ stderr: `WARNING: ${t}\n` }); };
  // Opening the repositories: a writing applet refreshes the index first (autoupdate), a reading one only opens
  // the cached copy, which a fresh image does not have.
  const openRepos = (update: boolean) => {
    for (const repo of repos) {
      if (v3) {
        warning(`${noCache ? 'fetching' : update ? 'updating and opening' : 'opening from cache'} ${index(repo)}: ${update || noCache ? APK3_DNS_AGAIN : ENOENT}`);
        continue;
      }
      if (update || noCache) message(`fetch ${index(repo)}`);
      warning(`${noCache ? 'fetching' : update ? 'updating and opening' : 'opening from cache'} ${repo}: ${update || noCache ? APK_EAGAIN : ENOENT}`);
    }
  };
  const installed = new Set(rel.installed.map(apkName));
  switch (applet) {
    case 'add': {
      if (names.length === 0) return undefined;
      openRepos(true);
      const missing = [...new Set(names.filter((n) => !installed.has(n.split(/[<>=~]/)[0])))].sort();
      if (missing.length) {
        let text = 'ERROR: unable to select packages:\n';
        for (const n of missing) text += `  ${n} (no such package):\n    required by: world[${n}]\n`;
        steps.push({ stderr: text });
        return { steps, status: missing.length };
      }
      // Nothing to change: the commit's summary (src/commit.c), the installed bytes in whole MiB.
      if (v3) return undefined;
      message(`OK: ${Math.floor(rel.installedBytes / (1024 * 1024))} MiB in ${rel.installed.length} packages`);
      return { steps, status: 0 };
    }
    case 'update': {
      openRepos(true);
      const unavailable = repos.length * (v3 ? 1 : 2);
      message(`${unavailable} unavailable, 0 stale; ${rel.installed.length} distinct packages available`);
      return { steps, status: unavailable };
    }
    case 'search': {
      openRepos(false);
      return { steps, status: 0 };
    }
    case 'info': {
      if (names.length) return undefined;
      openRepos(false);
      if (v3 && verbose) return undefined;
      if (quiet < 2) steps.push({ stdout: rel.installed.map((p) => `${verbose ? p : apkName(p)}\n`).join('') });
      return { steps, status: 0 };
    }
    case 'del': {
      openRepos(false);
      const unknown = names.filter((n) => !installed.has(n));
      if (unknown.length === 0) return undefined;
      for (const n of unknown) steps.push({ stderr: `ERROR: No such package: ${n}\n` });
      return { steps, status: unknown.length };
    }
    default:
      return undefined;
  }
}

/* ------------------------------------------------------------------ apt */

interface AptRelease {
  /** Acquire::Retries' default in this release's apt. */
  retries: number;
  /** Its `apt` binary prints `Error:`/`Warning:` (APT::Output-Version 30, apt 3.0) and erases finished progress lines. */
  output30?: boolean;
  /** apt before 2.1 leaves "Building dependency tree" padded with spaces on a terminal. */
  oldTree?: boolean;
  /** The image's sources, in the order apt numbers them: [URI, suite]. */
  sources: [string, string][];
}

const debian = (suite: string, retries: number, security: string, output30 = false, oldTree = false): AptRelease => ({
  retries, output30, oldTree,
  sources: retries === 0
    ? [['http://deb.debian.org/debian', suite], [security, `${suite}${security.includes('security.debian.org') || oldTree ? '/updates' : '-security'}`], ['http://deb.debian.org/debian', `${suite}-updates`]]
    : [['http://deb.debian.org/debian', suite], ['http://deb.debian.org/debian', `${suite}-updates`], [security, `${suite}-security`]],
});

const ubuntu = (suite: string): AptRelease => ({
  retries: 3,
  sources: [['http://archive.ubuntu.com/ubuntu', suite], ['http://archive.ubuntu.com/ubuntu', `${suite}-updates`], ['http://archive.ubuntu.com/ubuntu', `${suite}-backports`], ['http://security.ubuntu.com/ubuntu', `${suite}-security`]],
});

const APT: Record<string, AptRelease> = {
  stretch: debian('stretch', 0, 'http://security.debian.org/debian-security', false, true),
  buster: debian('buster', 0, 'http://security.debian.org/debian-security', false, true),
  bullseye: debian('bullseye', 0, 'http://deb.debian.org/debian-security'),
  bookworm: debian('bookworm', 3, 'http://deb.debian.org/debian-security'),
  trixie: debian('trixie', 3, 'http://deb.debian.org/debian-security', true),
  jammy: ubuntu('jammy'),
  noble: ubuntu('noble'),
};

/** The image's release codename: /etc/os-release, or the official nginx images' PKG_RELEASE (`1~bullseye`). */
function codename(host: PackageHost): string | undefined {
  const os = host.readFile('/etc/os-release');
  const m = os ? /^VERSION_CODENAME=(\S+)$/m.exec(os) : null;
  if (m) return m[1];
  const hint = host.env.PKG_RELEASE ?? host.env.NGINX_VERSION ?? '';
  const t = /~(\w+)$/.exec(hint);
  return t?.[1];
}

const TEMPORARY_FAILURE = (host: string) => `Temporary failure resolving '${host}'`;

export function aptGet(argv: string[], host: PackageHost): PackageResult | undefined {
  const name = codename(host);
  const rel = name ? APT[name] : undefined;
  if (!rel) return undefined;
  const frontend = argv[0].split('/').pop()!;
  const isApt = frontend === 'apt';
  const words = argv.slice(1).filter((a) => !a.startsWith('-'));
  const [op, ...pkgs] = words;
  const v30 = isApt && !!rel.output30;
  const E = v30 ? 'Error:' : 'E:';
  const W = v30 ? 'Warning:' : 'W:';
  const steps: PackageStep[] = [];
  if (isApt && !host.tty) steps.push({ stderr: '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n' });
  // A finished progress line: `... Done` on a terminal (apt 3.0's apt erases it there), the bare line elsewhere.
  const progress = (what: string) => {
    if (!host.tty) return `${what}...\n`;
    if (v30) return '';
    if (what === 'Building dependency tree' && rel.oldTree) return 'Building dependency tree       \n';
    return `${what}... Done\n`;
  };
  const cache = () => progress('Reading package lists') + progress('Building dependency tree') + progress('Reading state information');
  switch (op) {
    case 'update': {
      const item = (i: number) => `${i + 1} ${rel.sources[i][0]} ${rel.sources[i][1]} InRelease\n`;
      const hostOf = (uri: string) => uri.replace(/^https?:\/\//, '').split('/')[0];
      for (let attempt = 0; attempt <= rel.retries; attempt++) {
        const last = attempt === rel.retries;
        const text = rel.sources.map((s, i) => (last ? `Err:${item(i)}  ${TEMPORARY_FAILURE(hostOf(s[0]))}\n` : `Ign:${item(i)}`)).join('');
        // The retries wait 1, 2, 4 s (Acquire::Retries::Delay), the first try fails at once.
        steps.push({ delayMs: attempt === 0 ? 0 : 1000 * 2 ** (attempt - 1), stdout: text });
      }
      steps.push({ stdout: progress('Reading package lists') + (isApt ? progress('Building dependency tree') + progress('Reading state information') + 'All packages are up to date.\n' : '') });
      steps.push({ stderr: rel.sources.map(([uri, suite]) => `${W} Failed to fetch ${uri}/dists/${suite}/InRelease  ${TEMPORARY_FAILURE(hostOf(uri))}\n`).join('') + `${W} Some index files failed to download. They have been ignored, or old ones used instead.\n` });
      return { steps, status: 0 };
    }
    case 'install': {
      // No package lists in a fresh image: only installed packages are known, and no package to install is.
      steps.push({ stdout: cache() });
      if (pkgs.length === 0) {
        steps.push({ stdout: '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n' });
        return { steps, status: 0 };
      }
      steps.push({ stderr: pkgs.map((p) => `${E} Unable to locate package ${p}\n`).join('') });
      return { steps, status: 100 };
    }
    default:
      return undefined;
  }
}
