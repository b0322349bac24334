/**
 * The strict decoder's view of apiextensions.k8s.io/v1 CustomResourceDefinition: the Go types of
 * apiextensions-apiserver pkg/apis/apiextensions/v1 as the v1.35 OpenAPI gives them (schema/generate.ts
 * LAZY_ROOTS, loaded with the kind). JSONSchemaProps' items, additionalProperties, default, example and
 * dependencies have their own UnmarshalJSON (or are raw JSON), where the strict decoder does not look: the
 * generator takes them as any JSON.
 */
import { inspect, type DecodeFindings } from '../../schema/index.js';

/** The strict decoder's findings for a CustomResourceDefinition. */
export function decodeCRD(obj: unknown): DecodeFindings {
  return inspect('CustomResourceDefinition', obj);
}
