/**
 * `kubectl version`: client, Kustomize and server versions. The client is the
 * kubectl v1.35.2 this emulator follows; the server version is the API
 * server's (the kubelet's version string, as kubeadm installs matching ones).
 */
import type { Command } from '../framework/command.js';
import { toYAML } from '../printers/yaml.js';
import { KUBELET_VERSION } from '../../kubelet/kubelet.js';

export const CLIENT_VERSION = {
  major: '1',
  minor: '35',
  gitVersion: 'v1.35.2',
  gitCommit: 'fdc9d74cbf2da6754ebf81d56f80ae2948cd6425',
  gitTreeState: 'clean',
  buildDate: '2026-02-26T20:05:34Z',
  goVersion: 'go1.25.7',
  compiler: 'gc',
  platform: 'linux/amd64',
};
export const KUSTOMIZE_VERSION = 'v5.7.1';

/** apimachinery's version.Info: the emulation and compatibility members are only the server's (omitempty). */
export interface VersionInfo {
  major: string; minor: string;
  emulationMajor?: string; emulationMinor?: string; minCompatibilityMajor?: string; minCompatibilityMinor?: string;
  gitVersion: string; gitCommit: string; gitTreeState: string; buildDate: string; goVersion: string; compiler: string; platform: string;
}

/**
 * kube-apiserver's /version. Since v1.33 it names its emulation version (the binary's own, unless
 * --emulated-version says otherwise) and the minimum compatibility version, one minor back.
 */
export function serverVersion(): VersionInfo {
  const v = KUBELET_VERSION.replace(/^v/, '').split('.');
  return {
    major: v[0], minor: v[1],
    emulationMajor: v[0], emulationMinor: v[1], minCompatibilityMajor: v[0], minCompatibilityMinor: String(Number(v[1]) - 1),
    gitVersion: KUBELET_VERSION,
    gitCommit: '66452049f3d692768c39c797b21b793dce80314e', gitTreeState: 'clean', buildDate: '2025-12-17T12:32:06Z',
    goVersion: 'go1.25.5', compiler: 'gc', platform: 'linux/amd64',
  };
}

export const version: Command = {
  name: 'version',
  short: 'Print the client and server version information',
  long: 'Print the client and server version information for the current context.',
  example: `  # Print the client and server versions for the current context
  kubectl version`,
  use: 'version [flags]',
  flags: [
    { name: 'client', type: 'bool', usage: 'If true, shows client version only (no server required).' },
    { name: 'output', shorthand: 'o', type: 'string', usage: "One of 'yaml' or 'json'." },
  ],
  run(inv) {
    const output = inv.flags.string('output');
    if (output !== '' && output !== 'yaml' && output !== 'json') throw new Error('--output must be \'yaml\' or \'json\'');
    const clientOnly = inv.flags.bool('client');
    let server: ReturnType<typeof serverVersion> | undefined;
    let serverErr: unknown;
    if (!clientOnly) {
      try {
        inv.client().list('namespaces', undefined, { fieldSelector: 'metadata.name=default' });
        server = serverVersion();
      } catch (e) {
        serverErr = e;
      }
    }
    if (output) {
      const doc: Record<string, unknown> = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE_VERSION };
      if (server) doc.serverVersion = server;
      // json.MarshalIndent(v, "", "  "), not the printers' four-space JSON.
      if (output === 'json') inv.out(JSON.stringify(doc, null, 2) + '\n');
      else inv.out(toYAML(doc) + '\n');
    } else {
      inv.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
      if (server) inv.out(`Server Version: ${server.gitVersion}\n`);
    }
    if (serverErr) throw serverErr;
    return 0;
  },
};
