/**
 * The image catalogue: which images "exist in the registries" the simulated
 * cluster can reach, and what their containers do. The data lives in
 * catalogue.json; this module types it, normalises references the way
 * containerd does (nginx → docker.io/library/nginx:latest) and produces the
 * registry's answer for a pull, including containerd 2.x's real error texts.
 */
import data from './catalogue.json';
import { bytes } from '../util/quantity.js';
import { fnv32a } from '../util/random.js';
import { lazyModule } from '../util/lazy-module.js';

/** What an image's main program does on SIGTERM. */
export interface SigtermBehaviour {
  /** PID 1 without a handler (sleep, sh): the signal is ignored and only SIGKILL ends it. */
  ignore?: boolean;
  exitAfterMs?: number;
  exitCode?: number;
}

export interface HttpAnswer {
  port?: number;
  status: number;
  body: string;
  contentType?: string;
}

/** One pullable image (repository + tag), with everything the runtime needs to run it. */
export interface ImageInfo {
  /** "docker.io/library/nginx:1.25", as containerStatuses[].image shows it. */
  name: string;
  repository: string;
  tag: string;
  /** "docker.io/library/nginx@sha256:…", as containerStatuses[].imageID shows it. */
  repoDigest: string;
  /** "sha256:…" image id, as `crictl images` shows it. */
  id: string;
  sizeBytes: number;
  version: string;
  /** Which simulated program (engine/kubelet/programs) the default command runs. */
  program: string;
  entrypoint: string[];
  cmd: string[];
  env: Record<string, string>;
  ports: number[];
  startupMs: number;
  memoryBytes: number;
  cpuMilli: number;
  cpuPerRequestMilli: number;
  sigterm: SigtermBehaviour;
  /** Executables found on $PATH (or by absolute path) inside the image; with a tree (`rootfs`), what the lab runs of its files. */
  binaries: Set<string>;
  /** The trees of its files, base first, then its own layers (rootfs.ts): loaded with its pull. */
  rootfs?: string[];
  files: Record<string, string>;
  startLogs: string[];
  http: Record<string, HttpAnswer>;
  /** The user the image runs as (its config's USER), when not root: pause runs as 65535. */
  uid?: number;
  /** The image's USER when it is a named user that is not root, and its home, the image's WORKDIR too (curlimages/curl). */
  account?: ImageAccount;
  /** The image's WORKDIR when it is another directory than `/` and not its USER's home (redis: /data). */
  workingDir?: string;
  /** Ports the program serves over TLS only (kube-apiserver's --secure-port), with the certificate kubeadm gave it. */
  tls?: { ports: number[]; certificate: 'apiserver' };
}

/** Where a process the runtime starts in the container begins: the image's WORKDIR. */
export function workingDirOf(image: ImageInfo): string {
  return image.workingDir ?? image.account?.home ?? '/';
}

export interface ImageAccount { uid: number; gid: number; name: string; group: string; home: string }

interface RawEntry {
  repository: string;
  program: string;
  entrypoint?: string[] | null;
  cmd?: string[];
  env?: Record<string, string>;
  ports?: number[];
  startupMs?: number;
  memory?: string;
  cpuMilli?: number;
  cpuPerRequestMilli?: number;
  sigterm?: SigtermBehaviour;
  binaries?: string[];
  rootfs?: string[];
  files?: Record<string, string>;
  startLogs?: string[];
  http?: Record<string, HttpAnswer>;
  uid?: number;
  account?: ImageAccount;
  workingDir?: string;
  tls?: ImageInfo['tls'];
  tags: Record<string, Partial<RawEntry> & { alias?: string; size?: number; version?: string }>;
}

interface RawCatalogue {
  defaults: { pullBandwidthBytesPerSec: number; pullLatencyMs: number; startupMs: number; memory: string; cpuMilli: number };
  images: RawEntry[];
}

const raw = data as unknown as RawCatalogue;
const byRepository = new Map<string, RawEntry>(raw.images.map((e) => [e.repository, e]));
const cache = new Map<string, ImageInfo>();

