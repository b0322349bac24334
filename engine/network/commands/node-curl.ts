/**
 * curl in the learner's terminal (curl 8.5.0 on the Ubuntu 24.04 node): the
 * same curl as in containers, its output written as it happens, waiting on
 * the virtual clock (a dropped connection takes its ~2 minutes; Ctrl-C ends it).
 */
import type { CommandSpec } from '../../shell/process.js';
import { HOSTNAME } from '../../shell/commands/misc.js';
import { curlCore, DETACHED_NETWORK } from './curl.js';
import { loadInternetFor } from '../internet/hosts.js';
// kube-apiserver's secure port answers it (the handler registers itself with the network).
import '../../api/server/handler.js';

export const nodeCurl: CommandSpec = {
  name: 'curl',
  summary: 'transfer a URL',
  async run(ctx) {
    const cluster = ctx.cluster;
    if (cluster?.network) await loadInternetFor(ctx.argv, () => (ctx.hold ? ctx.hold() : cluster.clock.hold()));
    // A shell with no cluster behind it (unit tests, the page before boot): a host without the cluster network.
    const readFile = (p: string) => ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, p));
    const r = cluster?.network
      ? curlCore(ctx.argv, cluster.network, { node: ctx.host?.node ?? cluster.nodeConfigs.find((n) => n.role === 'control-plane')?.name ?? cluster.nodeConfigs[0].name }, '8.5', readFile, ctx.terminal.isTTY)
      : curlCore(ctx.argv, DETACHED_NETWORK, { node: HOSTNAME }, '8.5', readFile, ctx.terminal.isTTY);
    for (const s of r.segments) {
      if (s.delayMs > 0) await ctx.sleep(s.delayMs);
      if (ctx.signal.aborted) return 130;
      if (s.stdout) ctx.stdout.write(s.stdout);
      if (s.stderr) ctx.stderr.write(s.stderr);
    }
    for (const [f, content] of Object.entries(r.files ?? {})) ctx.fs.writeFile(ctx.fs.resolve(ctx.cwd, f), content);
    return r.exitCode;
  },
};
