/**
 * The HPA chart's two lines as SVG points: replicas scaled to the HPA's max,
 * CPU utilisation scaled so the target sits at mid-height (what matters is
 * above or below the target), time across.
 */
import type { HPAView } from './snapshot';

export interface HPAChart { width: number; height: number; replicas: string; cpu: string; targetY?: number }

export function hpaChart(h: HPAView, width: number, height: number): HPAChart {
  const pts = h.points;
  if (pts.length === 0) return { width, height, replicas: '', cpu: '' };
  const t0 = pts[0].time;
  const span = Math.max(1, pts[pts.length - 1].time - t0);
  const x = (t: number) => (pts.length === 1 ? width : ((t - t0) / span) * width);
  const maxRep = Math.max(1, h.max, ...pts.map((p) => p.replicas));
  const cpuScale = Math.max(1, (h.cpuTarget ?? 50) * 2, ...pts.map((p) => p.cpu ?? 0));
  const y = (v: number, max: number) => height - 2 - (v / max) * (height - 4);
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    width,
    height,
    replicas: pts.map((p) => `${r(x(p.time))},${r(y(p.replicas, maxRep))}`).join(' '),
    cpu: pts.filter((p) => p.cpu !== undefined).map((p) => `${r(x(p.time))},${r(y(p.cpu!, cpuScale))}`).join(' '),
    targetY: h.cpuTarget !== undefined ? r(y(h.cpuTarget, cpuScale)) : undefined,
  };
}
