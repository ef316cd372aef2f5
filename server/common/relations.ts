import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { forbidden } from './errors';
import type { NodeTypeName, NodeTypes } from './module';
import { selectedColumns } from './selection';

/**
 * Loads the record a foreign key points at, reading only the columns the field's selection needs
 * (server/common/selection.ts). A row the viewer may not read comes back null from the scoped
 * loader; the field then resolves to null with a FORBIDDEN error at its path.
 */
export async function related<K extends NodeTypeName>(
  ctx: Context,
  info: GraphQLResolveInfo,
  type: K,
  id: number | null | undefined,
): Promise<NodeTypes[K] | null> {
  if (id === null || id === undefined) return null;
  const loader = ctx.loaders.narrow(type, selectedColumns(ctx, info, type, 'node'));
  const row = await loader.load(id);
  if (!row)
    throw forbidden({
      en: `${type} is outside what you may read`,
      zh: `${type} 不在您的查阅范围内`,
    });
  return row;
}

/** Like `related`, for references every viewer of the parent may follow (e.g. units). */
export async function required<K extends NodeTypeName>(
  ctx: Context,
  info: GraphQLResolveInfo,
  type: K,
  id: number,
): Promise<NodeTypes[K]> {
  return (await related(ctx, info, type, id)) as NodeTypes[K];
}