/*
 * The images a learner pulls are most of the catalogue and none of what a node needs to boot: they load with
 * the first pull of an image outside what kubeadm puts on the node (the kubelet holds the clock meanwhile) or
 * when the lab is idle, not with the page.
 */
const more = lazyModule(() => import('./catalogue-more.json'));
let moreIn = false;

/** The whole catalogue, once: what a pull outside the boot images awaits. */
export function loadCatalogue(): Promise<void> {
  return more.load().then((m) => {
    if (moreIn) return;
    moreIn = true;
    for (const e of (m.default as unknown as { images: RawEntry[] }).images) byRepository.set(e.repository, e);
  });
}

export function catalogueLoaded(): boolean {
  return moreIn;
}

export const PULL_BANDWIDTH_BYTES_PER_SEC = raw.defaults.pullBandwidthBytesPerSec;
export const PULL_LATENCY_MS = raw.defaults.pullLatencyMs;

/** The time a pull of `image` takes on an idle node. */
export function pullDurationMs(image: ImageInfo): number {
  return PULL_LATENCY_MS + Math.round((image.sizeBytes / PULL_BANDWIDTH_BYTES_PER_SEC) * 1000);
}

export interface ImageReference {
  domain: string;
  /** path without domain: "library/nginx" */
  path: string;
  tag?: string;
  digest?: string;
  /** "docker.io/library/nginx:1.25" (or "…@sha256:…") */
  normalized: string;
  repository: string;
}

