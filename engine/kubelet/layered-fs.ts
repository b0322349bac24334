/**
 * A container's files over its image's (images/rootfs.ts), as overlayfs stacks a container's writes on its image:
 * reads fall through to the image's shared, read-only maps, writes stay in the container's, a delete of an image's
 * entry leaves a whiteout. Loaded with the image trees; without a lower map each is a plain LazyFiles or Set.
 */
import { LazyFiles } from './container-fs.js';

export class LayeredFiles extends LazyFiles {
  // Declared only: a container without an image tree (most, in a large cluster) carries no such fields.
  declare lower?: ReadonlyMap<string, string>;
  /** Paths a mount covers (volumes.ts): the image's files there are hidden. */
  declare hides?: (path: string) => boolean;
  private declare gone?: Set<string>;

  private below(k: string): boolean {
    return this.lower?.has(k) === true && !this.gone?.has(k) && !this.hides?.(k);
  }

  /** What is read at `k` is the image's file (not written in the container, nor a volume's). */
  fromImage(k: string): boolean {
    return !super.has(k) && this.below(k);
  }

  override get(k: string): string | undefined {
    return super.has(k) || !this.below(k) ? super.get(k) : this.lower!.get(k);
  }

  override has(k: string): boolean {
    return super.has(k) || this.below(k);
  }

  override set(k: string, v: string): this {
    this.gone?.delete(k);
    return super.set(k, v);
  }

  override delete(k: string): boolean {
    const own = super.delete(k);
    if (!this.below(k)) return own;
    (this.gone ??= new Set()).add(k);
    return true;
  }

  override get size(): number {
    let n = super.size;
    for (const _ of this.lowerKeys()) n++;
    return n;
  }

  private *lowerKeys(): Generator<string> {
    if (this.lower) for (const k of this.lower.keys()) if (!super.has(k) && this.below(k)) yield k;
  }

  override *keys(): MapIterator<string> {
    yield* super.keys();
    yield* this.lowerKeys();
  }

  override *entries(): MapIterator<[string, string]> {
    yield* super.entries();
    for (const k of this.lowerKeys()) yield [k, this.lower!.get(k)!];
  }

  override *values(): MapIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }

  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}

/** A set over a shared, read-only lower one: the image's directories under the container's (LayeredMap). */
export class LayeredSet extends Set<string> {
  declare lower?: ReadonlySet<string>;
  declare hides?: (path: string) => boolean;
  private declare gone?: Set<string>;

  override has(k: string): boolean {
    return super.has(k) || (this.lower?.has(k) === true && !this.gone?.has(k) && !this.hides?.(k));
  }

  override add(k: string): this {
    this.gone?.delete(k);
    return super.add(k);
  }

  override delete(k: string): boolean {
    const own = super.delete(k);
    if (!this.lower?.has(k) || this.gone?.has(k)) return own;
    (this.gone ??= new Set()).add(k);
    return true;
  }

  override get size(): number {
    return [...this.values()].length;
  }

  override *values(): SetIterator<string> {
    yield* super.values();
    if (this.lower) for (const k of this.lower) if (!super.has(k) && !this.gone?.has(k) && !this.hides?.(k)) yield k;
  }

  override keys(): SetIterator<string> {
    return this.values();
  }

  override [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }
}

