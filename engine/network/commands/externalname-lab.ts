/** For the DNS tests: a lab with web in namespace other, ExternalName Services to example.com and to web, and `lines` run after. */
import { lab } from '../../shell/commands/node/test-lab.js';

export async function externalNameLab(lines: string[]) {
  const l = await lab(1);
  for (const line of [
    'kubectl create namespace other',
    'kubectl -n other create deployment web --image=nginx',
    'kubectl -n other expose deployment web --port 80',
    'kubectl create service externalname ext --external-name example.com',
    'kubectl create service externalname ext2 --external-name web.other.svc.cluster.local',
    ...lines,
    'kubectl -n other rollout status deployment web',
  ]) if ((await l.run(line)).status !== 0) throw new Error(`failed: ${line}`);
  const web = (await l.run("kubectl -n other get svc web -o jsonpath='{.spec.clusterIP}'")).out;
  return { ...l, web };
}
