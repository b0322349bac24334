/**
 * The few public hosts the lab's network reaches: those that serve the Kubernetes documentation's example manifests
 * (`kubectl apply -f https://k8s.io/examples/...`, `curl -LO ...`), and the page the documentation's examples fetch
 * themselves (pods/init-containers.yaml: `wget -O /work-dir/index.html http://info.cern.ch`). Everything else outside the cluster stays
 * unresolvable, as before. The names and addresses stay loaded (resolving is synchronous); what the hosts answer
 * loads with the clients that ask them (web.ts), and the lab prefetches it at idle so it is there offline.
 */
import { lazyModule } from '../../util/lazy-module.js';

/**
 * A records as public DNS gives them: k8s.io is the project's redirector (a Google Cloud load balancer in front of
 * nginx), kubernetes.io a Netlify site (Netlify's apex-domain address), raw.githubusercontent.com GitHub's CDN,
 * info.cern.ch CERN's Apache (the address curl -v showed for it in October 2025).
 */
export const INTERNET_HOSTS: Readonly<Record<string, readonly string[]>> = {
  'k8s.io': ['34.107.204.206'],
  'kubernetes.io': ['75.2.60.5'],
  'raw.githubusercontent.com': ['185.199.108.133', '185.199.109.133', '185.199.110.133', '185.199.111.133'],
  'info.cern.ch': ['188.184.67.127'],
};

const HOST_OF_ADDRESS = new Map(Object.entries(INTERNET_HOSTS).flatMap(([host, ips]) => ips.map((ip) => [ip, host] as const)));

/** The public host behind `ip`, if it is one of them. */
export function internetHostOf(ip: string): string | undefined {
  return HOST_OF_ADDRESS.get(ip);
}

/** The node's resolver (systemd-resolved's stub), as Go's and nslookup's errors name it. */
export const NODE_NAMESERVER = '127.0.0.53';

/** What the hosts answer, with the example manifests. */
export const internet = lazyModule(() => import('./web.js'));

/** Does any of these command-line words name one of the hosts (a URL, or a bare host)? Then their answers must be loaded first. */
export function mentionsInternetHost(words: readonly string[]): boolean {
  return words.some((w) => {
    const m = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?([^/:?#\s]+)/.exec(w);
    return !!m && m[1].toLowerCase() in INTERNET_HOSTS;
  });
}

/** Loads the hosts' answers when `words` name one (undefined when there is nothing to wait for). */
export function preloadInternet(words: readonly string[]): Promise<unknown> | undefined {
  return !internet.loaded() && mentionsInternetHost(words) ? internet.load() : undefined;
}

/** Before a command that names one of the hosts runs: loads their answers with the clock held (time stands still meanwhile). */
export async function loadInternetFor(words: readonly string[], hold: () => () => void): Promise<void> {
  const pending = preloadInternet(words);
  if (!pending) return;
  const release = hold();
  try {
    await pending;
  } finally {
    release();
  }
}
