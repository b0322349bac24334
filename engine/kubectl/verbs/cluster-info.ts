/**
 * `kubectl cluster-info`: the control plane address from the kubeconfig and
 * every kube-system Service labelled kubernetes.io/cluster-service=true
 * (CoreDNS on kubeadm clusters), printed without colour as kubectl does when
 * stdout is not a terminal.
 */
import type { Command } from '../framework/command.js';
import { HELP } from './help-data.js';

export const clusterInfo: Command = {
  name: 'cluster-info',
  short: 'Display cluster information',
  ...HELP['cluster-info'],
  run(inv) {
    const server = inv.flags.string('server') || inv.session.server();
    const services = inv.client().list('services', 'kube-system', { labelSelector: 'kubernetes.io/cluster-service=true' }).items;
    let out = `Kubernetes control plane is running at ${server}\n`;
    for (const svc of services) {
      const name = svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name;
      const ports = ((svc.spec as { ports?: { name?: string }[] })?.ports ?? []);
      const port = ports[0]?.name ? `:${ports[0].name}` : '';
      out += `${name} is running at ${server}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${port}/proxy\n`;
    }
    out += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    inv.out(out);
    return 0;
  },
};
