import fs from 'node:fs';
const file = process.argv[2];
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const self = new Map();
const dt = p.timeDeltas; let total = 0;
for (let i = 0; i < p.samples.length; i++) { self.set(p.samples[i], (self.get(p.samples[i]) || 0) + (dt[i] || 0)); total += dt[i] || 0; }
const key = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
const fileKey = (n) => n.callFrame.url.split('/').slice(-2).join('/') || n.callFrame.functionName;
// inclusive per function key (count once per stack)
const incl = new Map(); const selfF = new Map(); const selfFile = new Map();
for (const [id, t] of self) {
  const seen = new Set(); let cur = id;
  const n0 = byId.get(id);
  selfF.set(key(n0), (selfF.get(key(n0)) || 0) + t);
  selfFile.set(fileKey(n0), (selfFile.get(fileKey(n0)) || 0) + t);
  while (cur !== undefined) { const k = key(byId.get(cur)); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) || 0) + t); } cur = parent.get(cur); }
}
const pct = (t) => (100 * t / total).toFixed(1).padStart(5);
const mode = process.argv[3] || 'incl';
const m = mode === 'incl' ? incl : mode === 'file' ? selfFile : selfF;
const re = process.argv[4] ? new RegExp(process.argv[4]) : null; console.log("entries", m.size);
console.log('total ms', Math.round(total / 1000));
const rows = [...m].filter(([k]) => !re || re.test(k));
rows.sort((a, b) => b[1] - a[1]);
for (const [k, t] of rows.slice(0, Number(process.argv[5]) || 60)) console.log(pct(t), k);
