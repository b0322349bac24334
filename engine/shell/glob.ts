/**
 * Pathname expansion (`*.yaml`, `pods/?.txt`, `[ab]*`) over the virtual
 * filesystem. Patterns arrive with quoted characters backslash-escaped so
 * `"*".yaml` stays literal.
 */
import type { VirtualFileSystem } from './process.js';

export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; continue; }
    if (c === '*' || c === '?') return true;
    if (c === '[' && pattern.indexOf(']', i + 2) > 0) return true;
  }
  return false;
}

/** A regular expression for a shell pattern; `pathMode` keeps `*` and `?` from crossing `/`. */
export function patternToRegExp(pattern: string, pathMode = true, anchored: 'full' | 'start' | 'end' | 'none' = 'full', greedy = true): RegExp {
  let re = '';
  const any = pathMode ? '[^/]' : '[\\s\\S]';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) { re += escapeRe(pattern[++i]); continue; }
    if (c === '*') { re += any + (greedy ? '*' : '*?'); continue; }
    if (c === '?') { re += any; continue; }
    if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close > 0) {
        let body = pattern.slice(i + 1, close);
        let neg = false;
        if (body[0] === '!' || body[0] === '^') { neg = true; body = body.slice(1); }
        re += `[${neg ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
        i = close;
        continue;
      }
    }
    re += escapeRe(c);
  }
  if (anchored === 'full') re = `^${re}$`;
  else if (anchored === 'start') re = `^${re}`;
  else if (anchored === 'end') re = `${re}$`;
  return new RegExp(re);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}

/** Expands a pattern against the filesystem; returns the sorted matches (as typed: relative stays relative), or [] when none. */
export function expandGlob(pattern: string, cwd: string, fs: VirtualFileSystem): string[] {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let results: { shown: string; abs: string }[] = [{ shown: absolute ? '' : '', abs: absolute ? '/' : cwd }];
  const first = absolute ? 1 : 0;
  for (let k = first; k < parts.length; k++) {
    const part = parts[k];
    const next: { shown: string; abs: string }[] = [];
    const join = (base: string, name: string) => (base === '' ? (absolute ? `/${name}` : name) : `${base}/${name}`);
    const absJoin = (base: string, name: string) => (base === '/' ? `/${name}` : `${base}/${name}`);
    if (part === '') continue;
    if (!hasGlobChars(part)) {
      const name = unescapePattern(part);
      for (const r of results) next.push({ shown: join(r.shown, name), abs: absJoin(r.abs, name) });
    } else {
      const re = patternToRegExp(part);
      for (const r of results) {
        let entries;
        try {
          entries = fs.readDir(r.abs);
        } catch {
          // A folder the user may not read matches nothing, as glob(3) skips it.
        }
        if (!entries) continue;
        for (const e of entries) {
          if (e.startsWith('.') && !part.startsWith('.')) continue;
          if (re.test(e)) next.push({ shown: join(r.shown, e), abs: absJoin(r.abs, e) });
        }
      }
    }
    results = next;
    if (results.length === 0) return [];
  }
  const exists = (abs: string) => {
    try {
      return !!fs.stat(abs);
    } catch {
      return false;
    }
  };
  const matches = results.filter((r) => exists(r.abs)).map((r) => r.shown + (pattern.endsWith('/') ? '/' : ''));
  return matches.sort();
}
