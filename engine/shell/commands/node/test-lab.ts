/** For the node tools' tests: a booted cluster, a shell on its control-plane node, and a line runner over virtual time. */
import { Cluster, type ClusterOptions } from '../../../cluster.js';
import { driveClock } from '../../script.js';
import { loadOptionalCommands, Session } from '../../session.js';

export async function lab(options: number | ClusterOptions = 3) {
  const cluster = new Cluster(typeof options === 'number' ? { seed: options } : options).boot();
  const session = new Session({ cluster, terminal: { isTTY: false, columns: 80, rows: 24 } });
  await loadOptionalCommands(session);
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(session.run(line, (t) => (out += t)), cluster.clock, 600_000, () => session.interrupt());
    return { out, status: r.status };
  };
  const nodeReady = (name: string) => {
    const n = cluster.client().get('nodes', undefined, name) as { status?: { conditions?: Array<{ type: string; status: string }> } };
    return n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  };
  return { cluster, session, run, nodeReady };
}
