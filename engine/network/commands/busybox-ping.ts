/**
 * busybox's ping inside busybox-based images, loaded on first use (a fresh lab pings nothing): the
 * container shell asks the host to prepare it (`preloadContainerCommand`) before it runs.
 */
import type { ClusterNetwork, Origin } from '../network.js';
import type { CommandResult } from './curl.js';
/** busybox ping waits this long for the first reply before it gives up (its -W default). */
const PING_FIRST_REPLY_MS = 10_000;

/**
 * busybox ping (networking/ping.c): a request a second, `seq=` from 0, then the statistics; exit 1 when
 * nothing answered. The name resolves as wget's does ("bad address" otherwise).
 */
export function busyboxPing(argv: string[], net: ClusterNetwork, origin: Origin): CommandResult {
  let count = Infinity;
  let waitMs = PING_FIRST_REPLY_MS;
  let quiet = false;
  let host: string | undefined;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-c') count = Number(args[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (a === '-W') waitMs = Number(args[++i]) * 1000;
    else if (a === '-q') quiet = true;
    else if (!a.startsWith('-')) host = a;
  }
  if (!host) return { segments: [{ delayMs: 0, stderr: 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n' }], exitCode: 1 };
  const res = net.resolve(host, origin);
  if (!res.ok) return { segments: [{ delayMs: res.ms, stderr: `ping: bad address '${host}'\n` }], exitCode: 1 };
  const ip = res.addresses[0];
  const segs: CommandResult['segments'] = [{ delayMs: res.ms, stdout: `PING ${host} (${ip}): 56 data bytes\n` }];
  // Without -c busybox pings until interrupted; the run is cut where the exec's limit ends it.
  const n = Number.isFinite(count) ? Math.max(1, count) : 3_600;
  const rtts: number[] = [];
  for (let seq = 0; seq < n; seq++) {
    const reply = net.echo(origin, ip);
    if (reply) rtts.push(reply.us);
    segs.push({ delayMs: seq === 0 ? 0 : 1000, stdout: reply && !quiet ? `64 bytes from ${ip}: seq=${seq} ttl=${reply.ttl} time=${millis(reply.us)} ms\n` : undefined });
  }
  if (!Number.isFinite(count)) return { segments: segs, exitCode: 0 };
  // The last request's reply, or the wait for a first reply that never came.
  const last = rtts.length === n ? Math.ceil(rtts[n - 1] / 1000) : rtts.length === 0 ? Math.max(0, waitMs - (n - 1) * 1000) : 1000;
  const loss = Math.floor(((n - rtts.length) * 100) / n);
  let stats = `\n--- ${host} ping statistics ---\n${n} packets transmitted, ${rtts.length} packets received, ${loss}% packet loss\n`;
  if (rtts.length) {
    const avg = Math.round(rtts.reduce((a, b) => a + b, 0) / rtts.length);
    stats += `round-trip min/avg/max = ${millis(Math.min(...rtts))}/${millis(avg)}/${millis(Math.max(...rtts))} ms\n`;
  }
  segs.push({ delayMs: last, stdout: stats });
  return { segments: segs, exitCode: rtts.length ? 0 : 1 };
}

/** Microseconds as both pings print milliseconds: `0.512`. */
export function millis(us: number): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}
