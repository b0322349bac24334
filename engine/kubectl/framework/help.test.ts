import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';
import { HELP } from '../verbs/help-data.js';
import { HELP_B } from '../verbs/help-data-b.js';
import { HELP_E } from '../verbs/help-data-e.js';
import { HELP_F } from '../verbs/help-data-f.js';
import { HELP_TEXT } from '../verbs/help-text.js';
import { HELP_TEXT_B } from '../verbs/help-text-b.js';
import { HELP_TEXT_E } from '../verbs/help-text-e.js';
import { HELP_TEXT_F } from '../verbs/help-text-f.js';
import { HELP_H } from '../verbs/help-data-h.js';
import { HELP_TEXT_H } from '../verbs/help-text-h.js';
import partH from '../verbs/testdata/part-h.json';
import partE from '../verbs/testdata/part-e.json';
import { loadHelpTexts, renderHelp } from './help.js';

const SPLIT = [
  { data: HELP, texts: HELP_TEXT },
  { data: HELP_B, texts: HELP_TEXT_B },
  { data: HELP_E, texts: HELP_TEXT_E },
  { data: HELP_F, texts: HELP_TEXT_F },
  { data: HELP_H, texts: HELP_TEXT_H },
] as const;

describe('lazily loaded help texts', () => {
  it('holds simulated time while the texts load, then releases it', async () => {
    let holds = 0;
    let released = 0;
    const clock = { hold: () => (holds++, () => void released++) };
    const pending = loadHelpTexts(clock);
    expect(holds).toBe(1);
    expect(released).toBe(0);
    const texts = await pending;
    expect(released).toBe(1);
    expect(texts['auth can-i'].long).toBe(HELP_TEXT_E['auth can-i'].long);
  });

  it('keeps texts out of the eagerly loaded flag tables, and every text belongs to a command and flag there', () => {
    for (const { data, texts } of SPLIT) {
      expect(Object.keys(texts).sort()).toEqual(Object.keys(data).sort());
      for (const [path, h] of Object.entries(data)) {
        expect(h.long, path).toBeUndefined();
        expect(h.example, path).toBeUndefined();
        expect(h.flags.filter((f) => f.usage !== undefined), path).toEqual([]);
        expect(Object.keys(texts[path].flags).sort(), path).toEqual(h.flags.map((f) => f.name).sort());
      }
    }
  });

  it('renders a command whose texts are lazy as the real kubectl v1.35.2 prints --help', async () => {
    const texts = await loadHelpTexts();
    const h = HELP_E['auth can-i'];
    const chain = [{ name: 'kubectl', short: '', use: 'kubectl' }, { name: 'auth', short: '', use: 'auth' }, { name: 'can-i', short: h.short, use: h.use, flags: h.flags, run: () => 0 }];
    expect(renderHelp(chain, texts)).toBe(partE.help['auth can-i']);
  });

  it('prints the kubeconfig and alpha commands\' --help as the real kubectl v1.35.2 does', async () => {
    const k = kubectlRunner(new Cluster({ seed: 19 }).boot());
    // kuberc set and view have no run here (the lab keeps no kuberc), so their help lacks the Usage lines.
    for (const [path, text] of Object.entries(partH.help).filter(([p]) => !p.startsWith('alpha kuberc '))) {
      expect((await k.run([...path.split(' '), '--help'])).stdout, path).toBe(text);
    }
  });

  it('prints --help through kubectl after loading the texts', async () => {
    const cluster = new Cluster({ seed: 19 }).boot();
    const r = await kubectlRunner(cluster).run(['auth', 'whoami', '--help']);
    expect(r).toMatchObject({ code: 0, stdout: partE.help['auth whoami'] });
    expect(cluster.clock.held()).toBe(false);
    expect(cluster.clock.errors).toEqual([]);
  });
});
