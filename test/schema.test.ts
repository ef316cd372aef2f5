import fs from 'node:fs';
import {
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { PUBLIC_OPERATIONS } from '../server/modules/auth/auth.resolver';
import { createSchema, printSchemaFile, SCHEMA_FILE } from '../server/schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

describe('schema.graphql', () => {
  it('matches the schema printed from code (run `npm run schema` when this fails)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(printSchemaFile(schema));
  });

  it('describes every type, field, argument and enum value for GraphiQL readers', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type)))
        continue;
      if (!type.description) missing.push(type.name);
      if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (!value.description) missing.push(`${type.name}.${value.name}`);
        }
      }
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares who may call every query and mutation (deny by default)', () => {
    const storage = getMetadataStorage();
    const operations = [...storage.queries, ...storage.mutations];
    const undeclared = operations
      .filter((op) => !PUBLIC_OPERATIONS.includes(op.schemaName))
      .filter(
        (op) =>
          !storage.authorizedFields.some(
            (a) => a.target === op.target && a.fieldName === op.methodName,
          ),
      )
      .map((op) => op.schemaName);
    expect(operations.length).toBeGreaterThan(5);
    expect(undeclared).toEqual([]);
  });
});
