/**
 * iputils' ping on the learner's node, loaded on first use: a line per reply as it comes, then the
 * statistics. Pods answer through flannel and nodes directly; a Service's IP is virtual (kube-proxy's rules
 * rewrite only its TCP/UDP ports), so echo requests to it go unanswered, as to any address nobody has.
 */
import { millis } from '../../network/commands/busybox-ping.js';
import type { CommandSpec } from '../process.js';
import { from, IP } from './network.js';

/** How long iputils' ping waits for the last reply when it is missing (its default -W). */
const LINGER_MS = 10_000;

export const ping: CommandSpec = {
  name: 'ping',
  summary: 'send ICMP ECHO_REQUEST to network hosts',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let count = Infinity;
    let host: string | undefined;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-c') count = Number(args[++i]);
      else if (args[i].startsWith('-c')) count = Number(args[i].slice(2));
      else if (!args[i].startsWith('-')) host = args[i];
    }
    if (!host) { ctx.stderr.write('ping: usage error: Destination address required\n'); return 1; }
    let ip = IP.test(host) ? host : ctx.network?.lookup(host, from(ctx))?.addresses[0];
    if (host === 'localhost') ip = '127.0.0.1';
    if (!ip) { ctx.stderr.write(`ping: ${host}: Name or service not known\n`); return 2; }
    ctx.stdout.write(`PING ${host} (${ip}) 56(84) bytes of data.\n`);
    let sent = 0;
    const rtts: number[] = [];
    while (sent < count && !ctx.signal.aborted) {
      sent++;
      const reply = ctx.network?.echoFrom?.(ip, from(ctx));
      if (reply) {
        rtts.push(reply.us);
        ctx.stdout.write(`64 bytes from ${ip}: icmp_seq=${sent} ttl=${reply.ttl} time=${millis(reply.us)} ms\n`);
      }
      if (sent < count) await ctx.sleep(1000);
      // The last request unanswered: iputils lingers for its reply before it gives the statistics.
      else if (!reply && !ctx.signal.aborted) await ctx.sleep(LINGER_MS);
    }
    // `time`: from the first request to the last (the linger is not counted), a millisecond of drift per second.
    const ms = Math.max(0, sent - 1) * 1001;
    const loss = sent ? ((sent - rtts.length) * 100) / sent : 0;
    ctx.stdout.write(`\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${rtts.length} received, ${Number(loss.toPrecision(6))}% packet loss, time ${ms}ms\n`);
    if (rtts.length) {
      const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
      const mdev = Math.sqrt(rtts.reduce((a, b) => a + b * b, 0) / rtts.length - avg * avg);
      ctx.stdout.write(`rtt min/avg/max/mdev = ${millis(Math.min(...rtts))}/${millis(Math.round(avg))}/${millis(Math.max(...rtts))}/${millis(Math.round(mdev))} ms`);
    }
    ctx.stdout.write('\n');
    return rtts.length ? 0 : 1;
  },
};
