import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const self = new Map();
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) || 0) + (p.timeDeltas[i] || 0));
const agg = new Map();
for (const n of p.nodes) {
  if (n.callFrame.functionName !== '' || !n.callFrame.url.includes(process.argv[3])) continue;
  const par = byId.get(parent.get(n.id));
  const k = `col ${n.callFrame.columnNumber} line ${n.callFrame.lineNumber} <- ${par.callFrame.functionName}:${par.callFrame.columnNumber}`;
  agg.set(k, (agg.get(k) || 0) + (self.get(n.id) || 0));
}
[...agg].sort((a, b) => b[1] - a[1]).slice(0, 15).forEach(([k, t]) => console.log((t / 1000).toFixed(0), k));
