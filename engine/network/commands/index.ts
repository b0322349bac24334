/**
 * wget, curl, nslookup and ping run inside containers (kubectl exec, a container's
 * own script): which implementation an image carries decides the texts.
 */
import type { ExecOrigin } from '../../kubelet/runtime.js';
import type { ClusterNetwork } from '../network.js';
import { curlCore, type CommandResult, type CurlFlavour } from './curl.js';
import { busyboxNslookup, busyboxWget } from './busybox.js';
import { lazyModule } from '../../util/lazy-module.js';

const pingModule = lazyModule(() => import('./busybox-ping.js'));

/** Loads what a container command needs before it runs (ping's code), or undefined when all is there. */
export function preloadContainerCommand(argv: string[]): Promise<unknown> | undefined {
  return argv[0]?.split('/').pop() === 'ping' && !pingModule.loaded() ? pingModule.load() : undefined;
}

export type { CommandResult } from './curl.js';

/** busybox releases before 1.30 keep the libc-based nslookup and the older wget progress line. */
export function isLegacyBusybox(image: string | undefined): boolean {
  const m = /busybox:(\d+)\.(\d+)/.exec(image ?? '');
  return !!m && (Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 30));
}

function curlFlavour(image: string | undefined): CurlFlavour {
  // hpa-example is Debian jessie (curl 7.38); curl images are current.
  return /hpa-example|debian:(8|jessie)|ubuntu:1[46]/.test(image ?? '') ? '7' : '8';
}

export function runInContainer(argv: string[], from: ExecOrigin & { image?: string }, net: ClusterNetwork): CommandResult | undefined {
  const origin = net.originOfExec(from);
  const base = argv[0].split('/').pop();
  const legacy = isLegacyBusybox(from.image);
  if (base === 'curl') return curlCore(argv, net, origin, curlFlavour(from.image));
  if (base === 'wget') return busyboxWget(argv, net, origin, legacy);
  if (base === 'nslookup') return busyboxNslookup(argv, net, origin, legacy);
  if (base === 'ping') return pingModule.loaded()?.busyboxPing(argv, net, origin);
  return undefined;
}

/** The flat form the container shell takes: all output at once after the total time. */
export function flatten(r: CommandResult): { stdout: string; stderr: string; exitCode: number; durationMs: number; files?: Record<string, string>; segments: CommandResult['segments'] } {
  let stdout = '', stderr = '', durationMs = 0;
  for (const s of r.segments) { durationMs += s.delayMs; stdout += s.stdout ?? ''; stderr += s.stderr ?? ''; }
  return { stdout, stderr, exitCode: r.exitCode, durationMs, files: r.files, segments: r.segments };
}
