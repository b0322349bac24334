/**
 * What the network tools share with the code that stays loaded (the shell's URL arguments, the load generator):
 * the URL grammar curl and wget accept, and the shape of a tool's result. The tools themselves load on first use.
 */

export interface CommandResult {
  /** Output in the order written, each after `delayMs` more of simulated time. */
  segments: { delayMs: number; stdout?: string; stderr?: string }[];
  exitCode: number;
  files?: Record<string, string>;
}

/** How long a hung request waits when nothing bounds it (the learner presses Ctrl-C long before). */
export const FOREVER_MS = 24 * 3_600_000;

export interface ParsedUrl { scheme: string; host: string; port: number; path: string; hostHeader: string }

export function parseUrl(raw: string): ParsedUrl | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#\s]+)(?::(\d+))?([^#\s]*)/.exec(raw);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  return { scheme, host: m[2], port, path: m[4] || '/', hostHeader: m[3] ? `${m[2]}:${m[3]}` : m[2] };
}
