/**
 * kubectl on a node that has no kubeconfig for it (a worker: kubeadm join
 * writes only the kubelet's): with no --kubeconfig, no $KUBECONFIG file and
 * no ~/.kube/config, client-go falls back to http://localhost:8080, where
 * nothing listens. The texts and the number of discovery errors each verb
 * logs first are kubectl v1.35.2's, run with HOME and KUBECONFIG pointing at
 * nothing; verbs not checked that way log five, as `get` does.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { currentNodeName, newPid, nodeHost } from './host.js';

const EMPTY_CONFIG = 'apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: ""\nkind: Config\nusers: null\n';
const REFUSED = 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n';
const DISCOVERY_ERROR = 'memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp 127.0.0.1:8080: connect: connection refused"';

/** How many discovery errors each verb logs before giving up (checked against the real binary). */
const DISCOVERY_ERRORS: Record<string, number> = { logs: 4, exec: 4, run: 1, 'api-resources': 1, top: 0 };

/** Verbs that need no server (or print what they print without one through the lab's own kubectl). */
const LOCAL = new Set(['config', 'completion', 'help', 'explain', 'kustomize', 'plugin', 'options', 'alpha']);

/** klog's header: Lmmdd hh:mm:ss.uuuuuu threadid file:line] */
function klogHeader(now: number, pid: number): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  const micros = String((now % 1000) * 1000).padStart(6, '0');
  return `E${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${micros} ${String(pid).padStart(7)} `;
}

function hasKubeconfig(ctx: ProcessContext): boolean {
  if (ctx.argv.some((a) => a === '--kubeconfig' || a.startsWith('--kubeconfig=') || a === '--server' || a.startsWith('--server=') || a === '-s' || a.startsWith('-s='))) return true;
  const fromEnv = (ctx.env.KUBECONFIG ?? '').split(':').filter(Boolean);
  if (fromEnv.some((p) => ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, p)) !== undefined)) return true;
  if (fromEnv.length) return false;
  return ctx.fs.readFile(`${ctx.env.HOME || '/root'}/.kube/config`) !== undefined;
}

/** The first word that is not a flag (or a flag's value): kubectl's verb. */
function verbOf(argv: string[]): string | undefined {
  const takesValue = /^(-n|--namespace|--context|--cluster|--user|-v|--v|--request-timeout|--token|--as|--as-group)$/;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('-')) { if (takesValue.test(a)) i++; continue; }
    return a;
  }
  return undefined;
}

export function kubectlWithoutKubeconfig(kubectl: CommandSpec): CommandSpec {
  return {
    ...kubectl,
    async run(ctx) {
      if (hasKubeconfig(ctx)) return kubectl.run(ctx);
      const argv = ctx.argv;
      const verb = verbOf(argv);
      if (verb === 'config') {
        // The merged configuration is empty (checked against kubectl v1.35.2 with no kubeconfig anywhere).
        const sub = argv[argv.indexOf('config') + 1];
        if (sub === 'view' && argv.includes('--minify')) { ctx.stderr.write('error: current-context must exist in order to minify\n'); return 1; }
        if (sub === 'view' && !argv.some((a) => a.startsWith('-o') || a.startsWith('--output'))) { ctx.stdout.write(EMPTY_CONFIG); return 0; }
        if (sub === 'current-context') { ctx.stderr.write('error: current-context is not set\n'); return 1; }
        if (sub === 'get-contexts' && argv.length === 3) { ctx.stdout.write('CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n'); return 0; }
        if (sub === 'get-clusters' && argv.length === 3) { ctx.stdout.write('NAME\n'); return 0; }
      }
      if (verb === undefined || LOCAL.has(verb) || argv.includes('--help') || argv.includes('-h') || argv.includes('--dry-run=client')) return kubectl.run(ctx);
      if (verb === 'version') {
        if (argv.includes('--client')) return kubectl.run(ctx);
        const status = await kubectl.run({ ...ctx, argv: [...argv, '--client'] });
        if (status !== 0) return status;
        ctx.stderr.write(REFUSED);
        return 1;
      }
      if (verb === 'create' && argv[argv.indexOf('create') + 1] === 'deployment') {
        const name = argv[argv.indexOf('create') + 2] ?? '';
        const ns = 'default';
        if (name && !name.startsWith('-')) {
          ctx.stderr.write(`error: failed to create deployment: Post "http://localhost:8080/apis/apps/v1/namespaces/${ns}/deployments?fieldManager=kubectl-create&fieldValidation=Strict": dial tcp 127.0.0.1:8080: connect: connection refused\n`);
          return 1;
        }
      }
      const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
      const pid = h ? newPid(h) : 1;
      const header = klogHeader(ctx.cluster?.clock.now() ?? 0, pid);
      const n = DISCOVERY_ERRORS[verb] ?? 5;
      for (let i = 0; i < n; i++) ctx.stderr.write(header + DISCOVERY_ERROR + '\n');
      if (verb === 'cluster-info') ctx.stdout.write("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
      ctx.stderr.write(REFUSED);
      return 1;
    },
  };
}
