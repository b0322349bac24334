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
  const text = indent ? JSON.stringify(v, null, 2) : `${JSON.stringify(v)}\n`;
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
