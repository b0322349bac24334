/**
 * The decoder's view of apiextensions.k8s.io/v1 CustomResourceDefinition (the Go types of
 * apiextensions-apiserver pkg/apis/apiextensions/v1): what a strict decode calls an unknown field and which JSON
 * types each field takes. JSONSchemaProps' items, additionalProperties, default, enum and example have their own
 * UnmarshalJSON (or are raw JSON), where the strict decoder does not look.
 */
import { SCHEMA, inspect, type DecodeFindings } from '../../schema/index.js';

const S = 'apiextensions/v1.';
const types: Record<string, Record<string, string>> = {
  CustomResourceDefinition: { apiVersion: 's', kind: 's', metadata: '@meta/v1.ObjectMeta', spec: `@${S}CustomResourceDefinitionSpec`, status: `@${S}CustomResourceDefinitionStatus` },
  CustomResourceDefinitionSpec: {
    group: 's', names: `@${S}CustomResourceDefinitionNames`, scope: 's', versions: `[]@${S}CustomResourceDefinitionVersion`,
    conversion: `@${S}CustomResourceConversion`, preserveUnknownFields: 'b',
  },
  CustomResourceDefinitionNames: { plural: 's', singular: 's', shortNames: '[]s', kind: 's', listKind: 's', categories: '[]s' },
  CustomResourceDefinitionVersion: {
    name: 's', served: 'b', storage: 'b', deprecated: 'b', deprecationWarning: 's', schema: `@${S}CustomResourceValidation`,
    subresources: `@${S}CustomResourceSubresources`, additionalPrinterColumns: `[]@${S}CustomResourceColumnDefinition`, selectableFields: `[]@${S}SelectableField`,
  },
  CustomResourceValidation: { openAPIV3Schema: `@${S}JSONSchemaProps` },
  JSONSchemaProps: {
    id: 's', $schema: 's', $ref: 's', description: 's', type: 's', format: 's', title: 's', default: 'any', maximum: 'f64', exclusiveMaximum: 'b',
    minimum: 'f64', exclusiveMinimum: 'b', maxLength: 'i64', minLength: 'i64', pattern: 's', maxItems: 'i64', minItems: 'i64', uniqueItems: 'b',
    multipleOf: 'f64', enum: '[]any', maxProperties: 'i64', minProperties: 'i64', required: '[]s', items: 'any', allOf: `[]@${S}JSONSchemaProps`,
    oneOf: `[]@${S}JSONSchemaProps`, anyOf: `[]@${S}JSONSchemaProps`, not: `@${S}JSONSchemaProps`, properties: `{}@${S}JSONSchemaProps`,
    additionalProperties: 'any', patternProperties: `{}@${S}JSONSchemaProps`, dependencies: 'any', additionalItems: 'any',
    definitions: `{}@${S}JSONSchemaProps`, externalDocs: `@${S}ExternalDocumentation`, example: 'any', nullable: 'b',
    'x-kubernetes-preserve-unknown-fields': 'b', 'x-kubernetes-embedded-resource': 'b', 'x-kubernetes-int-or-string': 'b',
    'x-kubernetes-list-map-keys': '[]s', 'x-kubernetes-list-type': 's', 'x-kubernetes-map-type': 's', 'x-kubernetes-validations': `[]@${S}ValidationRule`,
  },
  ExternalDocumentation: { description: 's', url: 's' },
  ValidationRule: { rule: 's', message: 's', messageExpression: 's', reason: 's', fieldPath: 's', optionalOldSelf: 'b' },
  CustomResourceSubresources: { status: 'any', scale: `@${S}CustomResourceSubresourceScale` },
  CustomResourceSubresourceScale: { specReplicasPath: 's', statusReplicasPath: 's', labelSelectorPath: 's' },
  CustomResourceColumnDefinition: { name: 's', type: 's', format: 's', description: 's', priority: 'i32', jsonPath: 's' },
  SelectableField: { jsonPath: 's' },
  CustomResourceConversion: { strategy: 's', webhook: `@${S}WebhookConversion` },
  WebhookConversion: { clientConfig: `@${S}WebhookClientConfig`, conversionReviewVersions: '[]s' },
  WebhookClientConfig: { url: 's', service: `@${S}ServiceReference`, caBundle: 'bytes' },
  ServiceReference: { namespace: 's', name: 's', path: 's', port: 'i32' },
  CustomResourceDefinitionStatus: { conditions: `[]@${S}CustomResourceDefinitionCondition`, acceptedNames: `@${S}CustomResourceDefinitionNames`, storedVersions: '[]s', observedGeneration: 'i64' },
  CustomResourceDefinitionCondition: { type: 's', status: 's', lastTransitionTime: 't', reason: 's', message: 's', observedGeneration: 'i64' },
};

/** A root name explain does not look up (it would find no documentation for these types). */
const ROOT = 'crd:CustomResourceDefinition';
for (const [name, f] of Object.entries(types)) SCHEMA.types[`${S}${name}`] = { go: `v1.${name}`, f };
SCHEMA.roots[ROOT] = `${S}CustomResourceDefinition`;

/** The strict decoder's findings for a CustomResourceDefinition. */
export function decodeCRD(obj: unknown): DecodeFindings {
  return inspect(ROOT, obj);
}
