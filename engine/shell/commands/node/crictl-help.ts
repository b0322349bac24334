/**
 * crictl's flags and help texts as data: the flag definitions of cri-tools
 * v1.35 (cmd/crictl/main.go, container.go, sandbox.go, image.go, logs.go,
 * version.go), rendered the way urfave/cli v2.27 does (AppHelpTemplate,
 * CommandHelpTemplate, stringifyFlag, then text/tabwriter 1/8/2).
 */
import { formatTabbed } from '../../../kubectl/printers/gotabwriter.js';
import type { FlagDef } from './cliflags.js';

export interface HelpFlag extends FlagDef {
  usage: string;
  /** The default as GetDefaultText prints it ("" for none). */
  defaultText?: string;
  env?: string[];
  slice?: boolean;
  /** The help and version flags: no "(default: false)". */
  noDefault?: boolean;
}

export interface CrictlCommand {
  names: string[];
  usage: string;
  argsUsage?: string;
  flags: HelpFlag[];
}

export const DEFAULT_RUNTIME_ENDPOINTS = '[unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]';
export const CRICTL_VERSION = 'v1.35.0';

const bool = (names: string[], usage: string): HelpFlag => ({ names, kind: 'bool', usage, defaultText: 'false' });
const str = (names: string[], usage: string, value = ''): HelpFlag => ({ names, kind: 'string', usage, defaultText: value ? JSON.stringify(value) : '' });
const int = (names: string[], usage: string, value = 0): HelpFlag => ({ names, kind: 'int', usage, defaultText: String(value) });
const slice = (names: string[], usage: string): HelpFlag => ({ names, kind: 'string', usage, slice: true });

export const GLOBAL_FLAGS: HelpFlag[] = [
  { ...str(['config', 'c'], "Location of the client config file. If not specified and the default does not exist, the program's directory is searched as well", '/etc/crictl.yaml'), env: ['CRI_CONFIG_FILE'] },
  bool(['debug', 'D'], 'Enable debug mode'),
  bool(['enable-tracing'], 'Enable OpenTelemetry tracing.'),
  { ...str(['image-endpoint', 'i'], "Endpoint of CRI image manager service (default: uses 'runtime-endpoint' setting)"), env: ['IMAGE_SERVICE_ENDPOINT'] },
  str(['profile-cpu'], 'Write a pprof CPU profile to the provided path.'),
  str(['profile-mem'], 'Write a pprof memory profile to the provided path.'),
  { ...str(['runtime-endpoint', 'r'], `Endpoint of CRI container runtime service (default: uses in order the first successful one of ${DEFAULT_RUNTIME_ENDPOINTS}). Default is now deprecated and the endpoint should be set instead.`), env: ['CONTAINER_RUNTIME_ENDPOINT'] },
  { names: ['timeout', 't'], kind: 'string', usage: 'Timeout of connecting to the server in seconds (e.g. 2s, 20s.). 0 or less is set to default', defaultText: '2s' },
  str(['tracing-endpoint'], 'Address to which the gRPC tracing collector will send spans to.', '127.0.0.1:4317'),
  int(['tracing-sampling-rate-per-million'], 'Number of samples to collect per million OpenTelemetry spans. Set to 1000000 or -1 to always sample.', -1),
  { names: ['help', 'h'], kind: 'bool', usage: 'show help', noDefault: true },
  { names: ['version', 'v'], kind: 'bool', usage: 'print the version', noDefault: true },
];

const HELP: HelpFlag = { names: ['help', 'h'], kind: 'bool', usage: 'show help', noDefault: true };
const OUTPUT_TABLE = str(['output', 'o'], 'Output format, One of: json|yaml|table', 'table');

