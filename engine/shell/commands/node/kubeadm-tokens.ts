/**
 * `kubeadm token create|list|delete|generate` (cmd/kubeadm/app/cmd/token.go):
 * bootstrap tokens are Secrets of type bootstrap.kubernetes.io/token named
 * bootstrap-token-<id> in kube-system, written through the API server with
 * the data keys of k8s.io/cluster-bootstrap/token/api. `--print-join-command`
 * prints the worker join line of cmdutil.GetJoinWorkerCommand with its
 * backslash-newlines and tabs removed (so it ends in a space), the CA pin
 * being pubkeypin.Hash: SHA-256 of the CA certificate's SubjectPublicKeyInfo.
 */
import type { Client } from '../../../api/client.js';
import { StatusError, ConnectionRefusedError } from '../../../api/errors.js';
import type { KObject } from '../../../api/meta.js';
import { ROOT_CA_CERT } from '../../../api/pki.js';
import { DEFAULT_TOKEN_GROUP } from '../../../api/bootstrap/kubeadm-objects.js';
import { generateToken as generateTokenWith, tokenSecret, TOKEN_NAMESPACE, TOKEN_SECRET_TYPE, type TokenSpec } from '../../../controllers/bootstrap/tokens.js';
import { formatTabbed } from '../../../kubectl/printers/gotabwriter.js';
import { base64Decode } from '../../../util/base64.js';
import { rfc3339 } from '../../../util/time.js';
import { pemDecode } from '../../../util/pkix.js';
import { sha256Bytes } from '../../../util/sha256.js';
import type { ProcessContext } from '../../process.js';
import { KubeadmError, ValidationError, type Invocation } from './kubeadm-cli.js';

const NAMESPACE = TOKEN_NAMESPACE;
const SECRET_TYPE = TOKEN_SECRET_TYPE;
export const TOKEN_PATTERN = '\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z';
export const TOKEN_ID_PATTERN = '\\A([a-z0-9]{6})\\z';
const GROUP_PATTERN = '\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z';
const KNOWN_USAGES = ['signing', 'authentication'];
export const DEFAULT_GROUP = DEFAULT_TOKEN_GROUP;
export const DEFAULT_ADMIN_KUBECONFIG = '/etc/kubernetes/admin.conf';

/** Go's %q of a pattern: backslashes doubled. */
const goQuote = (s: string) => JSON.stringify(s);

/** bootstraputil.GenerateBootstrapToken, from the cluster's seeded generator. */
export const generateToken = (ctx: ProcessContext): string => generateTokenWith((n) => ctx.cluster.random.int(n));

/** duration.ShortHumanDuration. */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}


/**
 * kubeconfigutil.ClientSetFromFile: the kubeconfig must be there to read; its server is where the client goes.
 * The lab's clients all reach the one API server, so the file only has to exist and name a server.
 */
export function kubeconfigServer(ctx: ProcessContext, path: string): string {
  let text;
  try {
    text = ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, path));
  } catch {
    throw new KubeadmError(`failed to load admin kubeconfig: open ${path}: permission denied`);
  }
  if (text === undefined) throw new KubeadmError(`failed to load admin kubeconfig: open ${path}: no such file or directory`);
  const server = /^\s*server:\s*(\S+)/m.exec(text)?.[1];
  if (!server) throw new KubeadmError(`failed to load admin kubeconfig: invalid configuration: no configuration has been provided`);
  return server;
}

