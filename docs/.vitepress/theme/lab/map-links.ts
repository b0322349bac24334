/** Where to draw the Service → endpoint lines (pure; positions are passed in). */
import type { ServiceView } from './snapshot';

export interface Point { x: number; y: number }
export interface Link { key: string; x1: number; y1: number; x2: number; y2: number; flowing: boolean }

/** Per Service, at most this many lines: beyond it the picture is a blur, the count says enough. */
export const MAX_LINKS_PER_SERVICE = 30;

export function serviceLinks(services: ServiceView[], serviceAt: (key: string) => Point | undefined, podAt: (key: string) => Point | undefined): Link[] {
  const out: Link[] = [];
  for (const s of services) {
    const key = `${s.namespace}/${s.name}`;
    const from = serviceAt(key);
    if (!from) continue;
    for (const ep of s.endpoints.slice(0, MAX_LINKS_PER_SERVICE)) {
      const to = podAt(ep);
      if (!to) continue;
      out.push({ key: `${key}>${ep}`, x1: from.x, y1: from.y, x2: to.x, y2: to.y, flowing: s.loadRps > 0 });
    }
  }
  return out;
}
