/**
 * wget, curl, nslookup and ping run inside containers (kubectl exec, a container's
 * own script): which implementation an image carries decides the texts.
 */
import type { ExecOrigin } from '../../kubelet/runtime.js';
import type { ClusterNetwork } from '../network.js';
import type { CommandResult } from './url.js';
import type { CurlFlavour } from './curl.js';
import { lookupImage } from '../../images/catalogue.js';
import { lazyModule } from '../../util/lazy-module.js';
import { kubeadmObjects } from '../../api/bootstrap/kubeadm-objects-gate.js';
import { preloadInternet } from '../internet/hosts.js';
import { lazyTypesLoaded, loadLazyTypes } from '../../api/schema/lazy.js';
import { fieldManagerCodeLoaded, loadFieldManagerCode } from '../../api/managedfields/loader.js';

const pingModule = lazyModule(() => import('./busybox-ping.js'));
/** The web servers' response heads (engine/kubelet/web-headers.ts): they load with the clients that show them. */
export const webHeaders = lazyModule(() => import('../../kubelet/web-headers.js'));
/**
 * curl, and busybox's wget and nslookup: a fresh lab runs none of them before a learner or a container does. They
 * reach the secure port, whose handler writes kube-system's boot objects through their lazy handle: it comes along.
 */
const toolsModule = lazyModule(() => Promise.all([import('./container-tools.js'), kubeadmObjects.load()]).then(([m]) => m));

/** Loads what a container command needs before it runs (its tool's code), or undefined when all is there. */
export function preloadContainerCommand(argv: string[]): Promise<unknown> | undefined {
  const base = argv[0]?.split('/').pop();
  if (base === 'ping') return pingModule.loaded() ? undefined : pingModule.load();
  if (base === 'curl' || base === 'wget' || base === 'nslookup' || base === 'getent') {
    // The public hosts' answers too, when the command names one (`wget https://k8s.io/examples/...`); kube-apiserver's
    // answers come with them, and the field types that order any kind's JSON (schema/go-order.ts).
    const internet = preloadInternet(argv);
    // The field manager's code too: the secure port serves each object with its managedFields.
    return toolsModule.loaded() && webHeaders.loaded() && lazyTypesLoaded() && fieldManagerCodeLoaded() && !internet ? undefined : Promise.all([toolsModule.load(), webHeaders.load(), loadLazyTypes(), loadFieldManagerCode(), internet]);
  }
  return undefined;
}

export type { CommandResult } from './url.js';

/**
 * busybox releases before 1.30 keep the libc-based nslookup and the older wget progress line. A tag that names no
 * release (registry.k8s.io/busybox:latest) is the release the catalogue says it is.
 */
export function isLegacyBusybox(image: string | undefined): boolean {
  let m = /busybox:(\d+)\.(\d+)/.exec(image ?? '');
  if (!m && image && /busybox(plus)?(:|@|$)/.test(image)) {
    const found = lookupImage(image);
    if (found.ok) m = /^(\d+)\.(\d+)/.exec(found.image.version);
  }
  return !!m && (Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 30));
}

/** Images whose nslookup is BIND's (bind-tools installed over busybox's applet): agnhost's Dockerfile adds it. */
function hasBindTools(image: string | undefined): boolean {
  return /(^|\/)e2e-test-images\/agnhost:/.test(image ?? '');
}

function curlFlavour(image: string | undefined): CurlFlavour {
  // hpa-example and kubernetes-bootcamp (node:6.3.1 on buildpack-deps:jessie-curl) are Debian jessie (curl 7.38);
  // curl images are current.
  // radial/busyboxplus:curl is buildroot 2014.02's curl 7.35 on OpenSSL 1.0.1.
  if (/hpa-example|kubernetes-bootcamp|debian:(8|jessie)|ubuntu:1[46]|radial\/busyboxplus/.test(image ?? '')) return '7';
  // A Debian bookworm image (its os-release, or the nginx packages' ~bookworm release) installs bookworm's curl.
  const found = image ? lookupImage(image) : undefined;
  const info = found?.ok ? found.image : undefined;
  const bookworm = /VERSION_CODENAME=bookworm/.test(info?.files['/etc/os-release'] ?? '') || /~bookworm$/.test(info?.env.PKG_RELEASE ?? '');
  return bookworm ? '7.88' : '8';
}

export function runInContainer(argv: string[], from: ExecOrigin & { image?: string }, net: ClusterNetwork, readFile?: (path: string) => string | undefined, stdoutTTY = false): CommandResult | undefined {
  const origin = net.originOfExec(from);
  const base = argv[0].split('/').pop();
  const legacy = isLegacyBusybox(from.image);
  // The shell has awaited preloadContainerCommand before it asks (its `load` step).
  const tools = toolsModule.loaded();
  if (base === 'curl') return tools?.curlCore(argv, net, origin, curlFlavour(from.image), readFile, stdoutTTY);
  if (base === 'wget') return tools?.busyboxWget(argv, net, origin, legacy);
  if (base === 'nslookup') return hasBindTools(from.image) ? tools?.bindNslookup(argv, net, origin) : tools?.busyboxNslookup(argv, net, origin, legacy);
  if (base === 'ping') return pingModule.loaded()?.busyboxPing(argv, net, origin);
  if (base === 'getent' && tools) {
    const r = tools.getentCore(argv, { net, origin, readFile: (p) => readFile?.(p) });
    // The complaint goes out before the usage line (getent.c main: fprintf to stderr, then argp_help to stdout).
    return { segments: [{ delayMs: r.ms, stderr: r.stderr }, { delayMs: 0, stdout: r.stdout }], exitCode: r.status };
  }
  return undefined;
}

/** The flat form the container shell takes: all output at once after the total time. */
export function flatten(r: CommandResult): { stdout: string; stderr: string; exitCode: number; durationMs: number; files?: Record<string, string>; segments: CommandResult['segments'] } {
  let stdout = '', stderr = '', durationMs = 0;
  for (const s of r.segments) { durationMs += s.delayMs; stdout += s.stdout ?? ''; stderr += s.stderr ?? ''; }
  return { stdout, stderr, exitCode: r.exitCode, durationMs, files: r.files, segments: r.segments };
}
