/**
 * The Web Worker that hosts the lab engine. Engine events can take hundreds of
 * milliseconds when thousands of pods change at once; here they cannot block
 * typing or painting (docs/decisions/engine-threading.md).
 */
import { LabServer } from './server';
import type { PageRequest } from './protocol';
import { prebootFromName } from './early-start';

const scope = self as unknown as { name: string; postMessage(m: unknown): void; onmessage: ((e: MessageEvent<PageRequest>) => void) | null; addEventListener(t: string, f: (e: Event) => void): void };

const server = new LabServer({
  post: (m) => scope.postMessage(m),
  realNow: () => performance.now(),
  schedule: (fn, ms) => void setTimeout(fn, ms),
});

scope.onmessage = (e) => server.handle(e.data);

scope.addEventListener('unhandledrejection', (e) => {
  const r = (e as PromiseRejectionEvent).reason;
  scope.postMessage({ type: 'fatal', message: r instanceof Error ? `${r.name}: ${r.message}` : String(r) });
});

// Started by the lesson page's head script: boot now, without waiting for a message (early-start.ts).
const preboot = prebootFromName(scope.name);
if (preboot) server.handle({ type: 'preboot', ...preboot });
