/** What `kubelab version` and `kubelab shell` need beyond Node's terminal: kept here so bin/ stays thin. */
import { Cluster } from '../cluster.js';
import { KUBERNETES_VERSION } from '../kubelet/static-pods.js';
import { loadOptionalCommands, Session } from './session.js';
import { TerminalSession, type TerminalSize } from './terminal.js';
import { loadFlagTables } from '../kubectl/verbs/flag-tables.js';

/** kubectl's client version when kubectl is loaded (it follows v1.35.2). */
export const KUBECTL_CLIENT_VERSION = 'v1.35.2';

export function versionText(kubelabVersion: string): string {
  return `kubelab version: ${kubelabVersion}\nKubernetes version: ${KUBERNETES_VERSION} (emulated; kubectl ${KUBECTL_CLIENT_VERSION})\n`;
}

export async function createInteractive(opts: { seed?: number; nodes?: number }, write: (t: string) => void, size: TerminalSize): Promise<{ term: TerminalSession; cluster: Cluster; session: Session }> {
  // No checker reads this cluster's recorded history (`kubelab check` boots its own), so it keeps none.
  const cluster = new Cluster({ seed: opts.seed ?? 1, recordHistory: false, ...(opts.nodes !== undefined ? { workers: opts.nodes } : {}) }).boot();
  const session = new Session({ cluster, terminal: { isTTY: true, columns: size.columns, rows: size.rows }, startup: true });
  await loadOptionalCommands(session);
  // bash reads its start-up files before the first prompt (the kubectl line in ~/.bashrc needs kubectl registered).
  await session.start((t) => write(t.replace(/\n/g, '\r\n')));
  // The terminal's Tab completion is synchronous: kubectl's lazily loaded flag tables load first.
  await loadFlagTables();
  const term = new TerminalSession(session, write, size);
  return { term, cluster, session };
}