/** docker/distribution's reference grammar, reduced to what learners type. */
const REFERENCE = /^(?:((?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+(?::\d+)?|localhost(?::\d+)?|[a-zA-Z0-9-]+:\d+)\/)?([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

export class InvalidImageNameError extends Error {}

/** Normalises a reference as containerd's ParseNormalizedNamed does; throws InvalidImageNameError with docker's wording. */
export function parseImageReference(image: string): ImageReference {
  const m = REFERENCE.exec(image);
  if (!m) {
    const lower = image.toLowerCase();
    if (image !== lower && REFERENCE.test(lower)) throw new InvalidImageNameError('invalid reference format: repository name must be lowercase');
    throw new InvalidImageNameError('invalid reference format');
  }
  const domain = m[1] ?? 'docker.io';
  let path = m[2];
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const tag = m[3] ?? (m[4] ? undefined : 'latest');
  const digest = m[4];
  const repository = `${domain}/${path}`;
  const normalized = `${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { domain, path, tag, digest, normalized, repository };
}

/** containerd's answer when a pull fails, as the kubelet quotes it in the Failed event. */
export function pullErrorText(ref: ImageReference): string {
  const name = ref.normalized;
  const known = byRepository.has(ref.repository);
  if (known || ref.domain === 'registry.k8s.io' || ref.domain === 'gcr.io' || ref.domain === 'quay.io' || ref.domain === 'ghcr.io') {
    return `rpc error: code = NotFound desc = failed to pull and unpack image "${name}": failed to resolve image: ${name}: not found`;
  }
  if (ref.domain === 'docker.io') {
    return `rpc error: code = Unknown desc = failed to pull and unpack image "${name}": failed to resolve image: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  }
  const host = ref.domain;
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${name}": failed to resolve image: failed to do request: Head "https://${host}/v2/${ref.path}/manifests/${ref.tag ?? ref.digest}": dial tcp: lookup ${host.replace(/:\d+$/, '')}: no such host`;
}

/** `pending`: the reference names no boot image and the rest of the catalogue has not loaded yet (loadCatalogue). */
export type LookupResult = { ok: true; image: ImageInfo } | { ok: false; error: string; pending?: true };

/** What the registry holds for `image`: the image, or the pull error containerd would print. */
export function lookupImage(image: string): LookupResult {
  // The catalogue never changes: each reference is answered once (a kubelet asks several times per container start).
  let r = lookups.get(image);
  if (!r) {
    r = resolveImage(image);
    // Not an answer yet: asked again once the catalogue is in.
    if (!r.ok && r.pending) return r;
    if (lookups.size >= MAX_REMEMBERED_LOOKUPS) lookups.clear();
    lookups.set(image, r);
  }
  return r;
}

/** Bounds the answers kept for references typed by hand. */
const MAX_REMEMBERED_LOOKUPS = 4096;
const lookups = new Map<string, LookupResult>();

function resolveImage(image: string): LookupResult {
  let ref: ImageReference;
  try {
    ref = parseImageReference(image);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const hit = cache.get(ref.normalized);
  if (hit) return { ok: true, image: hit };
  const entry = byRepository.get(ref.repository);
  if (!entry) return moreIn ? { ok: false, error: pullErrorText(ref) } : { ok: false, error: pullErrorText(ref), pending: true };
  let tagName = ref.tag;
  if (!tagName) {
    // A digest reference resolves if it names one of the tags' digests.
    tagName = Object.keys(entry.tags).find((t) => !entry.tags[t].alias && digestOf(ref.repository, t) === ref.digest);
    if (!tagName) return { ok: false, error: pullErrorText(ref) };
  }
  let tag = entry.tags[tagName];
  let seen = 0;
  while (tag?.alias && seen++ < 5) tag = entry.tags[tag.alias];
  if (!tag) return { ok: false, error: pullErrorText(ref) };
  const canonicalTag = Object.keys(entry.tags).find((t) => entry.tags[t] === tag) ?? tagName;
  const merged = { ...entry, ...tag } as RawEntry & { size?: number; version?: string };
  const digest = digestOf(ref.repository, canonicalTag);
  const version = merged.version ?? canonicalTag;
  const info: ImageInfo = {
    name: ref.normalized,
    repository: ref.repository,
    tag: tagName,
    repoDigest: `${ref.repository}@${digest}`,
    id: digestOf(`${ref.repository}#id`, canonicalTag),
    sizeBytes: merged.size ?? 1_000_000,
    version,
    program: merged.program,
    entrypoint: merged.entrypoint ?? [],
    cmd: merged.cmd ?? [],
    env: { ...(entry.env ?? {}), ...(tag.env ?? {}) },
    ports: merged.ports ?? [],
    startupMs: merged.startupMs ?? raw.defaults.startupMs,
    memoryBytes: bytes(merged.memory ?? raw.defaults.memory),
    cpuMilli: merged.cpuMilli ?? raw.defaults.cpuMilli,
    cpuPerRequestMilli: merged.cpuPerRequestMilli ?? 0,
    sigterm: merged.sigterm ?? { exitAfterMs: 100, exitCode: 0 },
    binaries: new Set(merged.binaries ?? []),
    files: { ...(entry.files ?? {}), ...(tag.files ?? {}) },
    startLogs: (merged.startLogs ?? []).map((l) => l.split('{version}').join(version)),
    http: merged.http ?? {},
  };
  if (merged.uid) info.uid = merged.uid;
  if (merged.account) info.account = merged.account;
  if (merged.workingDir && merged.workingDir !== '/') info.workingDir = merged.workingDir;
  if (merged.tls) info.tls = merged.tls;
  if (merged.rootfs) info.rootfs = merged.rootfs;
  cache.set(ref.normalized, info);
  return { ok: true, image: info };
}

/** The images' file trees (rootfs.ts), loaded with a pull of an image that has one. */
export const rootfsCode = lazyModule(() => import('./rootfs.js'));

/**
 * Whether `name` (a path, or a name looked up through PATH) is a program file of the image's tree: undefined
 * when the image has no tree or it has not loaded (the catalogue's `binaries` answer then).
 */
export function treeHas(image: ImageInfo, name: string, path?: string): boolean | undefined {
  const m = rootfsCode.loaded();
  const t = m?.treeOf(image);
  return t && m!.lookPath((p) => t.files.has(p) && ((t.nodes.get(p)?.mode ?? 0) & 0o111) !== 0, name, path ?? image.env.PATH) !== undefined;
}

/** A stable simulated digest (64 hex) per repository and tag, so imageIDs look and compare like real ones. */
export function digestOf(repository: string, tag: string): string {
  let hex = '';
  let seed = `${repository}:${tag}`;
  for (let i = 0; i < 8; i++) {
    const h = fnv32a(`${i}|${seed}`);
    hex += h.toString(16).padStart(8, '0');
    seed = hex;
  }
  return `sha256:${hex}`;
}
