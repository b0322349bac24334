// Splits a generated help-data module into the flag table kubectl needs at
// every run (use, short, aliases, flag names/types/defaults: parsing and
// completion) and the texts only --help prints (long description, examples,
// flag usages), which framework/help.ts loads on demand. Dev tooling, run
// after regenerating a help-data file with its full texts (gen-part-f.mjs writes
// help-data-f.ts whole, so run this after it):
//   npx tsx engine/kubectl/verbs/testdata/split-help-texts.mjs help-data-b.ts
import { readFileSync, writeFileSync } from 'node:fs';

const FILES = {
  'help-data.ts': { data: 'HELP', type: 'HelpData', text: 'help-text.ts', textExport: 'HELP_TEXT', what: 'the read-only verbs' },
  'help-data-b.ts': { data: 'HELP_B', type: 'HelpDataB', text: 'help-text-b.ts', textExport: 'HELP_TEXT_B', what: 'the mutating verbs' },
  'help-data-e.ts': { data: 'HELP_E', type: 'HelpDataE', text: 'help-text-e.ts', textExport: 'HELP_TEXT_E', what: 'the commands part E adds' },
  'help-data-f.ts': { data: 'HELP_F', type: 'HelpDataF', text: 'help-text-f.ts', textExport: 'HELP_TEXT_F', what: 'the commands part F adds' },
};

const file = process.argv[2];
const cfg = FILES[file];
if (!cfg) throw new Error(`usage: split-help-texts.mjs <${Object.keys(FILES).join('|')}>`);
const dir = new URL('../', import.meta.url);
const mod = await import(new URL(file, dir).href);
const data = mod[cfg.data];

const eager = [];
const texts = [];
let found = 0;
for (const [key, h] of Object.entries(data)) {
  const text = { flags: {} };
  if (h.long !== undefined) (text.long = h.long), found++;
  if (h.example !== undefined) (text.example = h.example), found++;
  const flags = h.flags.map((f) => {
    const { usage, ...rest } = f;
    if (usage !== undefined) (text.flags[f.name] = usage), found++;
    return rest;
  });
  const { long, example, ...keep } = h;
  eager.push(`  ${JSON.stringify(key)}: ${JSON.stringify({ ...keep, flags })},`);
  texts.push(`  ${JSON.stringify(key)}: ${JSON.stringify(text)},`);
}
if (!found) throw new Error(`${file} holds no texts to split (already split?)`);

const shortField = data[Object.keys(data)[0]].short !== undefined ? 'short: string; ' : '';
writeFileSync(new URL(file, dir), `/**
 * Flag tables of ${cfg.what}, as kubectl v1.35.2 prints them
 * (\`kubectl <verb> --help\`), keyed by command path: what every run needs to
 * parse flags and complete. The long descriptions, examples and flag usages
 * only --help prints are in ${cfg.text.replace(/\.ts$/, '.ts')}, loaded on demand
 * (testdata/split-help-texts.mjs split them). Flag types follow the printed defaults.
 */
import type { FlagDef } from '../framework/flags.js';

export interface ${cfg.type} { ${shortField}long?: string; example?: string; use: string; aliases?: string[]; flags: FlagDef[] }

export const ${cfg.data}: Record<string, ${cfg.type}> = {
${eager.join('\n')}
};
`);
writeFileSync(new URL(cfg.text, dir), `/**
 * What \`kubectl <path> --help\` prints for ${cfg.what} beyond the flag table
 * in ${file} (kubectl v1.35.2): long description, examples, flag usages.
 * Loaded only when help is printed (framework/help.ts, loadHelpTexts).
 */
import type { HelpText } from '../framework/help.js';

export const ${cfg.textExport}: Record<string, HelpText> = {
${texts.join('\n')}
};
`);
console.log(`${file}: ${eager.length} commands, ${found} texts moved to ${cfg.text}`);
