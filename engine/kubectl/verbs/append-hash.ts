/**
 * `--append-hash` of `kubectl create configmap|secret ...`
 * (staging/src/k8s.io/kubectl/pkg/util/hash): the name gets a suffix made from
 * the SHA-256 of Go's JSON for {data, kind, name} (and type, for a Secret), so
 * new content makes a new object that Pods can be rolled onto.
 */
import type { KObject } from '../../api/meta.js';
import { hashSuffix, sha256Hex } from '../../util/sha256.js';
import { goJSON } from '../printers/output.js';

export function appendHash(obj: KObject): void {
  const o = obj as KObject & { data?: Record<string, string>; binaryData?: Record<string, string>; type?: string };
  const encoded: Record<string, unknown> = { kind: obj.kind, name: obj.metadata.name ?? '', data: o.data ?? {} };
  if (obj.kind === 'Secret') encoded.type = o.type ?? '';
  else if (o.binaryData && Object.keys(o.binaryData).length) encoded.binaryData = o.binaryData;
  obj.metadata.name = `${obj.metadata.name}-${hashSuffix(sha256Hex(goJSON(encoded)))}`;
}
