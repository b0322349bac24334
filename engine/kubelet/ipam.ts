/**
 * host-local IPAM for one node's pod block (a /24 by default: 10.244.<n>.0/24):
 * .0 is flannel's overlay address, .1 the bridge, pods get .2 up to the address
 * before broadcast, each the next free address after the last one handed out.
 * Leases are kept by offset in the block, so a node with thousands of pods
 * (KWOK's shapes, with a wider block) does not scan the range for every sandbox.
 */
import { intToIP } from '../util/ipv4.js';
import { ipv4ToNumber } from '../network/pod-cidr.js';

export class PodIPRange {
  private readonly start: number;
  /** Offsets of the last pod address (.254 in a /24). */
  private readonly lastOffset: number;
  private readonly rangeSize: number;
  /** Made on first use: most nodes of a 10,000-node cluster never run a pod. */
  private inUse?: Uint8Array;
  private used = 0;
  private last = 1;

  /** `podCIDR` is the node's spec.podCIDR, e.g. "10.244.3.0/24". */
  constructor(podCIDR: string) {
    const [addr, bits] = podCIDR.split('/');
    const size = 2 ** (32 - Number(bits));
    this.start = ipv4ToNumber(addr) ?? 0;
    this.lastOffset = size - 2;
    this.rangeSize = size - 3;
  }

  /** The next free address; a full range hands out its last address again (the simulation goes on; host-local would fail the sandbox). */
  allocate(): string {
    if (this.used < this.rangeSize) {
      const inUse = (this.inUse ??= new Uint8Array(this.lastOffset + 2));
      for (let i = 0; i < this.rangeSize; i++) {
        this.last = this.last >= this.lastOffset ? 2 : this.last + 1;
        if (inUse[this.last]) continue;
        inUse[this.last] = 1;
        this.used++;
        return intToIP(this.start + this.last);
      }
    }
    return intToIP(this.start + this.lastOffset);
  }

  /** Records an address as taken (a pod adopted after a restart) or frees it; addresses outside the range (hostNetwork pods) are not IPAM's. */
  mark(ip: string, used: boolean): void {
    const n = ipv4ToNumber(ip);
    if (n === undefined) return;
    const offset = n - this.start;
    if (offset < 2 || offset > this.lastOffset) return;
    const inUse = (this.inUse ??= new Uint8Array(this.lastOffset + 2));
    if ((inUse[offset] === 1) === used) return;
    inUse[offset] = used ? 1 : 0;
    this.used += used ? 1 : -1;
  }

  /** The node lost power: every lease is gone (the next address still follows the last one handed out). */
  clear(): void {
    this.inUse?.fill(0);
    this.used = 0;
  }
}
