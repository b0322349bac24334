/**
 * `kubectl config view|current-context|get-contexts|set-context|use-context`
 * over the kubeconfig file (framework/session.ts). Setting the current
 * context's namespace changes the default namespace of every later command.
 */
import type { Command, Invocation } from '../framework/command.js';
import { UsageError } from '../framework/command.js';
import { loadHelpTexts, renderHelp } from '../framework/help.js';
import { loadTypedOrder, parseOutput, PRINT_FLAGS_FORMATS, printGeneric, templateFlagsOf } from '../printers/output.js';
import { TabWriter } from '../printers/tabwriter.js';
import { HELP } from './help-data.js';
import { CONFIG_MORE as m } from './lazy.js';

/** kubectl's helpErrorf: the command's help on stdout, then the error (without a usage hint). */
export async function helpError(inv: Invocation, message: string): Promise<never> {
  const chain = [{ name: 'kubectl', short: '', use: '' }, { name: 'config', short: '', use: '' }, inv.cmd];
  inv.out(renderHelp(chain, await loadHelpTexts(inv.ctx.cluster.clock)));
  throw new Error(message);
}

function redact(cfg: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(cfg)) as Record<string, unknown>;
  for (const c of (copy.clusters as { cluster: Record<string, unknown> }[] | null) ?? []) {
    if (c.cluster['certificate-authority-data']) c.cluster['certificate-authority-data'] = 'DATA+OMITTED';
  }
  for (const u of (copy.users as { user: Record<string, unknown> }[] | null) ?? []) {
    for (const k of ['client-certificate-data', 'client-key-data']) if (u.user[k]) u.user[k] = 'DATA+OMITTED';
    for (const k of ['token', 'password']) if (u.user[k]) u.user[k] = 'REDACTED';
  }
  return copy;
}

export const view: Command = {
  name: 'view',
  short: 'Display merged kubeconfig settings or a specified kubeconfig file',
  ...HELP['config view'],
  async run(inv) {
    if (inv.args.length) throw new UsageError(`unexpected arguments: [${inv.args.join(' ')}]`);
    // An empty preferences object is not printed (clientcmd's v1 Preferences encode to nothing); colors are.
    const { preferences, ...rest } = inv.session.config;
    const cfg = preferences && Object.keys(preferences).length ? { ...rest, preferences } : rest;
    let data: Record<string, unknown> = cfg;
    if (inv.flags.bool('minify')) {
      const ctxName = inv.session.currentContextName();
      const ctx = inv.session.context();
      if (!ctx) throw new Error(`current-context must exist in order to minify`);
      data = {
        ...cfg,
        clusters: (cfg.clusters ?? []).filter((c) => c.name === ctx.context.cluster),
        contexts: [ctx],
        'current-context': ctxName,
        users: (cfg.users ?? []).filter((u) => u.name === ctx.context.user),
      };
    }
    if (!inv.flags.bool('raw') && !inv.flags.bool('flatten')) data = redact(data);
    const spec = parseOutput(inv.flags.string('output') || 'yaml', PRINT_FLAGS_FORMATS, (p) => inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, p)), templateFlagsOf(inv.flags));
    // NamePrinter: a Config has no name.
    if (spec.kind === 'name') inv.out('config/<unknown>\n');
    // JSON keeps the clientcmd v1 structs' field order.
    else if (spec.kind === 'json') inv.out(printGeneric(spec, (await loadTypedOrder(inv)).typedConfig(data as Record<string, unknown>), true));
    else inv.out(printGeneric(spec, data));
    return 0;
  },
};

export const currentContext: Command = {
  name: 'current-context',
  short: 'Display the current-context',
  ...HELP['config current-context'],
  run(inv) {
    const c = inv.session.config['current-context'];
    if (!c) throw new Error('current-context is not set');
    inv.out(c + '\n');
    return 0;
  },
};

export const getContexts: Command = {
  name: 'get-contexts',
  short: 'Describe one or many contexts',
  ...HELP['config get-contexts'],
  run(inv) {
    const out = inv.flags.string('output');
    if (out !== '' && out !== 'name') throw new Error(`--output ${out} is not available in kubectl config get-contexts; resetting to default output format`);
    const all = [...(inv.session.config.contexts ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const missing: string[] = [];
    let shown = all;
    if (inv.args.length) {
      shown = [];
      for (const n of inv.args) {
        const c = all.find((x) => x.name === n);
        if (c) shown.push(c);
        else missing.push(n);
      }
    }
    if (out === 'name') {
      for (const c of shown) inv.out(c.name + '\n');
    } else {
      const w = new TabWriter((t) => inv.out(t));
      if (!inv.flags.bool('no-headers')) w.write('CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n');
      const cur = inv.session.config['current-context'];
      for (const c of shown) w.write(`${c.name === cur ? '*' : ''}\t${c.name}\t${c.context.cluster ?? ''}\t${c.context.user ?? ''}\t${c.context.namespace ?? ''}\n`);
      w.flush();
    }
    if (missing.length) throw new Error(missing.map((m) => `context ${m} not found`).join('\n'));
    return 0;
  },
};

export const setContext: Command = {
  name: 'set-context',
  short: 'Set a context entry in kubeconfig',
  ...HELP['config set-context'],
  async run(inv: Invocation) {
    if (inv.args.length > 1) await helpError(inv, `Unexpected args: [${inv.args.join(' ')}]`);
    const current = inv.flags.bool('current');
    let name = inv.args[0] ?? '';
    if (!name && !current) throw new Error('you must specify a non-empty context name or --current');
    if (name && current) throw new Error('you cannot specify both a context name and --current');
    if (current) {
      name = inv.session.config['current-context'];
      if (!name) throw new Error('no current context is set');
    }
    const contexts = (inv.session.config.contexts ??= []);
    let ctx = contexts.find((c) => c.name === name);
    const exists = !!ctx;
    if (!ctx) contexts.push((ctx = { name, context: {} }));
    for (const k of ['cluster', 'user', 'namespace'] as const) {
      if (inv.flags.changed(k)) {
        const v = inv.flags.string(k);
        if (v) ctx.context[k] = v;
        else delete ctx.context[k];
      }
    }
    inv.session.save();
    inv.out(`Context "${name}" ${exists ? 'modified' : 'created'}.\n`);
    return 0;
  },
};

export const useContext: Command = {
  name: 'use-context',
  aliases: ['use'],
  short: 'Set the current-context in a kubeconfig file',
  ...HELP['config use-context'],
  async run(inv) {
    if (inv.args.length !== 1) await helpError(inv, `Unexpected args: [${inv.args.join(' ')}]`);
    const name = inv.args[0];
    if (!(inv.session.config.contexts ?? []).some((c) => c.name === name)) throw new Error(`no context exists with the name: "${name}"`);
    inv.session.config['current-context'] = name;
    inv.session.save();
    inv.out(`Switched to context "${name}".\n`);
    return 0;
  },
};

export const config: Command = {
  name: 'config',
  short: 'Modify kubeconfig files',
  long: HELP.config.long,
  use: 'config SUBCOMMAND',
  subcommands: [
    currentContext, m.deleteCluster, m.deleteContext, m.deleteUser, m.getClusters, getContexts, m.getUsers,
    m.renameContext, m.set, m.setCluster, setContext, m.setCredentials, m.unset, useContext, view,
  ],
};
