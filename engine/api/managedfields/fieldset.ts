/**
 * structured-merge-diff's fieldpath.Set: a set of paths into an object, each path a list of path
 * elements. Elements are kept in their FieldsV1 spelling, which is also how managedFields shows them:
 *   f:name                         a struct field or a map key
 *   k:{"containerPort":80,"protocol":"TCP"}   an item of an associative list, by its key fields (sorted by name)
 *   v:"example.com/finalizer"      an item of a set (a list of scalars)
 *   i:0                            an item of a list by position
 * A node of the tree lists the elements that end a member path (`members`) and the subtrees below
 * elements (`children`); a path can be both (FieldsV1 writes it `{".": {}, ...}`).
 */
export class FieldSet {
  readonly members = new Set<string>();
  readonly children = new Map<string, FieldSet>();

  static of(...paths: string[][]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: readonly string[]): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) {
      let c = node.children.get(path[i]);
      if (!c) node.children.set(path[i], (c = new FieldSet()));
      node = c;
    }
    node.members.add(path[path.length - 1]);
  }

  has(path: readonly string[]): boolean {
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && node; i++) node = node.children.get(path[i]);
    return !!node && path.length > 0 && node.members.has(path[path.length - 1]);
  }

  empty(): boolean {
    if (this.members.size) return false;
    for (const c of this.children.values()) if (!c.empty()) return false;
    return true;
  }

  union(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const m of o.members) out.members.add(m);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      out.children.set(k, oc ? c.union(oc) : c.copy());
    }
    for (const [k, c] of o.children) if (!this.children.has(k)) out.children.set(k, c.copy());
    return out;
  }

  /** The paths of this set that are not in `o`. */
  difference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      const d = oc ? c.difference(oc) : c.copy();
      if (!d.empty()) out.children.set(k, d);
    }
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (o.members.has(m)) out.members.add(m);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (!oc) continue;
      const i = c.intersection(oc);
      if (!i.empty()) out.children.set(k, i);
    }
    return out;
  }

  /** The paths of this set with none of `o`'s members as a prefix (fieldpath's RecursiveDifference). */
  recursiveDifference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [k, c] of this.children) {
      if (o.members.has(k)) continue;
      const oc = o.children.get(k);
      const d = oc ? c.recursiveDifference(oc) : c.copy();
      if (!d.empty()) out.children.set(k, d);
    }
    return out;
  }

  copy(): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const [k, c] of this.children) out.children.set(k, c.copy());
    return out;
  }

  /** Every member path, in the set's order: a node's members before its children, each in element order. */
  *paths(prefix: string[] = []): Generator<string[]> {
    for (const m of [...this.members].sort(compareElements)) yield [...prefix, m];
    for (const k of [...this.children.keys()].sort(compareElements)) yield* this.children.get(k)!.paths([...prefix, k]);
  }

  /** The FieldsV1 form (metadata.managedFields[].fieldsV1). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = new Set([...this.members, ...this.children.keys()]);
    for (const k of [...keys].sort(compareElements)) {
      const c = this.children.get(k);
      const sub = c && !c.empty() ? c.toJSON() : undefined;
      if (this.members.has(k)) out[k] = sub ? { '.': {}, ...sub } : {};
      else if (sub) out[k] = sub;
    }
    return out;
  }

  static fromJSON(v: unknown): FieldSet {
    const s = new FieldSet();
    if (!v || typeof v !== 'object') return s;
    for (const [k, sub] of Object.entries(v as Record<string, unknown>)) {
      if (k === '.') continue;
      const c = FieldSet.fromJSON(sub);
      if (sub && typeof sub === 'object' && ('.' in sub || Object.keys(sub).length === 0)) s.members.add(k);
      if (!c.empty()) s.children.set(k, c);
    }
    return s;
  }
}

/** PathElement.Compare: fields, then keys, then values, then indexes; each kind by its content. */
export function compareElements(a: string, b: string): number {
  const ra = RANK[a[0]] ?? 9;
  const rb = RANK[b[0]] ?? 9;
  if (ra !== rb) return ra - rb;
  switch (a[0]) {
    case 'i': return Number(a.slice(2)) - Number(b.slice(2));
    case 'v': return compareValues(JSON.parse(a.slice(2)), JSON.parse(b.slice(2)));
    case 'k': return compareFieldLists(JSON.parse(a.slice(2)) as Record<string, unknown>, JSON.parse(b.slice(2)) as Record<string, unknown>);
    default: return strcmp(a, b);
  }
}

function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** value.FieldList.Compare: field by field (names, then values); a shorter list first. */
function compareFieldLists(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const x = Object.entries(a);
  const y = Object.entries(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = strcmp(x[i][0], y[i][0]) || compareValues(x[i][1], y[i][1]);
    if (c) return c;
  }
  return x.length - y.length;
}

/** value.Compare: numbers, then strings, then booleans, then lists, then maps; null last. */
function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number') return a - (b as number);
  if (typeof a === 'string') return strcmp(a, b as string);
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a)) {
    const y = b as unknown[];
    for (let i = 0; i < Math.min(a.length, y.length); i++) {
      const c = compareValues(a[i], y[i]);
      if (c) return c;
    }
    return a.length - y.length;
  }
  if (a && typeof a === 'object') {
    const sorted = (o: object) => Object.fromEntries(Object.entries(o).sort(([p], [q]) => strcmp(p, q)));
    return compareFieldLists(sorted(a), sorted(b as object));
  }
  return 0;
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v && typeof v === 'object') return 4;
  return 5;
}

const RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

export function fieldElement(name: string): string {
  return `f:${name}`;
}

/** An associative list item's element: its key fields sorted by name, as compact JSON. */
export function keyElement(fields: [string, unknown][]): string {
  const sorted = [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `k:{${sorted.map(([n, v]) => `${JSON.stringify(n)}:${JSON.stringify(v)}`).join(',')}}`;
}

export function valueElement(v: unknown): string {
  return `v:${JSON.stringify(v)}`;
}

/** fieldpath.Path's String form, as conflict messages print it: .spec.replicas, .spec.containers[name="nginx"].image. */
export function pathString(path: readonly string[]): string {
  return path.map((e) => {
    const body = e.slice(2);
    switch (e[0]) {
      case 'f': return `.${body}`;
      case 'k': {
        const o = JSON.parse(body) as Record<string, unknown>;
        return `[${Object.entries(o).map(([n, v]) => `${n}=${goString(v)}`).join(',')}]`;
      }
      case 'v': return `[=${goString(JSON.parse(body))}]`;
      default: return `[${body}]`;
    }
  }).join('');
}

/** value.ToString: strings quoted (%q), other scalars as they print, lists and maps as JSON. */
function goString(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
