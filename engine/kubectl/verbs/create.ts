/**
 * `kubectl create -f` and the generators (`create deployment|service|namespace|
 * configmap|secret generic|serviceaccount`). Generators build the object in
 * the Go struct's field order, so `-o json` of a client-side dry run matches
 * the real binary byte for byte; YAML output sorts keys anyway.
 */
import type { KObject } from '../../api/meta.js';
import { StatusError } from '../../api/errors.js';
import { lookupResource, resourceKey, type ResourceInfo } from '../../api/resources.js';
import { filenameMatches, readFilenameStreams } from '../framework/builder.js';
import { CREATE_UNSERVED, SECRET_SUBCOMMANDS } from './lazy.js';
import { appendHash } from './append-hash.js';
import { AggregateError, PlainError, UsageError, type Command, type Invocation } from '../framework/command.js';
import { loadHelpTexts, renderHelp } from '../framework/help.js';
import { lazyModule } from '../../util/lazy-module.js';
import { base64Encode } from '../../util/base64.js';
import {
  dryRunStrategy, fieldValidation, holding, infoOf, manifestNamespace, outputSpec, printResult, setLastApplied, verb, withNamespace, withSource, type DryRun,
} from './mutate.js';

const RES = {
  deployments: () => lookupResource('deployments.apps')!,
  services: () => lookupResource('services')!,
  namespaces: () => lookupResource('namespaces')!,
  configmaps: () => lookupResource('configmaps')!,
  secrets: () => lookupResource('secrets')!,
  serviceaccounts: () => lookupResource('serviceaccounts')!,
};

/**
 * cobra's ValidateRequiredFlags: runs after flag parsing and before the
 * command's own checks (so before NAME), naming every missing flag in flag-name order.
 */
export function requireFlags(inv: Invocation, ...names: string[]): void {
  const missing = names.filter((n) => !inv.flags.changed(n)).sort();
  if (missing.length) throw new PlainError(`error: required flag(s) ${missing.map((n) => `"${n}"`).join(', ')} not set`);
}

/** Go's strconv.Atoi: an optional sign and decimal digits, with its error texts. */
export function goAtoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 9223372036854775807) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** What a generator's Complete reads, in its order: the dry-run strategy, the printer (-o), then --validate. */
export interface Completed { dryRun: DryRun; spec: ReturnType<typeof outputSpec>; validation: ReturnType<typeof fieldValidation> }

export function complete(inv: Invocation): Completed {
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  return { dryRun, spec, validation: fieldValidation(inv) };
}

/**
 * Sends (or, for --dry-run=client, only prints) one generated object; `done` when the command completed its options
 * already. `wrap`: the prefix most generators put before the server's error ("failed to create deployment: ",
 * create_deployment.go's fmt.Errorf; create namespace has none).
 */
