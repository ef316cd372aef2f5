import type { DataSource } from 'typeorm';

export async function seedDemoIfEmpty(_dataSource: DataSource): Promise<string | null> {
  return null;
}
