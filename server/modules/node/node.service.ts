import type { Context } from '../../context';
import { badInput, notFound } from '../../common/errors';
import { fromGlobalId } from '../../common/global-id';
import type { NodeTypeName } from '../../common/module';
import { MAX_PAGE_SIZE } from '../../common/pagination';

export class NodeService {
  /** Resolves a global ID through the type's scoped loader: unreadable and unknown look the same. */
  async find(ctx: Context, globalId: string): Promise<object> {
    const decoded = fromGlobalId(globalId);
    if (!decoded || !Object.hasOwn(ctx.registry.nodes, decoded.typeName)) throw notFound('Node');
    const loader = ctx.loaders[decoded.typeName as NodeTypeName];
    const row = await loader.load(decoded.id);
    if (!row) throw notFound(decoded.typeName);
    return row;
  }

  /** An item that cannot be read becomes null with a NOT_FOUND error at its index. */
  findMany(ctx: Context, globalIds: string[]): Promise<(object | Error)[]> {
    if (globalIds.length > MAX_PAGE_SIZE)
      throw badInput(
        { en: `At most ${MAX_PAGE_SIZE} ids`, zh: `最多 ${MAX_PAGE_SIZE} 个 ID` },
        'ids',
      );
    return Promise.all(globalIds.map((id) => this.find(ctx, id).catch((error: Error) => error)));
  }
}

export const nodeService = new NodeService();
