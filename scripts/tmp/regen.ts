import { readFileSync, writeFileSync } from 'node:fs';
import { runScript, scriptFromTranscript } from '../../engine/shell/script.js';
for (const f of process.argv.slice(2)) {
  const text = readFileSync(f, 'utf8');
  const { script, options, body } = scriptFromTranscript(text);
  const out = await runScript(script, options);
  writeFileSync(f + '.new', text.slice(0, text.length - body.length) + out);
}