export function createGenerated(inv: Invocation, info: ResourceInfo, obj: KObject, done: Completed = complete(inv), wrap = ''): number {
  const { dryRun, spec } = done;
  if (inv.flags.has('save-config') && inv.flags.bool('save-config')) setLastApplied(obj, true);
  if (dryRun === 'client') {
    printResult(inv, spec, info, obj, 'created', dryRun, true);
    return 0;
  }
  const ns = info.namespaced ? inv.namespace : undefined;
  let created: KObject;
  try {
    created = inv.client().create(resourceKey(info), ns, obj, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-create', fieldValidation: done.validation });
  } catch (e) {
    if (wrap && e instanceof StatusError) throw new Error(`${wrap}${e.message}`);
    throw e;
  }
  printResult(inv, spec, info, created, 'created', dryRun);
  return 0;
}

/** `exactly one NAME is required, got N` (cmdutil.NameFromCommandArgs). */
export function nameFromArgs(inv: Invocation): string {
  const argsLen = inv.argsLenAtDash >= 0 ? inv.argsLenAtDash : inv.args.length;
  if (argsLen !== 1) throw new UsageError(`exactly one NAME is required, got ${argsLen}`);
  return inv.args[0];
}

function meta(inv: Invocation, name: string, namespaced: boolean, labels?: Record<string, string>): KObject['metadata'] {
  const m: KObject['metadata'] = { name };
  if (namespaced && inv.explicitNamespace) m.namespace = inv.namespace;
  if (labels) m.labels = labels;
  return m;
}

// ---------- deployment ----------

/**
 * Container name from an image reference: last path segment without tag or
 * digest; a name with `_` or `.` gets them as `-` and a random 5-character
 * suffix (sanitizeAndUniquify), drawn from `suffix`.
 */
export function containerNameFromImage(image: string, suffix: () => string = () => ''): string {
  let name = image.split('/').pop() ?? image;
  name = name.split(':')[0].split('@')[0];
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, '-')}-${suffix()}`;
  return name;
}

export function generateDeployment(opts: { name: string; namespace?: string; images: string[]; replicas: number; port: number; command: string[]; suffix?: () => string }): KObject {
  const labels = { app: opts.name };
  // Every container gets the command (Validate refuses a command with several images).
  const containers: Record<string, unknown>[] = opts.images.map((image) => ({ name: containerNameFromImage(image, opts.suffix), image, ...(opts.command.length ? { command: opts.command } : {}) }));
  if (opts.port >= 0 && containers.length) containers[0].ports = [{ containerPort: opts.port }];
  for (const c of containers) c.resources = {};
  const m: KObject['metadata'] = { name: opts.name };
  if (opts.namespace) m.namespace = opts.namespace;
  m.labels = labels;
  return {
    kind: 'Deployment', apiVersion: 'apps/v1', metadata: m,
    spec: { replicas: opts.replicas, selector: { matchLabels: { ...labels } }, template: { metadata: { labels: { ...labels } }, spec: { containers } }, strategy: {} },
    status: {},
  };
}

const createDeployment = verb('create deployment', {
  run(inv) {
    requireFlags(inv, 'image');
    const name = nameFromArgs(inv);
    const images = inv.flags.strings('image');
    const command = inv.args.slice(1);
    const done = complete(inv);
    if (images.length > 1 && command.length) throw new Error('cannot specify multiple --image options and command');
    const random = inv.ctx.cluster.random;
    const obj = generateDeployment({ name, namespace: inv.explicitNamespace ? inv.namespace : undefined, images, replicas: inv.flags.int('replicas'), port: inv.flags.int('port'), command, suffix: () => random.nameSuffix(5) });
    return createGenerated(inv, RES.deployments(), obj, done, 'failed to create deployment: ');
  },
});

// ---------- service ----------

/** validation.IsValidPortName's messages, in its order. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name[0] === '-' || name[name.length - 1] === '-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** create service's parsePorts: `port[:targetPort]`, the port by utilsnet.ParsePort (0 allowed), the target a port number or name. */
export function parsePorts(spec: string): { port: number; targetPort: number | string } {
  const parts = spec.split(':');
  const port = parseUint16(parts[0]);
  if (parts.length === 1) return { port, targetPort: port };
  let target: number;
  try {
    target = goAtoi(parts[1]);
  } catch {
    const errs = portNameErrors(parts[1]);
    if (errs.length) throw new Error(errs.join(','));
    return { port, targetPort: parts[1] };
  }
  if (target < 1 || target > 65535) throw new Error('must be between 1 and 65535, inclusive');
  return { port, targetPort: target };
}

export function parseTCP(specs: string[], nodePort: number): Record<string, unknown>[] {
  return specs.map((s) => {
    const { port, targetPort } = parsePorts(s);
    const p: Record<string, unknown> = { name: s.replace(/:/g, '-'), protocol: 'TCP', port, targetPort };
    // NodePort is a plain int32 field: any value but 0 is printed, negative ones too.
    if (nodePort !== 0) p.nodePort = nodePort;
    return p;
  });
}

/** strconv.ParseUint(s, 10, 16). */
function parseUint16(s: string): number {
  if (!/^[0-9]+$/.test(s)) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** validation.IsDNS1123Subdomain. */
function isDNS1123Subdomain(s: string): boolean {
  return s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s);
}

export function generateService(opts: { name: string; namespace?: string; type: string; tcp: string[]; clusterIP?: string; nodePort?: number; externalName?: string }): KObject {
  const ports = parseTCP(opts.tcp, opts.nodePort ?? 0);
  const labels = { app: opts.name };
  const spec: Record<string, unknown> = {};
  if (ports.length) spec.ports = ports;
  spec.selector = { ...labels };
  if (opts.clusterIP) spec.clusterIP = opts.clusterIP;
  spec.type = opts.type;
  if (opts.externalName) spec.externalName = opts.externalName;
  const m: KObject['metadata'] = { name: opts.name };
  if (opts.namespace) m.namespace = opts.namespace;
  m.labels = labels;
  return { kind: 'Service', apiVersion: 'v1', metadata: m, spec, status: { loadBalancer: {} } };
}

function serviceVerb(sub: 'clusterip' | 'nodeport' | 'loadbalancer' | 'externalname', type: string): Command {
  return verb(`create service ${sub}`, {
    run(inv) {
      if (sub === 'externalname') requireFlags(inv, 'external-name');
      const name = nameFromArgs(inv);
      const done = complete(inv);
      const tcp = inv.flags.strings('tcp');
      const clusterIP = sub === 'clusterip' ? inv.flags.string('clusterip') : '';
      const externalName = sub === 'externalname' ? inv.flags.string('external-name') : '';
      // ServiceOptions.Validate.
      if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName') throw new Error('at least one tcp port specifier must be provided');
      if (type === 'ExternalName' && !isDNS1123Subdomain(externalName)) throw new Error(`invalid service external name ${externalName}`);
      const obj = generateService({ name, namespace: inv.explicitNamespace ? inv.namespace : undefined, type, tcp, clusterIP, nodePort: sub === 'nodeport' ? inv.flags.int('node-port') : 0, externalName });
      return createGenerated(inv, RES.services(), obj, done, `failed to create ${type} service: `);
    },
  });
}

const createService = verb('create service', {
  subcommands: [serviceVerb('clusterip', 'ClusterIP'), serviceVerb('externalname', 'ExternalName'), serviceVerb('loadbalancer', 'LoadBalancer'), serviceVerb('nodeport', 'NodePort')],
});

// ---------- namespace / serviceaccount ----------

const createNamespace = verb('create namespace', {
  run(inv) {
    const name = nameFromArgs(inv);
    return createGenerated(inv, RES.namespaces(), { kind: 'Namespace', apiVersion: 'v1', metadata: { name }, spec: {}, status: {} });
  },
});

const createServiceAccount = verb('create serviceaccount', {
  run(inv) {
    const name = nameFromArgs(inv);
    return createGenerated(inv, RES.serviceaccounts(), { kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(inv, name, true) }, complete(inv), 'failed to create serviceaccount: ');
  },
});

// ---------- configmap / secret ----------

/** Reading --from-file, --from-literal and --from-env-file loads on first use (create-sources.ts). */
const sourcesCode = lazyModule(() => import('./create-sources.js'));

const createConfigMap = verb('create configmap', {
  async run(inv) {
    const name = nameFromArgs(inv);
    const done = complete(inv);
    const data = (await holding(inv, sourcesCode.load())).dataFromSources(inv, 'ConfigMap', name);
    const obj: KObject = { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(inv, name, true) };
    if (Object.keys(data).length) obj.data = sortObject(data);
    if (inv.flags.bool('append-hash')) appendHash(obj);
    return createGenerated(inv, RES.configmaps(), obj, done, 'failed to create configmap: ');
  },
});

const createSecretGeneric = verb('create secret generic', {
  async run(inv) {
    const name = nameFromArgs(inv);
    const done = complete(inv);
    const data = (await holding(inv, sourcesCode.load())).dataFromSources(inv, 'Secret', name);
    const obj: KObject = { kind: 'Secret', apiVersion: 'v1', metadata: meta(inv, name, true) };
    if (Object.keys(data).length) obj.data = sortObject(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64Encode(v)])));
    if (inv.flags.string('type')) obj.type = inv.flags.string('type');
    if (inv.flags.bool('append-hash')) appendHash(obj);
    return createGenerated(inv, RES.secrets(), obj, done, 'failed to create secret ');
  },
});

const createSecret = verb('create secret', { subcommands: [SECRET_SUBCOMMANDS[0], createSecretGeneric, SECRET_SUBCOMMANDS[1]] });

/** Go marshals map keys sorted. */
function sortObject(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

// ---------- create -f ----------

async function runCreateFromFiles(inv: Invocation): Promise<number> {
  const filenames = inv.flags.strings('filename');
  // v1.35.2 checks the arguments first, then the files (observed with the real binary; older releases printed the help here).
  if (inv.args.length) throw new UsageError(`Unexpected args: [${inv.args.join(' ')}]`);
  // Complete: dry run, --validate, then the printer; Validate: -f/-k, then --raw's own rules.
  const dryRun: DryRun = dryRunStrategy(inv);
  const validation = fieldValidation(inv);
  const spec = outputSpec(inv);
  if (filenames.length === 0 && !inv.flags.string('kustomize')) throw new Error('must specify one of -f and -k');
  const raw = inv.flags.string('raw');
  if (raw) {
    if (inv.flags.bool('edit')) throw new Error('--raw and --edit are mutually exclusive');
    if (filenames.length !== 1) throw new Error('--raw can only use a single local file or stdin');
    if (/^https?:\/\//.test(filenames[0])) throw new Error('--raw cannot read from a url');
    if (inv.flags.bool('recursive')) throw new Error('--raw and --recursive are mutually exclusive');
    if (inv.flags.string('selector')) throw new Error('--raw and --selector (-l) are mutually exclusive');
    if (inv.flags.string('output')) throw new Error('--raw and --output are mutually exclusive');
    // url.ParseRequestURI: an absolute path or an absolute URL.
    if (!raw.startsWith('/') && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(raw)) throw new Error(`--raw must be a valid URL path: parse ${JSON.stringify(raw)}: invalid URI for request`);
    if (filenames[0] !== '-' && !inv.ctx.fs.stat(inv.ctx.fs.resolve(inv.ctx.cwd, filenames[0]))) throw new Error(`open ${filenames[0]}: no such file or directory`);
  }
  // FilenameParam checks every path before reading any, and reports all the missing ones.
  const missing = filenames.filter((f) => f !== '-' && !/^https?:\/\//.test(f) && !filenameMatches(inv, f));
  if (missing.length > 1) throw new AggregateError(missing.map((f) => new Error(`the path "${f}" does not exist`)));
  // Visited in order (ContinueOnError): objects before a broken document are created, its error joins theirs.
  const entries = await readFilenameStreams(inv, filenames, inv.flags.bool('recursive'));
  if (inv.flags.bool('edit')) {
    const broken = entries.find((e) => e.error);
    if (broken) throw broken.error;
    return (await import('./edit.js')).runCreateEdit(inv, entries as { source: string; object: KObject }[]);
  }
  const errors: unknown[] = [];
  for (const entry of entries) {
    if (entry.error) {
      errors.push(entry.error);
      continue;
    }
    const { source, object } = entry;
    try {
      const info = infoOf(object, source);
      const ns = manifestNamespace(inv, info, object);
      const obj = JSON.parse(JSON.stringify(withNamespace(info, object, ns))) as KObject;
      if (inv.flags.bool('save-config')) setLastApplied(obj);
      if (dryRun === 'client') {
        // The object as decoded: a document without apiVersion prints without one.
        if (info.unversioned) delete (obj as { apiVersion?: string }).apiVersion;
        printResult(inv, spec, info, obj, 'created', dryRun);
        continue;
      }
      let created: KObject;
      try {
        created = inv.client().create(resourceKey(info), ns, obj, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-create', fieldValidation: validation });
      } catch (e) {
        throw withSource(e, 'creating', source);
      }
      printResult(inv, spec, info, created, 'created', dryRun);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  if (entries.length === 0) throw new Error('no objects passed to create');
  return 0;
}

export const create: Command = verb('create', {
  subcommands: [createConfigMap, createDeployment, createNamespace, createSecret, createService, createServiceAccount, ...CREATE_UNSERVED].sort((x, y) => (x.name < y.name ? -1 : 1)),
  run: runCreateFromFiles,
});
