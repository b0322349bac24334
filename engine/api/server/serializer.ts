/**
 * How kube-apiserver's JSON serializer writes a response body, shared by its
 * secure port (handler.ts) and everything that passes its bytes on unchanged
 * (kubectl proxy, `kubectl get --raw`).
 */

/** handlers/negotiation isPrettyPrint: `?pretty=` when given, else a User-Agent that looks like a person's. */
export function isPrettyPrint(params: URLSearchParams, userAgent: string): boolean {
  const p = params.get('pretty');
  if (p) return p === 'true' || p === '1' || p === 't' || p === 'T' || p === 'TRUE' || p === 'True';
  return userAgent.startsWith('curl') || userAgent.startsWith('Wget') || userAgent.startsWith('Mozilla/5.0');
}

/**
 * The json serializer's Encode: pretty is json.MarshalIndent (no newline after), otherwise a json.Encoder (one
 * newline after); both escape <, > and & for HTML.
 */
export function goJSON(v: unknown, indent: boolean): string {
  const wire = onTheWire(v);
  const text = indent ? JSON.stringify(wire, null, 2) : `${JSON.stringify(wire)}\n`;
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Cause = { type?: string; message?: string; field?: string };

/**
 * The engine keeps a StatusCause's Go field name, `type`; its JSON tag is `reason` (metav1.StatusCause), and
 * message and field are omitempty.
 */
function onTheWire(v: unknown): unknown {
  const s = v as { kind?: unknown; details?: { causes?: Cause[] } } | null;
  if (s === null || typeof s !== 'object' || s.kind !== 'Status' || !s.details?.causes) return v;
  const causes = s.details.causes.map((c) => ({
    ...(c.type ? { reason: c.type } : {}), ...(c.message ? { message: c.message } : {}), ...(c.field ? { field: c.field } : {}),
  }));
  return { ...s, details: { ...s.details, causes } };
}
