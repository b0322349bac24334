/**
 * kube-apiserver's health endpoints, /healthz, /livez and /readyz, as k8s.io/apiserver's healthz package serves
 * them (handleRootHealth, InstallPathHandlerWithHealthyFunc): "ok" alone, the checks one per line with `?verbose`,
 * `?exclude=NAME` (repeatable) to skip one, and each check at its own path (/readyz/etcd).
 *
 * The checks are those a kubeadm v1.35 control plane registers: the generic server's ping and log, etcd (all three
 * endpoints) and etcd-readiness (readyz), informer-sync and shutdown (readyz only), and a check per post-start
 * hook of the server chain (apiextensions, kube-apiserver, aggregator), registered with AddBootSequenceHealthChecks
 * so on all three. kube-apiserver registers them while it builds the chain, partly from Go maps, so the order is
 * not in one place in the source: this is the order a kubeadm cluster prints. No KMS provider (kubeadm configures no
 * encryption), and the post-start hooks of features off by default (WatchCacheInitializationPostStartHook's
 * storage-readiness, CoordinatedLeaderElection, UnknownVersionInteroperabilityProxy) are absent.
 */
import { goQuote } from '../../kubectl/printers/gofmt.js';

const HOOKS_BEFORE_AUTOREGISTER = [
  'start-apiserver-admission-initializer',
  'generic-apiserver-start-informers',
  'priority-and-fairness-config-consumer',
  'priority-and-fairness-filter',
  'storage-object-count-tracker-hook',
  'start-apiextensions-informers',
  'start-apiextensions-controllers',
  'crd-informer-synced',
  'start-system-namespaces-controller',
  'start-cluster-authentication-info-controller',
  'start-kube-apiserver-identity-lease-controller',
  'start-kube-apiserver-identity-lease-garbage-collector',
  'start-legacy-token-tracking-controller',
  'start-service-ip-repair-controllers',
  'rbac/bootstrap-roles',
  'scheduling/bootstrap-system-priority-classes',
  'priority-and-fairness-config-producer',
  'bootstrap-controller',
  'start-kubernetes-service-cidr-controller',
  'aggregator-reload-proxy-client-cert',
  'start-kube-aggregator-informers',
  'apiservice-status-local-available-controller',
  'apiservice-status-remote-available-controller',
  'apiservice-registration-controller',
  'apiservice-discovery-controller',
  'kube-apiserver-autoregistration',
];
const HOOKS_AFTER_AUTOREGISTER = ['apiservice-openapi-controller', 'apiservice-openapiv3-controller'];

const BOOT_SEQUENCE = [
  ...HOOKS_BEFORE_AUTOREGISTER.map((h) => `poststarthook/${h}`),
  'autoregister-completion',
  ...HOOKS_AFTER_AUTOREGISTER.map((h) => `poststarthook/${h}`),
];

export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

export const HEALTH_CHECKS: Record<HealthEndpoint, readonly string[]> = {
  healthz: ['ping', 'log', 'etcd', ...BOOT_SEQUENCE],
  livez: ['ping', 'log', 'etcd', ...BOOT_SEQUENCE],
  readyz: ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', ...BOOT_SEQUENCE, 'shutdown'],
};

/** etcd's checks are grouped checks (NamedGroupedCheck): `?exclude=etcd` names the group as well as the check. */
const GROUP: Record<string, string> = { etcd: 'etcd', 'etcd-readiness': 'etcd-readiness' };

/**
 * The storage checks' probe (storagebackend/factory/etcd3.go): a member list with a 2-second timeout, whose error
 * the check returns wrapped. With etcd gone the probe waits out its timeout.
 */
const ETCD_PROBE_TIMEOUT_MS = 2_000;
const ETCD_PROBE_ERROR = 'error getting data from etcd: context deadline exceeded';

export interface HealthAnswer { status: number; body: string; ms: number }

/** The whole health path, e.g. "/readyz", "/livez/etcd" (no query): the endpoint and check it names, if served. */
export function healthPath(path: string): { endpoint: HealthEndpoint; check?: string } | undefined {
  const m = /^\/(healthz|livez|readyz)(?:\/(.+))?$/.exec(path);
  if (!m) return undefined;
  const endpoint = m[1] as HealthEndpoint;
  if (m[2] === undefined) return { endpoint };
  return HEALTH_CHECKS[endpoint].includes(m[2]) ? { endpoint, check: m[2] } : undefined;
}

/** The paths the index (`GET /`) lists for the health endpoints: each endpoint and each of its checks. */
export function healthIndexPaths(): string[] {
  return (Object.keys(HEALTH_CHECKS) as HealthEndpoint[]).flatMap((e) => [`/${e}`, ...HEALTH_CHECKS[e].map((c) => `/${e}/${c}`)]);
}

/** Go's %q of each name, joined by commas (healthz.formatQuoted). */
function formatQuoted(names: string[]): string {
  return names.map(goQuote).join(',');
}

/**
 * The answer to GET on a health path. `etcdUp` false: the API server is serving but etcd does not answer, so the
 * etcd checks fail (the process itself is up: the kubelet's probes and curl on the node reach it).
 */
export function healthAnswer(path: string, query: URLSearchParams, etcdUp: boolean): HealthAnswer | undefined {
  const target = healthPath(path);
  if (!target) return undefined;
  const failing = (check: string) => !etcdUp && (check === 'etcd' || check === 'etcd-readiness');
  if (target.check !== undefined) {
    // adaptCheckToHandler: the check alone; its error is shown, as this path needs no less permission than the log.
    if (failing(target.check)) return { status: 500, body: `internal server error: ${ETCD_PROBE_ERROR}\n`, ms: ETCD_PROBE_TIMEOUT_MS };
    return { status: 200, body: 'ok', ms: 0 };
  }
  const excluded = new Set(query.getAll('exclude'));
  const unknown = new Set(excluded);
  let out = '';
  let failed = false;
  let ms = 0;
  for (const check of HEALTH_CHECKS[target.endpoint]) {
    if (excluded.has(check)) {
      unknown.delete(check);
      out += `[+]${check} excluded: ok\n`;
      continue;
    }
    const group = GROUP[check];
    if (group !== undefined && excluded.has(group)) {
      unknown.delete(group);
      out += `[+]${check} excluded with ${group}: ok\n`;
      continue;
    }
    if (failing(check)) {
      // Public endpoint: the reason goes only to the server's log.
      out += `[-]${check} failed: reason withheld\n`;
      failed = true;
      ms += ETCD_PROBE_TIMEOUT_MS;
    } else out += `[+]${check} ok\n`;
  }
  // sets.String's List() is sorted.
  if (unknown.size > 0) out += `warn: some health checks cannot be excluded: no matches for ${formatQuoted([...unknown].sort())}\n`;
  // Failure is always verbose (http.Error adds the newline).
  if (failed) return { status: 500, body: `${out}${target.endpoint} check failed\n`, ms };
  if (!query.has('verbose')) return { status: 200, body: 'ok', ms };
  return { status: 200, body: `${out}${target.endpoint} check passed\n`, ms };
}
