/**
 * host-local IPAM for one node's pod range 10.244.<index>.0/24: .1 is the
 * bridge, pods get .2–.254, each the next free address after the last one
 * handed out. Leases are kept by last octet, so a node with thousands of pods
 * (KWOK's shapes) does not scan the range for every sandbox.
 */

/** Addresses .2 to .254. */
const RANGE_SIZE = 253;

export class PodIPRange {
  private readonly prefix: string;
  /** Made on first use: most nodes of a 10,000-node cluster never run a pod. */
  private inUse?: Uint8Array;
  private used = 0;
  private last = 1;

  constructor(nodeIndex: number) {
    this.prefix = `10.244.${nodeIndex}.`;
  }

  /** The next free address; a full range hands out .254 again (the simulation's /24 holds 253 pods; KWOK-sized nodes hold more). */
  allocate(): string {
    if (this.used < RANGE_SIZE) {
      const inUse = (this.inUse ??= new Uint8Array(256));
      for (let i = 0; i < RANGE_SIZE; i++) {
        this.last = this.last >= 254 ? 2 : this.last + 1;
        if (inUse[this.last]) continue;
        inUse[this.last] = 1;
        this.used++;
        return this.prefix + this.last;
      }
    }
    return `${this.prefix}254`;
  }

  /** Records an address as taken (a pod adopted after a restart) or frees it; addresses outside the range (hostNetwork pods) are not IPAM's. */
  mark(ip: string, used: boolean): void {
    if (!ip.startsWith(this.prefix)) return;
    const text = ip.slice(this.prefix.length);
    const octet = Number(text);
    if (!/^\d{1,3}$/.test(text) || octet < 2 || octet > 254) return;
    const inUse = (this.inUse ??= new Uint8Array(256));
    if ((inUse[octet] === 1) === used) return;
    inUse[octet] = used ? 1 : 0;
    this.used += used ? 1 : -1;
  }

  /** The node lost power: every lease is gone (the next address still follows the last one handed out). */
  clear(): void {
    this.inUse?.fill(0);
    this.used = 0;
  }
}