/** What a client-go call error reads as in kubeadm's wrapped messages. */
function apiErrorText(e: unknown, verb: string, url: string): string {
  if (e instanceof ConnectionRefusedError) return `${verb} "${url}": dial tcp ${e.host}: connect: connection refused`;
  if (e instanceof StatusError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The CA pin: pubkeypin.Hash, SHA-256 over the certificate's RawSubjectPublicKeyInfo (the DER SEQUENCE that
 * opens with the rsaEncryption AlgorithmIdentifier; the lab's CA has a 2048-bit RSA key).
 */
export function caCertHash(pemText = ROOT_CA_CERT): string {
  const der = Array.from(pemDecode(pemText)?.der ?? []);
  const header = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
  for (let i = 4; i + header.length <= der.length; i++) {
    if (der[i - 4] === 0x30 && der[i - 3] === 0x82 && header.every((b, k) => der[i + k] === b)) {
      const len = (der[i - 2] << 8) | der[i - 1];
      return `sha256:${sha256Bytes(der.slice(i - 4, i + len))}`;
    }
  }
  return `sha256:${sha256Bytes(der)}`;
}

/** cmdutil.GetJoinWorkerCommand for `token create --print-join-command`. */
export function joinCommand(server: string, token: string): string {
  const hostPort = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return `kubeadm join ${hostPort} --token ${token} --discovery-token-ca-cert-hash ${caCertHash()} `;
}


/** BootstrapTokenSpec.ApplyTo plus the API's validation (ValidateBootstrapTokens). */
function tokenOptions(inv: Invocation): TokenSpec {
  const { flags, args, ctx } = inv;
  let token = args[0];
  if (token !== undefined) {
    if (!/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token)) throw new KubeadmError(`the bootstrap token "${token}" was not of the form ${goQuote(TOKEN_PATTERN)}`);
  } else token = generateToken(ctx);
  return { token, ttlMs: flags.durationMs('ttl'), usages: flags.strings('usages'), groups: flags.strings('groups'), description: flags.string('description') };
}

/** ValidateTokenUsages and ValidateTokenGroups for the one token on the command line ("bootstrapTokens.0"). */
function validateToken(o: TokenSpec): void {
  const errors: string[] = [];
  const list = (v: string[]) => JSON.stringify(v);
  // bootstraputil.ValidateUsages names the unknown usages as a sorted set.
  const bad = [...new Set(o.usages.filter((u) => !KNOWN_USAGES.includes(u)))].sort();
  if (bad.length) errors.push(`bootstrapTokens.0.usages: Invalid value: ${list(o.usages)}: invalid bootstrap token usage string: ${bad.join(',')}, valid usage options: ${KNOWN_USAGES.join(',')}`);
  if (o.groups.length && !o.usages.includes('authentication')) errors.push(`bootstrapTokens.0.groups: Invalid value: ${list(o.groups)}: token groups cannot be specified unless --usages includes "authentication"`);
  for (const g of o.groups) {
    if (!/^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/.test(g)) errors.push(`bootstrapTokens.0.groups: Invalid value: ${list(o.groups)}: bootstrap group "${g}" is invalid (must match ${GROUP_PATTERN})`);
  }
  if (errors.length) throw new ValidationError(errors);
}

export function runCreate(inv: Invocation, client: Client): number {
  const { ctx, flags } = inv;
  const o = tokenOptions(inv);
  const kubeconfig = flags.string('kubeconfig');
  const server = kubeconfigServer(ctx, kubeconfig);
  validateToken(o);
  const id = o.token.split('.')[0];
  const name = `bootstrap-token-${id}`;
  if (client.tryGet('secrets', NAMESPACE, name)) throw new KubeadmError(`a token with id "${id}" already exists`);
  try {
    client.create('secrets', NAMESPACE, tokenSecret(o, ctx.cluster.clock.now()));
  } catch (e) {
    throw new KubeadmError(`failed to create secret: ${apiErrorText(e, 'Post', `${server}/api/v1/namespaces/${NAMESPACE}/secrets`)}`);
  }
  ctx.stdout.write((flags.bool('print-join-command') ? joinCommand(server, o.token) : o.token) + '\n');
  return 0;
}

const dataOf = (s: KObject) => Object.fromEntries(Object.entries(((s as unknown as { data?: Record<string, string> }).data) ?? {}).map(([k, v]) => [k, base64Decode(v)]));

export function runList(inv: Invocation, client: Client): number {
  const { ctx, flags } = inv;
  const server = kubeconfigServer(ctx, flags.string('kubeconfig'));
  let items: KObject[];
  try {
    items = client.list('secrets', NAMESPACE, { fieldSelector: `type=${SECRET_TYPE}` }).items;
  } catch (e) {
    throw new KubeadmError(`failed to list bootstrap tokens: ${apiErrorText(e, 'Get', `${server}/api/v1/namespaces/${NAMESPACE}/secrets?fieldSelector=type%3D${encodeURIComponent(SECRET_TYPE)}`)}`);
  }
  const now = ctx.cluster.clock.now();
  let table = 'TOKEN\tTTL\tEXPIRES\tUSAGES\tDESCRIPTION\tEXTRA GROUPS\n';
  for (const s of items) {
    const d = dataOf(s);
    const name = s.metadata.name ?? '';
    const id = d['token-id'];
    const secret = d['token-secret'];
    // BootstrapTokenFromSecret: a Secret that does not hold a well-formed token is reported (with no newline) and skipped.
    const invalid = !id ? `bootstrap Token Secret has no token-id data: ${name}`
      : name !== `bootstrap-token-${id}` ? `bootstrap token name is not of the form 'bootstrap-token-(token-id)'. Actual: "${name}". Expected: "bootstrap-token-${id}"`
        : !secret ? `bootstrap Token Secret has no token-secret data: ${name}` : undefined;
    if (invalid) {
      ctx.stderr.write(invalid);
      continue;
    }
    let ttl = '<forever>';
    let expires = '<never>';
    if (d.expiration) {
      const at = Date.parse(d.expiration);
      ttl = shortHumanDuration(at - now);
      expires = rfc3339(at);
    }
    const usages = Object.keys(d).filter((k) => k.startsWith('usage-bootstrap-') && d[k] === 'true').map((k) => k.slice('usage-bootstrap-'.length)).sort();
    table += `${id}.${secret}\t${ttl}\t${expires}\t${usages.join(',') || '<none>'}\t${d.description || '<none>'}\t${d['auth-extra-groups'] || '<none>'}\n`;
  }
  // tabwriter.NewWriter(out, 10, 4, 3, ' ', 0)
  ctx.stdout.write(formatTabbed(table, 10, 3));
  return 0;
}

export function runDelete(inv: Invocation, client: Client): number {
  const { ctx, args, flags } = inv;
  if (args.length < 1) throw new KubeadmError(`missing subcommand; 'token delete' is missing token of form ${goQuote(TOKEN_ID_PATTERN)}`);
  const server = kubeconfigServer(ctx, flags.string('kubeconfig'));
  for (const arg of args) {
    let id = arg;
    if (!/^[a-z0-9]{6}$/.test(arg)) {
      const m = /^([a-z0-9]{6})\.[a-z0-9]{16}$/.exec(arg);
      // The message names the ID pattern twice, as RunDeleteTokens has it since it stopped echoing the token.
      if (!m) throw new KubeadmError(`given token didn't match pattern ${goQuote(TOKEN_ID_PATTERN)} or ${goQuote(TOKEN_ID_PATTERN)}`);
      id = m[1];
    }
    const name = `bootstrap-token-${id}`;
    try {
      client.delete('secrets', NAMESPACE, name);
    } catch (e) {
      throw new KubeadmError(`failed to delete bootstrap token "${id}": ${apiErrorText(e, 'Delete', `${server}/api/v1/namespaces/${NAMESPACE}/secrets/${name}`)}`);
    }
    ctx.stdout.write(`bootstrap token "${id}" deleted\n`);
  }
  return 0;
}
