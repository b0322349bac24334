import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import { kubectlRunner } from './test-helpers.js';

// Until the shell's `kubelab script` runner exists, run kubectl transcripts whose lines are plain kubectl words.
const dir = new URL('../../test/transcripts/', import.meta.url);
const files = readdirSync(dir).filter((f) => /^kubectl-(get|describe|config|explain)[-\w]*\.txt$/.test(f));

describe('kubectl transcripts', () => {
  for (const f of files) {
    it(f, async () => {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const k = kubectlRunner(new Cluster({ seed: 1 }).boot());
      let actual = '';
      for (const block of text.split(/^(?=\$ )/m)) {
        const line = block.split('\n')[0].slice(2);
        const r = await k.run(line.split(' ').slice(1));
        actual += `$ ${line}\n${r.output}`;
      }
      expect(actual).toBe(text);
    });
  }
});
