import { types } from 'pg';
import { DataSource, type Logger } from 'typeorm';
import { SnakeNamingStrategy } from '../common/naming';
import { REGISTRY } from '../modules';
import { usePreparedStatements } from './pool-read';
import { applySqlRules } from './sql-rules';
import { fastTimestamptz } from './timestamps';

// DATE columns stay 'YYYY-MM-DD' strings: converting to a JS Date shifts them by the time zone.
types.setTypeParser(types.builtins.DATE, (value) => value);
// TIMESTAMPTZ read without regular expressions, the same Dates (server/db/timestamps.ts).
types.setTypeParser(
  types.builtins.TIMESTAMPTZ,
  fastTimestamptz(types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text')),
);

export interface DataSourceOptions {
  poolSize?: number;
  /** Receives every statement (tests count them). */
  logger?: Logger;
  /**
   * A read replica's pool (server/db/read-replicas.ts): it never installs extensions, names
   * itself `guazhi-replica` in pg_stat_activity, and gives up connecting sooner, so that a replica
   * that stops answering costs a request 2 s before the primary serves it, not 10.
   */
  replica?: boolean;
  /** Named prepared statements for hot reads (server/db/pool-read.ts); default true. */
  preparedStatements?: boolean;
}

export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: REGISTRY.entities,
    migrations: REGISTRY.migrations,
    migrationsTransactionMode: 'all',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: options.logger ? ['query'] : false,
    logger: options.logger,
    poolSize: options.poolSize ?? 10,
    installExtensions: !options.replica,
    extra: {
      connectionTimeoutMillis: options.replica ? 2_000 : 10_000,
      application_name: options.replica ? 'guazhi-replica' : 'guazhi',
      // Calendar days are China's: date ↔ timestamp casts in SQL (e.g. "written before the
      // posting's last day ended") must use its midnight whatever the server's zone.
      options: '-c timezone=Asia/Shanghai',
    },
  });
  usePreparedStatements(dataSource, options.preparedStatements ?? true);
  return dataSource;
}

/**
 * Connects and brings the schema up to date: migrations are the only way the schema changes, then
 * the SQL rules (views and functions, server/db/sql-rules.ts) are re-created if their files changed.
 */
export async function openDatabase(
  url: string,
  options: DataSourceOptions = {},
): Promise<DataSource> {
  const dataSource = createDataSource(url, options);
  await dataSource.initialize();
  await dataSource.runMigrations();
  await applySqlRules(dataSource);
  return dataSource;
}
