/**
 * `kubeadm certs check-expiration` (cmd/kubeadm/app/cmd/certs.go): first the
 * cluster configuration (FetchInitConfigurationFromCluster's two lines, and
 * the fallback line when the kubeadm-config ConfigMap cannot be read), then
 * certTextPrinter's two tabwriter tables (minwidth 10, padding 3): the
 * renewal manager's certificates sorted by name, then the CAs. EXPIRES is
 * "Jan 02, 2006 15:04 MST" in UTC, RESIDUAL TIME duration.ShortHumanDuration
 * of what is left, the last cell `%-8v`-padded as kubeadm prints it.
 */
import type { Client } from '../../../api/client.js';
import { formatTabbed } from '../../../kubectl/printers/gotabwriter.js';
import { DEFAULT_EPOCH_MS } from '../../../util/clock.js';
import type { ProcessContext } from '../../process.js';
import { currentNodeName } from './host.js';
import { shortHumanDuration } from './kubeadm-tokens.js';

const HOUR = 3_600_000;
/**
 * When `kubeadm init` made the lab's PKI: the cluster's first instant (ca.crt's ten years from the default one
 * are the certificates controller's CA_NOT_AFTER, 2035-12-30).
 */
export const kubeadmInitAt = (ctx: ProcessContext) => ctx.cluster.options.epochMs ?? DEFAULT_EPOCH_MS;
/** ClusterConfiguration's certificateValidityPeriod and caCertificateValidityPeriod defaults (v1beta4). */
const CERT_VALIDITY = 8760 * HOUR;
const CA_VALIDITY = 87600 * HOUR;

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

/**
 * A worker made by `kubeadm join` has no control-plane PKI and no admin.conf: without a client there is no
 * configuration preamble, every certificate is !MISSING!, and only ca.crt (which join writes) is there.
 */
function workerExpiration(ctx: ProcessContext, caNotAfter: number, residual: (ms: number) => string): string {
  let table = 'CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED\n';
  for (const [name] of CERTIFICATES) table += `!MISSING! ${name}\t\t\t\t\n`;
  table += '\nCERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED\n';
  table += `ca\t${expiresText(caNotAfter)}\t${residual(caNotAfter)}\t${'no'.padEnd(8)}\n`;
  for (const ca of CAS.slice(1)) table += `!MISSING! ${ca}\t\t\t\n`;
  return formatTabbed(table, 10, 3);
}

export function checkExpiration(ctx: ProcessContext, client: Client): string {
  const now = ctx.cluster.clock.now();
  // ResidualTimeSeconds is whole seconds of what is left.
  const residual = (notAfter: number) => shortHumanDuration(Math.trunc((notAfter - now) / 1000) * 1000);
  const certNotAfter = kubeadmInitAt(ctx) + CERT_VALIDITY;
  const caNotAfter = kubeadmInitAt(ctx) + CA_VALIDITY;
  const node = ctx.cluster.nodeConfigs.find((n) => n.name === currentNodeName(ctx));
  if (node && node.role !== 'control-plane') return workerExpiration(ctx, caNotAfter, residual);
  let table = 'CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED\n';
  for (const [name, ca] of CERTIFICATES) table += `${name}\t${expiresText(certNotAfter)}\t${residual(certNotAfter)}\t${ca}\t${'no'.padEnd(8)}\n`;
  table += '\nCERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED\n';
  for (const ca of CAS) table += `${ca}\t${expiresText(caNotAfter)}\t${residual(caNotAfter)}\t${'no'.padEnd(8)}\n`;
  return configPreamble(client, 'check-expiration') + formatTabbed(table, 10, 3);
}