export const COMMANDS: Record<string, CrictlCommand> = {
  ps: {
    names: ['ps'], usage: 'List containers',
    flags: [
      bool(['all', 'a'], 'Show all containers'), str(['id'], 'Filter by container id'), str(['image'], 'Filter by container image'),
      slice(['label'], 'Filter by key=value label'),
      int(['last', 'n'], 'Show last n recently created containers (includes all states). Set 0 for unlimited.'),
      bool(['latest', 'l'], 'Show the most recently created container (includes all states)'),
      str(['name'], 'Filter by container name regular expression pattern'), str(['namespace'], 'Filter by pod namespace regular expression pattern'),
      bool(['no-trunc'], 'Show output without truncating the ID'), OUTPUT_TABLE, str(['pod', 'p'], 'Filter by pod id'),
      bool(['quiet', 'q'], 'Only display container IDs'), bool(['resolve-image-path', 'r'], 'Show image path instead of image id'),
      str(['state', 's'], 'Filter by container state'), bool(['verbose', 'v'], 'Show verbose information for containers'),
    ],
  },
  pods: {
    names: ['pods'], usage: 'List pods',
    flags: [
      str(['id'], 'filter by pod id'), slice(['label'], 'Filter by key=value label'), int(['last', 'n'], 'Show last n recently created pods. Set 0 for unlimited'),
      bool(['latest', 'l'], 'Show the most recently created pod'), str(['name'], 'Filter by pod name regular expression pattern'),
      str(['namespace'], 'Filter by pod namespace regular expression pattern'), bool(['no-trunc'], 'Show output without truncating the ID'), OUTPUT_TABLE,
      bool(['quiet', 'q'], 'List only pod IDs'), str(['state', 's'], 'Filter by pod state'), bool(['verbose', 'v'], 'Show verbose info for pods'),
    ],
  },
  images: {
    names: ['images', 'image', 'img'], usage: 'List images', argsUsage: '[REPOSITORY[:TAG]]',
    flags: [
      bool(['digests'], 'Show digests'),
      slice(['filter', 'f'], 'Filter output based on provided conditions.\nAvailable filters: \n* dangling=(boolean - true or false)\n* reference=/regular expression/\n* before=<image-name>[:<tag>]|<image id>|<image@digest>\n* since=<image-name>[:<tag>]|<image id>|<image@digest>\nMultiple filters can be combined together.'),
      bool(['no-trunc'], 'Show output without truncating the ID'), str(['output', 'o'], 'Output format, One of: json|yaml|table'),
      bool(['pinned'], 'Show whether the image is pinned or not'), bool(['quiet', 'q'], 'Only show image IDs'), bool(['verbose', 'v'], 'Show verbose info for images'),
    ],
  },
  logs: {
    names: ['logs'], usage: 'Fetch the logs of a container', argsUsage: 'CONTAINER-ID',
    flags: [
      bool(['follow', 'f'], 'Follow log output'), int(['limit-bytes'], 'Maximum bytes of logs to return. Defaults to no limit', -1),
      bool(['previous', 'p'], 'Print the logs for the previous instance of the container in a pod if it exists'),
      bool(['reopen', 'r'], 'Reopen the container logs for the provided container'),
      str(['since'], 'Show logs since timestamp (e.g. 2013-01-02T13:23:37) or relative (e.g. 42m for 42 minutes)'),
      str(['stream', 's'], 'Show specified stream (stdout or stderr). Defaults to both.'),
      int(['tail'], 'Number of lines to show from the end of the logs. Defaults to all', -1), bool(['timestamps', 't'], 'Show timestamps'),
    ],
  },
  version: { names: ['version'], usage: 'Display runtime version information', flags: [] },
};

