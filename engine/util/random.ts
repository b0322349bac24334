/**
 * Seeded randomness (sfc32). The engine never calls Math.random: every generated
 * name, UID, IP choice and jitter comes from here so a seed replays a session.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /**
   * An integer in [0, n): floor(next() · n), with next()'s step done here on int32 copies of the state (as uuid()
   * does). A fraction returned from a call V8 does not inline is a heap-allocated number, and the scheduler draws
   * once per tied node of every pod: hundreds of millions of bytes of garbage at 30,000 pods.
   */
  int(n: number): number {
    const a = this.a | 0;
    const b = this.b | 0;
    const c = this.c | 0;
    const d = (this.d + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    this.d = d;
    return Math.floor(((t >>> 0) / 4294967296) * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** apimachinery's utilrand.String: no vowels (no accidental words) and no 0/1/3 (confusable). */
  nameSuffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
    return s;
  }

  uuid(): string {
    // Draw order is part of the seed's contract: the variant digit first, then the 30 hex digits left to right.
    // The text is made from character codes in one go: appending 36 characters one by one would
    // leave a chain of ~25 V8 cons-string cells behind every UID an object keeps (~800 bytes each).
    // The 31 draws run on local copies of the state, with next()'s arithmetic: int(n) for n = 2^k
    // is the draw's top k bits. (Every step is mod 2^32, so next()'s >>> 0 normalisations change nothing.)
    let a = this.a | 0;
    let b = this.b | 0;
    let cc = this.c | 0;
    let d = this.d | 0;
    const c = UUID_CODES;
    let j = 0;
    let variant = 0;
    for (let i = -1; i < 30; i++) {
      let t = (a + b) | 0;
      a = b ^ (b >>> 9);
      b = (cc + (cc << 3)) | 0;
      cc = (cc << 21) | (cc >>> 11);
      d = (d + 1) | 0;
      t = (t + d) | 0;
      cc = (cc + t) | 0;
      if (i < 0) { variant = HEX_CODES[8 + (t >>> 30)]; continue; }
      if (i === 8 || i === 12 || i === 18) c[j++] = DASH;
      if (i === 12) c[j++] = FOUR;
      if (i === 15) { c[j++] = DASH; c[j++] = variant; }
      c[j++] = HEX_CODES[t >>> 28];
    }
    this.a = a;
    this.b = b;
    this.c = cc;
    this.d = d;
    return String.fromCharCode.apply(null, c);
  }

  /**
   * n hex digits, each the draw int(16) would give, left to right (the container runtime's IDs).
   * Built from character codes in one go, as uuid() is: appending one digit at a time leaves a
   * chain of cons-string cells behind every ID that is kept.
   */
  hex(n: number): string {
    let a = this.a | 0;
    let b = this.b | 0;
    let cc = this.c | 0;
    let d = this.d | 0;
    const c = n === HEX_SCRATCH.length ? HEX_SCRATCH : new Array<number>(n);
    for (let i = 0; i < n; i++) {
      let t = (a + b) | 0;
      a = b ^ (b >>> 9);
      b = (cc + (cc << 3)) | 0;
      cc = (cc << 21) | (cc >>> 11);
      d = (d + 1) | 0;
      t = (t + d) | 0;
      cc = (cc + t) | 0;
      c[i] = HEX_CODES[t >>> 28];
    }
    this.a = a;
    this.b = b;
    this.c = cc;
    this.d = d;
    return String.fromCharCode.apply(null, c);
  }

  /** A child generator whose sequence does not disturb this one's. */
  fork(): Random {
    return new Random(this.int(0x7fffffff));
  }
}

const HEX = '0123456789abcdef';
const HEX_CODES = Array.from(HEX, (ch) => ch.charCodeAt(0));
const DASH = 45;
const FOUR = 52;
/** Scratch space for uuid(): 8-4-4-4-12 characters. */
const UUID_CODES: number[] = new Array<number>(36).fill(0);
/** Scratch space for hex(64), a container ID. */
const HEX_SCRATCH: number[] = new Array<number>(64).fill(0);

export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** apimachinery's SafeEncodeString: maps each byte to the name alphabet so hashes can sit in names. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += NAME_ALPHABET[s.charCodeAt(i) % NAME_ALPHABET.length];
  return out;
}

/** 32-bit FNV-1a, the hash the ReplicaSet's pod-template-hash is built from. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
