/**
 * --help text in kubectl's own layout (kubectl/pkg/util/templates): the long
 * description, Aliases, Examples, the subcommand list padded as cobra pads it,
 * Options generated from the flag table, Usage and the two closing tips.
 * Usage texts are not wrapped, as kubectl prints them when stdout is not a terminal.
 */
import type { Command } from './command.js';
import { renderDefault, type FlagDef } from './flags.js';
import { loadFlagTables } from '../verbs/flag-tables.js';

/** cobra's minNamePadding. */
const MIN_NAME_PADDING = 11;

/**
 * What --help prints beyond a generated flag table (verbs/help-text*.ts):
 * long description, examples and flag usages by flag name. They are most of
 * kubectl's help bytes and rarely read, so they load on demand; with them the
 * lazily loaded verbs' `short` and `use`, which only --help prints.
 */
export interface HelpText { short?: string; use?: string; long?: string; example?: string; flags: Record<string, string> }

/** Help texts by command path without "kubectl " ("rollout status"). */
export type HelpTexts = Record<string, HelpText>;

let helpTexts: HelpTexts | undefined;

/** The help texts, loaded once; call before renderHelp. */
export async function loadHelpTexts(clock?: { hold(): () => void }): Promise<HelpTexts> {
  if (!helpTexts) {
    // Loading is real I/O: hold simulated time so a time-jumping driver does not race ahead meanwhile.
    const release = clock?.hold();
    try {
      // The lazily loaded verbs' flag tables too (verbs/flag-tables.ts): --help and `kubectl help` print them.
      const [a, b, e, f, g, h] = await Promise.all([import('../verbs/help-text.js'), import('../verbs/help-text-b.js'), import('../verbs/help-text-e.js'), import('../verbs/help-text-f.js'), import('../verbs/help-text-g.js'), import('../verbs/help-text-h.js'), loadFlagTables()]);
      helpTexts = { ...h.HELP_TEXT_H, ...g.HELP_TEXT_G, ...f.HELP_TEXT_F, ...e.HELP_TEXT_E, ...b.HELP_TEXT_B, ...a.HELP_TEXT };
    } finally {
      release?.();
    }
  }
  return helpTexts;
}

export function renderFlagUsages(flags: FlagDef[], usages: Record<string, string> = {}): string {
  const visible = flags.filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return visible
    .map((f) => `    ${f.shorthand ? `-${f.shorthand}, ` : ''}--${f.name}=${renderDefault(f)}:\n\t${f.usage ?? usages[f.name] ?? ''}\n\n`)
    .join('');
}

/** `texts` from loadHelpTexts fill in what the command's own fields leave out. */
export function renderHelp(chain: Command[], texts: HelpTexts = {}): string {
  const cmd = chain[chain.length - 1];
  const text: HelpText | undefined = texts[chain.slice(1).map((c) => c.name).join(' ')];
  return `${(cmd.long ?? text?.long ?? cmd.short ?? text?.short ?? '').trim()}${renderUsage(chain, texts)}`;
}

/** cobra's Usage() through kubectl's MainUsageTemplate: what --help prints after the description. */
export function renderUsage(chain: Command[], texts: HelpTexts = {}): string {
  const cmd = chain[chain.length - 1];
  const isRoot = chain.length === 1;
  const pathNames = chain.map((c) => c.name);
  const text: HelpText | undefined = texts[pathNames.slice(1).join(' ')];
  const example = cmd.example ?? text?.example;
  let usage = '';
  if (cmd.aliases?.length) usage += `Aliases:\n${[cmd.name, ...cmd.aliases].join(', ')}\n\n`;
  if (example) usage += `Examples:\n${example.replace(/\s+$/, '')}\n\n`;
  const subs = cmd.subcommands ?? [];
  if (subs.length) usage += `${renderSubcommands(cmd, pathNames.slice(1), texts)}\n\n`;
  const flags = cmd.flags ?? [];
  if (flags.some((f) => !f.hidden)) usage += `Options:\n${renderFlagUsages(flags, text?.flags).replace(/\s+$/, '')}\n\n`;
  // cobra prints Usage and the options tip only for a runnable command (kubectl alpha has no Run).
  const runnable = !cmd.notRunnable && (cmd.run || isRoot || subs.length);
  const use = cmd.use ?? text?.use;
  if (runnable && use) {
    const useLine = isRoot ? use : `${pathNames.slice(0, -1).join(' ')} ${use}`;
    usage += `Usage:\n  ${useLine.includes('[options]') ? useLine : `${useLine} [options]`}\n\n`;
  }
  if (subs.length) usage += `Use "${pathNames.join(' ')} <command> --help" for more information about a given command.\n`;
  if (runnable) usage += `Use "kubectl options" for a list of global command-line options (applies to all commands).\n`;
  return `\n\n${usage.replace(/\s+$/, '')}\n`;
}

function renderSubcommands(cmd: Command, path: string[], texts: HelpTexts): string {
  const subs = cmd.subcommands ?? [];
  const pad = Math.max(MIN_NAME_PADDING, ...subs.map((s) => s.name.length));
  const groups: { title: string; cmds: Command[] }[] = [];
  // The root lists plugin commands in their own (here always empty) group before "Other Commands:".
  if (cmd.name === 'kubectl') groups.push({ title: 'Subcommands provided by plugins:', cmds: [] });
  for (const s of subs) {
    if (s.hidden || s.unlisted) continue;
    const title = s.group ?? 'Available Commands:';
    let g = groups.find((x) => x.title === title);
    if (!g) groups.push((g = { title, cmds: [] }));
    g.cmds.push(s);
  }
  const plugins = groups.findIndex((g) => g.title === 'Subcommands provided by plugins:');
  if (plugins >= 0) {
    const [p] = groups.splice(plugins, 1);
    const other = groups.findIndex((g) => g.title === 'Other Commands:');
    groups.splice(other >= 0 ? other : groups.length, 0, p);
  }
  return groups
    .map((g) => [g.title, ...g.cmds.map((c) => `  ${c.name.padEnd(pad)}   ${c.short ?? texts[[...path, c.name].join(' ')]?.short}`)].join('\n'))
    .join('\n\n');
}