/** Every command of crictl v1.35 for the app help, in main()'s order (sorted by name), and the help command urfave adds. */
const ALL_COMMANDS: Array<[string, string]> = [
  ['attach', 'Attach to a running container'], ['checkpoint', 'Checkpoint one or more running containers'],
  ['completion', 'Output shell completion code'], ['config', 'Get, set and list crictl configuration options'],
  ['create', 'Create a new container'], ['events, event', 'Stream the events of containers'],
  ['exec', 'Run a command in a running container'], ['imagefsinfo', 'Return image filesystem info'], ['images, image, img', 'List images'],
  ['info', 'Display information of the container runtime'], ['inspect', 'Display the status of one or more containers'],
  ['inspecti', 'Return the status of one or more images'], ['inspectp', 'Display the status of one or more pods'],
  ['logs', 'Fetch the logs of a container'],
  ['metricdescs', 'List metric descriptors. Returns information about the metrics available through the CRI.'],
  ['metricsp', "List pod metrics. Metrics are unstructured key/value pairs gathered by CRI meant to replace cAdvisor's /metrics/cadvisor endpoint."],
  ['pods', 'List pods'], ['port-forward', 'Forward local port to a pod'], ['ps', 'List containers'], ['pull', 'Pull an image from a registry'],
  ['rm', 'Remove one or more containers'], ['rmi', 'Remove one or more images'], ['rmp', 'Remove one or more pods'],
  ['run', 'Run a new container inside a sandbox'], ['runp', 'Run a new pod'], ['runtime-config', 'Retrieve the container runtime configuration'],
  ['start', 'Start one or more created containers'], ['stats', 'List container(s) resource usage statistics'],
  ['statsp', "List pod statistics. Stats represent a structured API that will fulfill the Kubelet's /stats/summary endpoint."],
  ['stop', 'Stop one or more running containers'], ['stopp', 'Stop one or more running pods'], ['update', 'Update one or more running containers'],
  ['update-runtime-config', 'Update the runtime configuration'], ['version', 'Display runtime version information'],
  ['help, h', 'Shows a list of commands or help for one command'],
];

/** Names of the crictl commands this lab runs, by every name they answer to. */
export function commandNamed(name: string): CrictlCommand | undefined {
  return Object.values(COMMANDS).find((c) => c.names.includes(name));
}

/** Whether `name` is one of crictl's commands at all (the lab runs only some). */
export function isCrictlCommand(name: string): boolean {
  return ALL_COMMANDS.some(([names]) => names.split(', ').includes(name));
}

/** stringifyFlag: names with their placeholder, a tab, the usage with its default and environment variables. */
function flagString(f: HelpFlag): string {
  const placeholder = f.kind === 'bool' ? '' : 'value';
  let names = f.names.map((n) => `${n.length === 1 ? '-' : '--'}${n}${placeholder ? ' ' + placeholder : ''}`).join(', ');
  if (f.slice) names = `${names} [ ${names} ]`;
  const def = !f.noDefault && f.defaultText ? ` (default: ${f.defaultText})` : '';
  const env = f.env?.length ? ` [$${f.env.join(', $')}]` : '';
  // wrap(…, 6): continuation lines of a multi-line usage are indented six spaces.
  const usage = `${f.usage}${def}`.trim().split('\n').map((l, i) => (i === 0 || l === '' ? l : '      ' + l)).join('\n');
  return `${names}\t${usage}${env}`;
}

function flagsBlock(flags: HelpFlag[]): string {
  return flags.map((f) => `\n   ${flagString(f)}`).join('');
}

/** `crictl`, `crictl help`, `crictl --help`. */
export function appHelp(): string {
  const width = Math.max(...ALL_COMMANDS.map(([n]) => n.length)) + 5;
  const commands = ALL_COMMANDS.map(([n, u]) => `\n   ${n}${' '.repeat(width - (n.length + 3))}${u}`).join('');
  const text = `NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command [command options]\n\nVERSION:\n   ${CRICTL_VERSION}\n\nCOMMANDS:${commands}\n\nGLOBAL OPTIONS:${flagsBlock(GLOBAL_FLAGS)}\n`;
  return formatTabbed(text, 1, 2);
}

/** `crictl ps --help`, and what ShowSubcommandHelp prints for a wrong use. */
export function commandHelp(cmd: CrictlCommand): string {
  const name = `crictl ${cmd.names[0]}`;
  const flags = [...cmd.flags, HELP];
  const text = `NAME:\n   ${name} - ${cmd.usage}\n\nUSAGE:\n   ${name} [command options]${cmd.argsUsage ? ' ' + cmd.argsUsage : ''}\n\nOPTIONS:${flagsBlock(flags)}\n`;
  return formatTabbed(text, 1, 2);
}
