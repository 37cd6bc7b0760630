/**
 * The fields of a PodDefault that the CRD's structural schema keeps (test/fixtures/poddefault-crd.yaml),
 * as the compact tree that src/engine/poddefault-fields.ts holds: the API server prunes every
 * other field. `npx projen gen:fields` rewrites that file; test/crd-fields.test.ts fails when it
 * is out of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

/** A node: 0 for a scalar, `[node]` for a list, an object of fields, or `{ '*': node }` for a map. */
export type FieldTree = 0 | [FieldTree] | { readonly [field: string]: FieldTree };

function treeOf(schema: any): FieldTree {
  if (schema.properties) {
    const out: { [field: string]: FieldTree } = {};
    for (const key of Object.keys(schema.properties).sort()) {
      out[key] = treeOf(schema.properties[key]);
    }
    return out;
  }
  if (schema.items) {
    return [treeOf(schema.items)];
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return { '*': treeOf(schema.additionalProperties) };
  }
  return 0;
}

/** The tree of `spec`, from the CRD fixture. */
export function specFieldsOfCrd(): FieldTree {
  const crd = parse(fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'poddefault-crd.yaml'), 'utf8'));
  return treeOf(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec);
}

/** The source of src/engine/poddefault-fields.ts. */
export function renderFieldsModule(): string {
  return [
    '// Generated from test/fixtures/poddefault-crd.yaml by `npx projen gen:fields` (docs/crd-fields.ts); do not edit.',
    '/* eslint-disable */',
    '',
    '/** A node: 0 for a scalar, `[node]` for a list, an object of fields, or `{ \'*\': node }` for a map. */',
    'export type FieldTree = 0 | [FieldTree] | { readonly [field: string]: FieldTree };',
    '',
    '/** The fields of a PodDefault\'s `spec` that the CRD\'s structural schema keeps (kubeflow.org/v1alpha1). */',
    `export const POD_DEFAULT_SPEC_FIELDS: FieldTree = ${JSON.stringify(specFieldsOfCrd())};`,
    '',
  ].join('\n');
}

if (require.main === module) {
  fs.writeFileSync(path.join(__dirname, '..', 'src', 'engine', 'poddefault-fields.ts'), renderFieldsModule());
}
