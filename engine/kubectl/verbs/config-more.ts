/**
 * The kubeconfig commands beyond the everyday five (config.ts): get-clusters,
 * get-users, rename-context, delete-cluster/context/user, set-cluster,
 * set-credentials, set and unset, with kubectl v1.35.2's argument checks and
 * texts (pkg/cmd/config). Loaded on first use (lazy.ts declares them).
 */
import type { Command, Invocation } from '../framework/command.js';
import { UsageError } from '../framework/command.js';
import { renderHelp, loadHelpTexts } from '../framework/help.js';
import { helpError } from './config.js';
import { parseBool } from '../framework/flags.js';
import type { KubeconfigCluster, KubeconfigContext, KubeconfigUser } from '../framework/session.js';
import { HELP_H } from './help-data-h.js';
import { base64Encode } from '../../util/base64.js';
import { base64ErrorOffset } from '../../api/schema/index.js';

/** `%v` of a []string. */
const goList = (args: string[]) => `[${args.join(' ')}]`;

/** The file named in messages: --kubeconfig, else the first $KUBECONFIG path, else ~/.kube/config. */
/** ConfigAccess.GetExplicitFile() as given, else GetDefaultFilename(). */
function configFile(inv: Invocation): string {
  return (inv.flags.has('kubeconfig') && inv.flags.string('kubeconfig')) || inv.session.path;
}

