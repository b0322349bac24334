/**
 * `kubeadm certs check-expiration` (cmd/kubeadm/app/cmd/certs.go): first the
 * cluster configuration (FetchInitConfigurationFromCluster's two lines, and
 * the fallback line when the kubeadm-config ConfigMap cannot be read), then
 * certTextPrinter's two tabwriter tables (minwidth 10, padding 3): the
 * renewal manager's certificates sorted by name, then the CAs. EXPIRES is
 * "Jan 02, 2006 15:04 MST" in UTC, RESIDUAL TIME duration.ShortHumanDuration
 * of what is left, the last cell `%-8v`-padded as kubeadm prints it. The dates are the files' (node-files.ts).
 */
import type { Client } from '../../../api/client.js';
import { formatTabbed } from '../../../kubectl/printers/gotabwriter.js';
import { parseCertificatePEM } from '../../../util/pkix.js';
import type { ProcessContext } from '../../process.js';
import { currentNodeName } from './host.js';
import { shortHumanDuration } from './kubeadm-tokens.js';

/** The renewal manager's handlers on a control-plane node made by `kubeadm init`, with the CA each names. */
const CERTIFICATES: [name: string, ca: string][] = [
  ['admin.conf', 'ca'], ['apiserver', 'ca'], ['apiserver-etcd-client', 'etcd-ca'], ['apiserver-kubelet-client', 'ca'],
  ['controller-manager.conf', 'ca'], ['etcd-healthcheck-client', 'etcd-ca'], ['etcd-peer', 'etcd-ca'], ['etcd-server', 'etcd-ca'],
  ['front-proxy-client', 'front-proxy-ca'], ['scheduler.conf', 'ca'], ['super-admin.conf', 'ca'],
];
const CAS = ['ca', 'etcd-ca', 'front-proxy-ca'];

/** FetchInitConfigurationFromCluster's two lines for `logPrefix`, and whether it found the kubeadm-config ConfigMap. */
export function fetchClusterConfiguration(client: Client, logPrefix: string): { out: string; found: boolean } {
  let out = `[${logPrefix}] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n`;
  out += `[${logPrefix}] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.\n`;
  try {
    return { out, found: !!client.tryGet('configmaps', 'kube-system', 'kubeadm-config') };
  } catch {
    return { out, found: false };
  }
}

/** getInternalCfg's preamble: the fetch, then a blank line, or the fallback to the default configuration. */
function configPreamble(client: Client, logPrefix: string): string {
  const { out, found } = fetchClusterConfiguration(client, logPrefix);
  return out + (found ? '\n' : `[${logPrefix}] Error reading configuration from the Cluster. Falling back to default configuration\n\n`);
}

/** time.Format("Jan 02, 2006 15:04 MST") in UTC. */
function expiresText(ms: number): string {
  const d = new Date(ms);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const two = (n: number) => String(n).padStart(2, '0');
  return `${month} ${two(d.getUTCDate())}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** Where each certificate lives: a kubeconfig's embedded client certificate, or a file of /etc/kubernetes/pki. */
const pathOf = (name: string) => (name.endsWith('.conf') ? `/etc/kubernetes/${name}`
  : `/etc/kubernetes/pki/${name.startsWith('etcd-') ? `etcd/${name.slice(5)}` : name}.crt`);

/** The certificate's notAfter as the renewal manager reads it, or undefined when it is missing (or unreadable). */
function notAfterOf(ctx: ProcessContext, name: string): number | undefined {
  try {
    const text = ctx.fs.readFile(pathOf(name));
    if (text === undefined) return undefined;
    const cert = parseCertificatePEM(name.endsWith('.conf') ? atob(/client-certificate-data: (\S+)/.exec(text)?.[1] ?? '') : text);
    return typeof cert === 'string' ? undefined : cert.notAfter;
  } catch {
    return undefined;
  }
}

/**
 * The certificates as the files hold them, each `!MISSING!` when its file is not there: what `kubeadm init` left
 * on the control-plane node (node-files.ts), and only ca.crt on a worker made by `kubeadm join`. A worker has no
 * admin.conf, so no client and no configuration preamble.
 */
export function checkExpiration(ctx: ProcessContext, client: Client): string {
  const now = ctx.cluster.clock.now();
  // ResidualTimeSeconds is whole seconds of what is left.
  const row = (name: string, ca?: string) => {
    const notAfter = notAfterOf(ctx, name);
    if (notAfter === undefined) return `!MISSING! ${name}\t\t\t${ca === undefined ? '' : '\t'}\n`;
    return `${name}\t${expiresText(notAfter)}\t${shortHumanDuration(Math.trunc((notAfter - now) / 1000) * 1000)}\t${ca === undefined ? '' : `${ca}\t`}${'no'.padEnd(8)}\n`;
  };
  let table = 'CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED\n';
  for (const [name, ca] of CERTIFICATES) table += row(name, ca);
  table += '\nCERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED\n';
  for (const ca of CAS) table += row(ca);
  const node = ctx.cluster.nodeConfigs.find((n) => n.name === currentNodeName(ctx));
  return (node && node.role !== 'control-plane' ? '' : configPreamble(client, 'check-expiration')) + formatTabbed(table, 10, 3);
}
