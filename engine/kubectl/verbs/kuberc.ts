/**
 * `kubectl alpha kuberc view` and `kubectl alpha kuberc set`: print and edit
 * the user's preferences file (kubectl's pkg/cmd/kuberc/{view,set}.go and
 * pkg/kuberc). The file is --kuberc, else $KUBERC, else $HOME/.kube/kuberc;
 * KUBERC=off disables it. Loaded on first use.
 *
 * Not modelled: the preferences themselves (kubectl applies the defaults and
 * aliases to every command it runs), and the strict-decoding warnings the
 * root prints for a file with unknown fields.
 */
import { parse as parseYAML } from 'yaml';
import { loadedYaml, loadYamlHolding } from '../../util/yaml-lib.js';
import { PlainError, type Command, type Invocation } from '../framework/command.js';
import { parseOutput, printGeneric, PRINT_FLAGS_FORMATS, templateFlagsOf } from '../printers/output.js';
import { toYAML } from '../printers/yaml.js';
import { HELP_H } from './help-data-h.js';

export const API_VERSION = 'kubectl.config.k8s.io/v1beta1';
export const KUBERC_OFF = 'KUBERC is disabled via KUBERC=off environment variable';

interface OptionDefault { name: string; default: string }
interface CommandDefaults { command: string; options: OptionDefault[] | null }
interface AliasOverride { name: string; command: string; prependArgs?: string[]; appendArgs?: string[]; options?: OptionDefault[] }
/** v1beta1.Preference, its fields in the Go struct's order. */
interface Preference {
  kind?: string;
  apiVersion?: string;
  defaults: CommandDefaults[] | null;
  aliases: AliasOverride[] | null;
  credentialPluginPolicy?: string;
  credentialPluginAllowlist?: { name: string }[];
}

/** kuberc.CreateDefaultPreference. */
export function defaultPreference(): Preference {
  return {
    kind: 'Preference',
    apiVersion: API_VERSION,
    defaults: [
      { command: 'apply', options: [{ name: 'server-side', default: 'true' }] },
      { command: 'delete', options: [{ name: 'interactive', default: 'true' }] },
    ],
    aliases: null,
  };
}

/** LoadKuberc: the file, whether it was named (flag or $KUBERC), or '' when KUBERC=off. */
export function kubercFile(inv: Invocation): { file: string; explicit: boolean } {
  const flag = inv.flags.changed('kuberc') ? inv.flags.string('kuberc') : '';
  const env = inv.ctx.env.KUBERC ?? '';
  if (env === 'off') {
    if (flag) throw new PlainError('error occurred while applying preferences kuberc error disabling kuberc via KUBERC=off and passing kuberc flag are mutually exclusive\n');
    return { file: '', explicit: false };
  }
  if (flag) return { file: flag, explicit: true };
  if (env) return { file: env, explicit: true };
  return { file: `${inv.ctx.env.HOME || '/root'}/.kube/kuberc`, explicit: false };
}

function read(inv: Invocation, file: string): string | undefined {
  return inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, file));
}

const PREFERENCE_VERSIONS = new Set(['kubectl.config.k8s.io/v1alpha1', API_VERSION]);
/** Top-level fields of each version's Preference (v1alpha1 called the defaults `overrides`). */
const PREFERENCE_FIELDS: Record<string, Set<string>> = {
  'kubectl.config.k8s.io/v1alpha1': new Set(['apiVersion', 'kind', 'overrides', 'aliases']),
  [API_VERSION]: new Set(['apiVersion', 'kind', 'defaults', 'aliases', 'credentialPluginPolicy', 'credentialPluginAllowlist']),
};

/**
 * The root's preference loading (DefaultGetPreferences), before any command
 * runs: the first document that is a Preference is used (its unknown fields
 * only warned about); a named file that is missing or holds none ends
 * kubectl, the default file only gets a warning. kubectl prints both
 * warnings without a line break.
 */