const byName = <T extends { name: string }>(list: T[] | null) => [...(list ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function decl(path: string, run: Command['run']): Command {
  const h = HELP_H[path];
  return { name: path.split(' ').pop()!, short: h.short, use: h.use, aliases: h.aliases, flags: h.flags, run };
}

export const getClusters = decl('config get-clusters', (inv) => {
  inv.out('NAME\n');
  for (const c of byName(inv.session.config.clusters)) inv.out(`${c.name}\n`);
  return 0;
});

export const getUsers = decl('config get-users', (inv) => {
  inv.out('NAME\n');
  for (const u of byName(inv.session.config.users)) inv.out(`${u.name}\n`);
  return 0;
});

export const renameContext = decl('config rename-context', async (inv) => {
  if (inv.args.length !== 2) await helpError(inv, `Unexpected args: ${goList(inv.args)}`);
  const [from, to] = inv.args;
  if (!to) throw new Error('You must specify a new non-empty context name');
  const cfg = inv.session.config;
  const ctx = (cfg.contexts ?? []).find((c) => c.name === from);
  if (!ctx) throw new Error(`cannot rename the context "${from}", it's not in ${configFile(inv)}`);
  if ((cfg.contexts ?? []).some((c) => c.name === to)) throw new Error(`cannot rename the context "${from}", the context "${to}" already exists in ${configFile(inv)}`);
  ctx.name = to;
  if (cfg['current-context'] === from) cfg['current-context'] = to;
  inv.session.save();
  inv.out(`Context "${from}" renamed to "${to}".\n`);
  return 0;
});

function deleter(kind: 'cluster' | 'context', list: 'clusters' | 'contexts') {
  return async (inv: Invocation) => {
    // No name: cmd.Help() and no error.
    if (inv.args.length !== 1) {
      const chain = [{ name: 'kubectl', short: '', use: '' }, { name: 'config', short: '', use: '' }, inv.cmd];
      inv.out(renderHelp(chain, await loadHelpTexts(inv.ctx.cluster.clock)));
      return 0;
    }
    const name = inv.args[0];
    const cfg = inv.session.config;
    const entries = (cfg[list] ?? []) as { name: string }[];
    if (!entries.some((e) => e.name === name)) throw new Error(`cannot delete ${kind} ${name}, not in ${configFile(inv)}`);
    if (kind === 'context' && cfg['current-context'] === name) {
      inv.err('warning: this removed your active context, use "kubectl config use-context" to select a different one\n');
    }
    (cfg as Record<string, unknown>)[list] = entries.filter((e) => e.name !== name);
    inv.session.save();
    inv.out(`deleted ${kind} ${name} from ${configFile(inv)}\n`);
    return 0;
  };
}

export const deleteCluster = decl('config delete-cluster', deleter('cluster', 'clusters'));
export const deleteContext = decl('config delete-context', deleter('context', 'contexts'));

export const deleteUser = decl('config delete-user', (inv) => {
  if (inv.args.length !== 1) throw new UsageError('user to delete is required');
  const name = inv.args[0];
  const cfg = inv.session.config;
  if (!(cfg.users ?? []).some((u) => u.name === name)) throw new Error(`cannot delete user ${name}, not in ${configFile(inv)}`);
  cfg.users = (cfg.users ?? []).filter((u) => u.name !== name);
  inv.session.save();
  inv.out(`deleted user ${name} from ${configFile(inv)}\n`);
  return 0;
});

function entry<T extends { name: string }>(list: T[] | null, name: string, make: () => T): { list: T[]; item: T } {
  const l = list ?? [];
  let item = l.find((e) => e.name === name);
  if (!item) l.push((item = make()));
  return { list: l, item };
}

/** A file flag's content check (--embed-certs): clientcmd stats the path first. */
function statFile(inv: Invocation, what: string, path: string): string {
  const abs = inv.ctx.fs.resolve(inv.ctx.cwd, path);
  const text = inv.ctx.fs.readFile(abs);
  if (text === undefined) throw new Error(`could not stat ${what} file ${path}: stat ${path}: no such file or directory`);
  return text;
}

const base64 = base64Encode;

export const setCluster = decl('config set-cluster', async (inv) => {
  if (inv.args.length !== 1) await helpError(inv, `Unexpected args: ${goList(inv.args)}`);
  const name = inv.args[0];
  const f = inv.flags;
  const embed = f.bool('embed-certs');
  const ca = f.string('certificate-authority');
  if (embed && !ca) throw new Error('you must specify a --certificate-authority to embed');
  const caData = embed ? statFile(inv, 'certificate-authority', ca) : undefined;
  const cfg = inv.session.config;
  const { list, item } = entry<KubeconfigCluster>(cfg.clusters, name, () => ({ name, cluster: { server: '' } }));
  cfg.clusters = list;
  const c = item.cluster;
  if (f.changed('server')) c.server = f.string('server');
  if (f.changed('tls-server-name')) c['tls-server-name'] = f.string('tls-server-name');
  if (f.changed('insecure-skip-tls-verify')) {
    c['insecure-skip-tls-verify'] = f.bool('insecure-skip-tls-verify');
    // Skipping verification drops the CA: a cluster cannot have both.
    if (f.bool('insecure-skip-tls-verify')) {
      delete c['certificate-authority'];
      delete c['certificate-authority-data'];
    }
  }
  if (caData !== undefined) {
    c['certificate-authority-data'] = base64(caData);
    delete c['certificate-authority'];
    delete c['insecure-skip-tls-verify'];
  } else if (f.changed('certificate-authority')) {
    c['certificate-authority'] = ca ? inv.ctx.fs.resolve(inv.ctx.cwd, ca) : ca;
    delete c['certificate-authority-data'];
    if (ca) delete c['insecure-skip-tls-verify'];
  }
  if (f.changed('proxy-url')) c['proxy-url'] = f.string('proxy-url');
  inv.session.save();
  inv.out(`Cluster "${name}" set.\n`);
  return 0;
});

export const setCredentials = decl('config set-credentials', async (inv) => {
  if (inv.args.length !== 1) await helpError(inv, `unexpected args: ${goList(inv.args)}`);
  const name = inv.args[0];
  const f = inv.flags;
  const methods: string[] = [];
  if (f.string('token')) methods.push('--token');
  if (f.string('username') || f.string('password')) methods.push('--username/--password');
  if (methods.length > 1) throw new Error(`you cannot specify more than one authentication method at the same time: ${methods.join(', ')}`);
  const embed = f.bool('embed-certs');
  const cert = f.string('client-certificate');
  const key = f.string('client-key');
  if (embed && !cert && !key) throw new Error('you must specify a --client-certificate or --client-key to embed');
  const certData = embed && cert ? statFile(inv, 'client-certificate', cert) : undefined;
  const keyData = embed && key ? statFile(inv, 'client-key', key) : undefined;
  const cfg = inv.session.config;
  const { list, item } = entry<KubeconfigUser>(cfg.users, name, () => ({ name, user: {} }));
  cfg.users = list;
  const u = item.user;
  if (certData !== undefined) {
    u['client-certificate-data'] = base64(certData);
    delete u['client-certificate'];
  } else if (f.changed('client-certificate')) {
    u['client-certificate'] = cert ? inv.ctx.fs.resolve(inv.ctx.cwd, cert) : cert;
    delete u['client-certificate-data'];
  }
  if (keyData !== undefined) {
    u['client-key-data'] = base64(keyData);
    delete u['client-key'];
  } else if (f.changed('client-key')) {
    u['client-key'] = key ? inv.ctx.fs.resolve(inv.ctx.cwd, key) : key;
    delete u['client-key-data'];
  }
  if (f.changed('token')) {
    u.token = f.string('token');
    delete u.username;
    delete u.password;
  }
  if (f.changed('username')) u.username = f.string('username');
  if (f.changed('password')) u.password = f.string('password');
  if (f.string('username') || f.string('password')) delete u.token;
  inv.session.save();
  inv.out(`User "${name}" set.\n`);
  return 0;
});

/**
 * The typed fields `config set|unset` can reach (clientcmd/api's Config, Context,
 * Cluster, AuthInfo, Preferences, by their JSON names).
 */
type FieldType = 'string' | 'bool' | 'bytes' | 'strings';
const FIELDS: Record<'Context' | 'Cluster' | 'AuthInfo' | 'Preferences', Record<string, FieldType>> = {
  Context: { cluster: 'string', user: 'string', namespace: 'string' },
  Cluster: {
    server: 'string', 'tls-server-name': 'string', 'insecure-skip-tls-verify': 'bool', 'certificate-authority': 'string',
    'certificate-authority-data': 'bytes', 'proxy-url': 'string', 'disable-compression': 'bool',
  },
  AuthInfo: {
    'client-certificate': 'string', 'client-certificate-data': 'bytes', 'client-key': 'string', 'client-key-data': 'bytes',
    token: 'string', tokenFile: 'string', as: 'string', 'as-uid': 'string', 'as-groups': 'strings', username: 'string', password: 'string',
  },
  Preferences: { colors: 'bool' },
};
const MAPS = { contexts: 'Context', clusters: 'Cluster', users: 'AuthInfo' } as const;
const MAP_ITEM = { contexts: 'context', clusters: 'cluster', users: 'user' } as const;

interface Target {
  /** The object holding the field, created on set. */
  holder(create: boolean): Record<string, unknown> | undefined;
  field: string;
  type: FieldType;
}

/**
 * navigation_step_parser: `contexts.NAME.namespace`. A name the parser cannot
 * split into a key and a known field leaves the whole rest as the map key, and
 * setting a map to a value fails.
 */
function navigate(inv: Invocation, property: string): Target | { mapValue: string } {
  const cfg = inv.session.config as unknown as Record<string, unknown>;
  const parts = property.split('.');
  const head = parts[0];
  if (head === 'current-context') {
    // A string field has no fields to step into.
    if (parts.length > 1) throw new Error(`unable to parse one or more field values of ${property}`);
    return { holder: () => cfg, field: 'current-context', type: 'string' };
  }
  if (head === 'preferences') {
    const rest = parts.slice(1).join('.');
    const type = FIELDS.Preferences[rest];
    // No field of Preferences named next: the error prints the steps so far, each with its reflect.Type, which %v
    // shows as the type descriptor's address in the kubectl v1.35.2 binary (fixed for that build).
    if (!type && parts[1] !== 'colors') throw new Error(`unable to parse ${property} after [{preferences 0x210a5c0}] at api.Preferences`);
    if (!type) throw new Error(`unable to parse one or more field values of ${property}`);
    return { holder: (create) => (cfg.preferences ??= create ? {} : undefined) as Record<string, unknown> | undefined, field: rest, type };
  }
  if (head in MAPS && parts.length >= 2) {
    const list = head as keyof typeof MAPS;
    const kind = MAPS[list];
    const fields = FIELDS[kind];
    const last = parts[parts.length - 1];
    const key = parts.slice(1, -1).join('.');
    const entries = () => (cfg[list] ?? []) as { name: string; [k: string]: unknown }[];
    const mapValue = () => `map[${entries().map((e, i) => `${e.name}:0xc0000${(0x3e8c0 + i * 0x100).toString(16)}`).join(' ')}]`;
    if (parts.length === 2 || !fields[last] || key === '') {
      if (parts.length > 3 && !fields[last] && Object.values(fields).length && parts.slice(2).some((p) => fields[p])) throw new Error(`unable to parse one or more field values of ${property}`);
      return { mapValue: mapValue() };
    }
    return {
      holder: (create) => {
        let e = entries().find((x) => x.name === key);
        if (!e) {
          if (!create) throw new Error(`current map key \`${key}\` is invalid`);
          const item: Record<string, unknown> = kind === 'Context' ? { cluster: '', user: '' } : kind === 'Cluster' ? { server: '' } : {};
          e = { name: key, [MAP_ITEM[list]]: item };
          cfg[list] = [...entries(), e];
        }
        return e[MAP_ITEM[list]] as Record<string, unknown>;
      },
      field: last,
      type: fields[last],
    };
  }
  throw new Error(`unable to parse ${property} after [] at api.Config`);
}

export const set = decl('config set', async (inv) => {
  if (inv.args.length !== 2) await helpError(inv, `Unexpected args: ${goList(inv.args)}`);
  const [property, value] = inv.args;
  if (!property) throw new Error('you must specify a property');
  const t = navigate(inv, property);
  if ('mapValue' in t) throw new Error(`can't set a map to a value: ${t.mapValue}`);
  let v: unknown = value;
  if (t.type === 'bool') {
    const b = parseBool(value);
    if (b === undefined) throw new Error(`strconv.ParseBool: parsing "${value}": invalid syntax`);
    v = b;
  } else if (t.type === 'bytes') {
    if (inv.flags.bool('set-raw-bytes')) v = base64(value);
    else {
      const at = base64ErrorOffset(value);
      if (at >= 0) throw new Error(`error decoding input value: illegal base64 data at input byte ${at}`);
    }
  } else if (t.type === 'strings') v = value.split(',');
  t.holder(true)![t.field] = v;
  inv.session.save();
  inv.out(`Property "${property}" set.\n`);
  return 0;
});

export const unset = decl('config unset', async (inv) => {
  if (inv.args.length !== 1) await helpError(inv, `Unexpected args: ${goList(inv.args)}`);
  const property = inv.args[0];
  if (!property) throw new Error('you must specify a property');
  const cfg = inv.session.config as unknown as Record<string, unknown>;
  const parts = property.split('.');
  if (parts[0] in MAPS && parts.length === 2) {
    // A whole entry: contexts.NAME.
    const list = parts[0] as keyof typeof MAPS;
    cfg[list] = ((cfg[list] ?? []) as { name: string }[]).filter((e) => e.name !== parts[1]);
  } else {
    const t = navigate(inv, property);
    if (!('mapValue' in t)) {
      const h = t.holder(false);
      if (h) delete h[t.field];
      if (t.field === 'current-context') cfg['current-context'] = '';
    }
  }
  inv.session.save();
  inv.out(`Property "${property}" unset.\n`);
  return 0;
});
