/**
 * Warnings the API server returns in `Warning:` response headers and kubectl
 * prints on stderr as `Warning: <text>`, each distinct text once per command
 * (kubectl installs client-go's deduplicating warning writer).
 *
 * Since v1.33 every read or write of v1 Endpoints carries a deprecation
 * warning (KEP-4974), so `kubectl get endpoints web` prints it above the table.
 * Admission's warnings (PodSecurity's) come from the API server's request (`take`).
 */
import type { Client } from '../../api/client.js';
import { ConnectionRefusedError } from '../../api/errors.js';
import type { ProcessContext } from '../../shell/process.js';

/**
 * printers.AllowsColorOutput, asked of stderr: a terminal, TERM not `dumb`, NO_COLOR not set (even empty; an exported
 * variable, as os.LookupEnv sees).
 */
export function allowsColorOutput(ctx: Pick<ProcessContext, 'terminal' | 'env'>): boolean {
  return !!ctx.terminal.stderrIsTTY && ctx.env.TERM !== 'dumb' && !('NO_COLOR' in ctx.env);
}

/** One warning as printers.WarningPrinter and client-go's WarningWriter print it: `Warning:` bold yellow on a terminal. */
export function warningLine(message: string, color: boolean): string {
  return color ? `\u001b[33;1mWarning:\u001b[0m ${message}\n` : `Warning: ${message}\n`;
}

export const ENDPOINTS_DEPRECATED = 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';

/** componentstatuses' REST storage is registered deprecated since v1.19 (pkg/registry/core/rest/storage_core.go). */
export const COMPONENT_STATUS_DEPRECATED = 'v1 ComponentStatus is deprecated in v1.19+';

/** The warning a request for `resource` comes back with, if any. */
export function resourceWarning(resource: string): string | undefined {
  return resource === 'endpoints' ? ENDPOINTS_DEPRECATED : resource === 'componentstatuses' ? COMPONENT_STATUS_DEPRECATED : undefined;
}

/** Where the RESTMapper's warnings go while a kubectl command runs (its warning printer, deduplicated with the rest). */
let mapperWarnings: ((text: string) => void) | undefined;

/** What the RESTMapper warns about a typed resource (set where the resources sharing a short name load). */
export const shortNames: { ambiguities?: (typed: string) => string[] } = {};

/** Warnings of kubectl's own RESTMapper for a typed resource (an ambiguous short name), printed like the API server's. */
export function mapperWarning(typed: string): void {
  for (const w of shortNames.ambiguities?.(typed) ?? []) mapperWarnings?.(w);
}

/** Client calls whose first argument is the resource. */
const RESOURCE_CALLS = new Set(['get', 'tryGet', 'list', 'create', 'update', 'updateStatus', 'patch', 'delete', 'watch']);

/**
 * Wraps clients so the API server's warnings are written through `write`;
 * every client wrapped by one returned function shares the deduplication, as
 * one kubectl process does.
 */
export function warningPrinter(write: (text: string) => void, take: () => string[] = () => [], color = false): ((client: Client) => Client) & { count(): number } {
  const seen = new Set<string>();
  const print = (w: string | undefined) => {
    if (w && !seen.has(w)) {
      seen.add(w);
      write(warningLine(w, color));
    }
  };
  const warn = (resource: unknown) => {
    print(typeof resource === 'string' ? resourceWarning(resource) : undefined);
    // What admission said of this request (PodSecurity).
    for (const t of take()) print(t);
  };
  mapperWarnings = print;
  const wrap = (client: Client) =>
    new Proxy(client, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof prop !== 'string' || !RESOURCE_CALLS.has(prop) || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          take(); // other clients' requests (the controllers') left theirs
          let result: unknown;
          try {
            result = (value as (...a: unknown[]) => unknown).apply(target, args);
          } catch (e) {
            // An error response (NotFound...) carries the header too; a refused connection has no response.
            if (!(e instanceof ConnectionRefusedError)) warn(args[0]);
            throw e;
          }
          warn(args[0]);
          return result;
        };
      },
    });
  // The warning writer's count (each distinct text once), for --warnings-as-errors.
  return Object.assign(wrap, { count: () => seen.size });
}
