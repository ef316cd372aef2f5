import { type GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/** A decorated class (type-graphql's own `target` type). */
type Target = ReturnType<typeof getMetadataStorage>['objectTypes'][number]['target'];

/**
 * Plain fields read their property directly. type-graphql gives every `@Field` of an object type
 * a resolver of its own, which for a field with no roles, no middleware and no field resolver
 * does nothing but build an object and read `root[name]`: on a page of 50 postings that is ~1 000
 * calls per request, and it keeps compiled execution (server/common/compiled-execution.ts) from
 * reading the property inline. Such a field loses the resolver (graphql-js's default reads the
 * property of the same name), or, where the property is named otherwise, gets a bare read of
 * it. (`id` is not one of them: Node's getter `globalId` is a field resolver, and keeps it.)
 *
 * Conservative: a field keeps type-graphql's resolver when any declaration of it in the type's
 * class chain or interfaces carries roles (`@Authorized`), a middleware (`@FieldRule`,
 * `@UseMiddleware`) or a field resolver. Returns the number of fields changed.
 */
export function readPlainFieldsDirectly(schema: GraphQLSchema): number {
  const storage = getMetadataStorage();
  // The built class metadata: its fields carry their roles and middlewares (the storage's own
  // `fields` list does not, as type-graphql builds on copies of it).
  const classes = [...storage.objectTypes, ...storage.interfaceTypes];
  const byName = new Map(classes.map((c) => [c.name, c]));
  const byTarget = new Map(classes.map((c) => [c.target, c]));
  // Field resolvers by method and by field name (a `@FieldResolver({ name })` may differ).
  const resolved = new Set(
    storage.fieldResolvers.flatMap((r) => {
      const type = r.getObjectType?.()?.name ?? '';
      return [`${type}.${r.methodName}`, `${type}.${r.schemaName}`];
    }),
  );

  let changed = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const own = byName.get(type.name);
    if (!own) continue;
    // The class, its ancestors and its interfaces: every place one of its fields is declared.
    const declaring: (typeof classes)[number][] = [];
    for (let c: unknown = own.target; typeof c === 'function' && c !== Function.prototype;) {
      const meta = byTarget.get(c as Target);
      if (meta) declaring.push(meta);
      c = Object.getPrototypeOf(c);
    }
    for (const face of type.getInterfaces()) {
      const meta = byName.get(face.name);
      if (meta) declaring.push(meta);
    }
    const unbuilt = declaring.some((meta) => !meta.fields);
    for (const field of Object.values(type.getFields())) {
      if (unbuilt) break;
      const declarations = declaring.flatMap((meta) =>
        (meta.fields ?? []).filter((f) => f.schemaName === field.name),
      );
      if (declarations.length === 0) continue;
      const plain = declarations.every(
        (f) =>
          f.roles === undefined &&
          (f.middlewares ?? []).length === 0 &&
          ![f.target.name, own.target.name].some(
            (owner) =>
              resolved.has(`${owner}.${f.name}`) || resolved.has(`${owner}.${f.schemaName}`),
          ),
      );
      const names = new Set(declarations.map((f) => f.name));
      if (!plain || names.size !== 1) continue;
      const [property] = names;
      field.resolve =
        property === field.name ? undefined : (root: Record<string, unknown>) => root[property];
      changed++;
    }
  }
  return changed;
}
