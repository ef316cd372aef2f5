import type DataLoader from 'dataloader';
import { forbidden } from './errors';

/**
 * Loads the record a foreign key points at. A row the viewer may not read comes back null from
 * the scoped loader; the field then resolves to null with a FORBIDDEN error at its path.
 */
export async function related<T>(
  loader: DataLoader<number, T | null>,
  id: number | null | undefined,
  what: string,
): Promise<T | null> {
  if (id === null || id === undefined) return null;
  const row = await loader.load(id);
  if (!row)
    throw forbidden({
      en: `${what} is outside what you may read`,
      zh: `${what} 不在您的查阅范围内`,
    });
  return row;
}

/** Like `related`, for references every viewer of the parent may follow (e.g. units). */
export async function required<T>(
  loader: DataLoader<number, T | null>,
  id: number,
  what: string,
): Promise<T> {
  return (await related(loader, id, what)) as T;
}
