/**
 * `kubectl create configmap` and `create secret generic`'s data: --from-file, --from-literal and --from-env-file
 * as create_configmap.go, create_secret.go and cmdutil's env_file.go read them. Loaded on first use.
 */
import type { Invocation } from '../framework/command.js';
import { chDirPrefixErrors, ENV_FMT, isConfigMapKey, regexError } from '../../api/validation/names.js';

/**
 * --from-file, --from-literal and --from-env-file as create_configmap.go and create_secret.go read them: a Secret
 * takes its literals before its files, a ConfigMap the other way round; each key is checked as it is added, with
 * each kind's own texts; env files come last, line by line (cmdutil.AddFromEnvFile).
 */
export function dataFromSources(inv: Invocation, kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> {
  const literals = inv.flags.strings('from-literal');
  const files = inv.flags.strings('from-file');
  const envFiles = inv.flags.strings('from-env-file');
  if (envFiles.length && (files.length || literals.length)) throw new Error('from-env-file cannot be combined with from-file or from-literal');
  const data: Record<string, string> = {};
  const add = (k: string, v: string) => {
    const errs = isConfigMapKey(k);
    if (kind === 'ConfigMap') {
      if (errs.length) throw new Error(`${JSON.stringify(k)} is not a valid key name for a ConfigMap: ${errs.join(',')}`);
      if (Object.hasOwn(data, k)) throw new Error(`cannot add key ${JSON.stringify(k)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(name)}`);
    } else {
      if (errs.length) throw new Error(`${JSON.stringify(k)} is not valid key name for a Secret ${errs.join(';')}`);
      if (Object.hasOwn(data, k)) throw new Error(`cannot add key ${k}, another key by that name already exists`);
    }
    data[k] = v;
  };
  const { fs, cwd } = inv.ctx;
  const statOf = (path: string) => {
    const st = fs.stat(fs.resolve(cwd, path));
    if (!st) throw new Error(`error reading ${path}: no such file or directory`);
    return st;
  };
  const fromFiles = () => {
    for (const source of files) {
      // util.ParseFileSource: at most one '=', with something on both sides of it.
      const parts = source.split('=');
      if (parts.length === 2 && !parts[0]) throw new Error(`key name for file path ${parts[1]} missing`);
      if (parts.length === 2 && !parts[1]) throw new Error(`file path for key name ${parts[0]} missing`);
      if (parts.length > 2) throw new Error("key names or file paths cannot contain '='");
      const path = parts.length === 2 ? parts[1] : source;
      const abs = fs.resolve(cwd, path);
      if (statOf(path).type === 'dir') {
        if (parts.length === 2) throw new Error('cannot give a key name for a directory path');
        // os.ReadDir's order (by name); only regular files become keys.
        for (const entry of [...(fs.readDir(abs) ?? [])].sort()) {
          const p = `${abs.replace(/\/$/, '')}/${entry}`;
          if (fs.stat(p)?.type === 'file') add(entry, fs.readFile(p) ?? '');
        }
      } else add(parts.length === 2 ? parts[0] : goPathBase(path), fs.readFile(abs) ?? '');
    }
  };
  const fromLiterals = () => {
    for (const l of literals) {
      const eq = l.indexOf('=');
      if (eq <= 0) throw new Error(`invalid literal source ${l}, expected key=value`);
      add(l.slice(0, eq), l.slice(eq + 1));
    }
  };
  if (kind === 'Secret') [fromLiterals, fromFiles].forEach((f) => f());
  else [fromFiles, fromLiterals].forEach((f) => f());
  for (const f of envFiles) {
    if (statOf(f).type === 'dir') throw new Error(`env ${kind === 'Secret' ? 'secret' : 'config'} file cannot be a directory`);
    // bufio.ScanLines: no empty line after the last newline, a CR before a newline dropped.
    const lines = (fs.readFile(fs.resolve(cwd, f)) ?? '').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    lines.forEach((raw, i) => {
      const line = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '').replace(/^[\t\n\v\f\r \u0085\u00A0]+/, '');
      if (line === '' || line.startsWith('#')) return;
      const eq = line.indexOf('=');
      const k = eq >= 0 ? line.slice(0, eq) : line;
      const errs = envVarNameErrors(k);
      if (errs.length) throw new Error(`${JSON.stringify(k)} is not a valid key name: ${errs.join(';')}`);
      // A name alone takes its value from kubectl's own environment, empty when unset.
      add(k, eq >= 0 ? line.slice(eq + 1) : (inv.ctx.env[k] ?? ''));
    });
  }
  return data;
}

/** Go's path.Base: the last element, trailing slashes dropped. */
function goPathBase(p: string): string {
  const s = p.replace(/\/+$/, '');
  return s === '' ? (p === '' ? '.' : '/') : s.slice(s.lastIndexOf('/') + 1);
}

/** apimachinery's IsEnvVarName, which kubectl applies to env files and `set env` (the API server takes the relaxed rule). */
export function envVarNameErrors(v: string): string[] {
  const errs = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v) ? [] : [regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit", ENV_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1')];
  return [...errs, ...chDirPrefixErrors(v)];
}