function loadPreferences(inv: Invocation, file: string, explicit: boolean): void {
  if (!file) return;
  const data = read(inv, file);
  const fail = (why: string) => {
    if (explicit) throw new PlainError(`error occurred while applying preferences kuberc error kuberc: ${why}\n`);
    inv.err(`kuberc: no preferences loaded from ${file}: ${why}`);
  };
  if (data === undefined) {
    if (explicit) fail(`open ${file}: no such file or directory`);
    return;
  }
  let attempted = 0;
  for (const doc of data.split(/^---.*$/m)) {
    if (!doc.trim()) continue;
    attempted++;
    let v: unknown;
    try {
      v = parseYAML(doc);
    } catch {
      continue;
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const o = v as Record<string, unknown>;
    if (!PREFERENCE_VERSIONS.has(String(o.apiVersion)) || o.kind !== 'Preference') continue;
    const unknown = Object.keys(o).filter((k) => !PREFERENCE_FIELDS[String(o.apiVersion)].has(k)).sort();
    if (unknown.length) inv.err(`kuberc: ignoring strict decoding error in ${file}: strict decoding error: ${unknown.map((k) => `unknown field "${k}"`).join(', ')}`);
    return;
  }
  if (attempted > 0) fail(`no valid preferences found in ${file}, use --v=5 to see details`);
}

/** yaml.Unmarshal into *v1beta1.Preference: the known fields, typed; nothing at all for an empty document. */
function decode(data: string): Preference | null {
  let v: unknown;
  try {
    // yaml.Unmarshal reads the first document only.
    v = parseYAML(data.split(/^---.*$/m).find((d, i) => i > 0 || d.trim() !== '') ?? '');
  } catch (e) {
    throw new Error(`error parsing kuberc file: error converting YAML to JSON: yaml: ${String((e as Error).message).split('\n')[0]}`);
  }
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error('error parsing kuberc file: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ' + (Array.isArray(v) ? 'array' : typeof v) + ' into Go value of type v1beta1.Preference');
  const o = v as Record<string, unknown>;
  const list = <T>(x: unknown, f: (e: Record<string, unknown>) => T): T[] | null => (Array.isArray(x) ? x.map((e) => f((e ?? {}) as Record<string, unknown>)) : null);
  const opts = (x: unknown) => list(x, (e) => ({ name: String(e.name ?? ''), default: String(e.default ?? '') }));
  const strs = (x: unknown) => (Array.isArray(x) && x.length ? x.map(String) : undefined);
  const pref: Preference = {
    ...(o.kind ? { kind: String(o.kind) } : {}),
    ...(o.apiVersion ? { apiVersion: String(o.apiVersion) } : {}),
    defaults: list(o.defaults, (e) => ({ command: String(e.command ?? ''), options: opts(e.options) })),
    aliases: list(o.aliases, (e) => {
      const options = opts(e.options);
      return {
        name: String(e.name ?? ''), command: String(e.command ?? ''),
        ...(strs(e.prependArgs) ? { prependArgs: strs(e.prependArgs) } : {}),
        ...(strs(e.appendArgs) ? { appendArgs: strs(e.appendArgs) } : {}),
        ...(options?.length ? { options } : {}),
      };
    }),
  };
  if (o.credentialPluginPolicy) pref.credentialPluginPolicy = String(o.credentialPluginPolicy);
  const allow = list(o.credentialPluginAllowlist, (e) => ({ name: String(e.name ?? '') }));
  if (allow?.length) pref.credentialPluginAllowlist = allow;
  return pref;
}

/** SavePreference: sigs.k8s.io/yaml's Marshal (keys sorted, nil lists as null), then "Updated FILE". */
function save(inv: Invocation, pref: Preference, file: string): void {
  const fs = inv.ctx.fs;
  const path = fs.resolve(inv.ctx.cwd, file);
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  if (!fs.stat(dir)) fs.mkdir(dir, true);
  fs.writeFile(path, toYAML(pref));
  inv.out(`Updated ${file}\n`);
}

/** A nil *Preference dereferenced (view.go reads an empty file, or goes on after a "no" to its question). */
const NIL_PREFERENCE_PANIC = 'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x38 pc=0x1a97fd9]\n';

async function runView(inv: Invocation): Promise<number> {
  if (!loadedYaml()) await loadYamlHolding(inv.ctx.cluster.clock);
  const { file, explicit } = kubercFile(inv);
  loadPreferences(inv, file, explicit);
  if (!file) throw new Error(KUBERC_OFF);
  const data = read(inv, file);
  let pref: Preference | null;
  if (data === undefined) {
    inv.out(`kuberc file not found at ${file}\n`);
    inv.out('Would you like to generate a default kuberc file with recommended options? (y/N): ');
    // fmt.Fscanln: one word and the end of the line; anything else (or nothing) ends the command quietly.
    const r = await inv.ctx.stdin.lines()[Symbol.asyncIterator]().next();
    if (r.done) return 0;
    const words = r.value.trim().split(/\s+/).filter(Boolean);
    if (words.length !== 1) return 0;
    if (words[0].toLowerCase() === 'y') {
      save(inv, defaultPreference(), file);
      return 0;
    }
    pref = null;
  } else {
    pref = decode(data);
  }
  if (!pref) throw new PlainError(NIL_PREFERENCE_PANIC, 2);
  pref.aliases ??= [];
  pref.defaults ??= [];
  const spec = parseOutput(inv.flags.string('output') || 'yaml', PRINT_FLAGS_FORMATS, (p) => read(inv, p), templateFlagsOf(inv.flags));
  if (spec.kind === 'name') {
    inv.out('preference.kubectl.config.k8s.io/<unknown>\n');
    return 0;
  }
  inv.out(printGeneric(spec, pref as never, true));
  return 0;
}

async function runSet(inv: Invocation): Promise<number> {
  if (!loadedYaml()) await loadYamlHolding(inv.ctx.cluster.clock);
  const f = inv.flags;
  const { file, explicit } = kubercFile(inv);
  loadPreferences(inv, file, explicit);
  // cobra's MarkFlagRequired, checked before Run.
  const missing = ['command', 'section'].filter((n) => !f.changed(n));
  if (missing.length) throw new Error(`required flag(s) ${missing.map((n) => `"${n}"`).join(', ')} not set`);
  const section = f.string('section');
  const command = f.string('command');
  const name = f.string('name');
  const prepend = f.strings('prependarg');
  const append = f.strings('appendarg');
  if (!file) throw new Error(KUBERC_OFF);
  if (section !== 'defaults' && section !== 'aliases') throw new Error(`--section must be "defaults" or "aliases", got: ${section}`);
  if (section === 'aliases' && !name) throw new Error('--name is required when --section=aliases');
  if (section === 'defaults' && name) throw new Error('--name should not be specified when --section=defaults');
  if (section === 'defaults' && (prepend.length || append.length)) throw new Error('--prependarg and --appendarg are only valid for --section=aliases');
  const data = read(inv, file);
  const pref: Preference = data === undefined || data.length === 0
    ? { kind: 'Preference', apiVersion: API_VERSION, defaults: null, aliases: null }
    : (decode(data) ?? { defaults: null, aliases: null });
  const options: OptionDefault[] = [];
  for (const opt of f.strings('option')) {
    const eq = opt.indexOf('=');
    if (eq < 0) throw new Error(`invalid option format "${opt}", expected flag=value`);
    options.push({ name: opt.slice(0, eq).replace(/^-+/, ''), default: opt.slice(eq + 1) });
  }
  const overwrite = f.bool('overwrite');
  if (section === 'defaults') {
    const i = (pref.defaults ?? []).findIndex((d) => d.command === command);
    const entry = { command, options: options.length ? options : null };
    if (i >= 0) {
      if (!overwrite) throw new Error(`defaults for command "${command}" already exist, use --overwrite to replace`);
      pref.defaults![i] = entry;
    } else {
      pref.defaults = [...(pref.defaults ?? []), entry];
    }
  } else {
    const entry: AliasOverride = {
      name, command,
      ...(prepend.length ? { prependArgs: prepend } : {}),
      ...(append.length ? { appendArgs: append } : {}),
      ...(options.length ? { options } : {}),
    };
    const i = (pref.aliases ?? []).findIndex((a) => a.name === name);
    if (i >= 0) {
      if (!overwrite) throw new Error(`alias "${name}" already exists, use --overwrite to replace`);
      pref.aliases![i] = entry;
    } else {
      pref.aliases = [...(pref.aliases ?? []), entry];
    }
  }
  save(inv, pref, file);
  return 0;
}

function decl(path: string, run: Command['run']): Command {
  const h = HELP_H[path];
  return { name: path.split(' ').pop()!, short: h.short, use: h.use, aliases: h.aliases, flags: h.flags, run };
}

export const kubercView: Command = decl('alpha kuberc view', runView);
export const kubercSet: Command = decl('alpha kuberc set', runSet);
