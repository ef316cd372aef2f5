import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';

/** Configuration fails closed: every refusal below would otherwise start a weaker server. */
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-config-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const SECRET = 's'.repeat(40);

describe('NODE_ENV', () => {
  it.each(['Production', 'prod', 'PRODUCTION', 'staging', 'dev', ' production'])(
    'refuses to start when NODE_ENV is %j',
    (value) => {
      expect(() => loadConfig({ NODE_ENV: value, GUAZHI_JWT_SECRET: SECRET })).toThrow(
        /NODE_ENV must be one of development, production, test/,
      );
    },
  );

  it('runs as development only when NODE_ENV is unset or exactly development', () => {
    const env = { GUAZHI_DATA_DIR: dataDir };
    expect(loadConfig(env).env).toBe('development');
    expect(loadConfig({ ...env, NODE_ENV: 'development' }).env).toBe('development');
    expect(loadConfig({ NODE_ENV: 'production', GUAZHI_JWT_SECRET: SECRET }).env).toBe(
      'production',
    );
  });

  it('exposes error details and seeds demo data in development only', () => {
    const dev = loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: dataDir });
    const prod = loadConfig({ NODE_ENV: 'production', GUAZHI_JWT_SECRET: SECRET });
    const test = loadConfig({ NODE_ENV: 'test' });
    expect([dev.exposeErrorDetails, prod.exposeErrorDetails, test.exposeErrorDetails]).toEqual([
      true,
      false,
      false,
    ]);
    expect(prod.seedDemo).toBe(false);
  });
});

describe('the token signing secret', () => {
  it('is required in production, with or without DATABASE_URL', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db.example/guazhi' }),
    ).toThrow(/GUAZHI_JWT_SECRET must be set .*NODE_ENV=production and DATABASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/GUAZHI_JWT_SECRET must be set/);
  });

  it('refuses a secret shorter than 32 characters in every environment', () => {
    for (const NODE_ENV of ['production', 'development', 'test']) {
      expect(() =>
        loadConfig({ NODE_ENV, GUAZHI_JWT_SECRET: 'short', GUAZHI_DATA_DIR: dataDir }),
      ).toThrow(/at least 32 characters/);
    }
  });

  it('is random per data directory in development, kept there with mode 0600', () => {
    const first = loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: dataDir }).jwtSecret;
    const file = path.join(dataDir, 'jwt-secret');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: dataDir }).jwtSecret).toBe(first);

    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-config-'));
    try {
      const second = loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: other }).jwtSecret;
      expect(second).not.toBe(first);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('narrows a secret file someone made readable back to 0600', () => {
    loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: dataDir });
    const file = path.join(dataDir, 'jwt-secret');
    fs.chmodSync(file, 0o644);
    loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: dataDir });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is the given one when GUAZHI_JWT_SECRET is set, and random per test process otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'test', GUAZHI_JWT_SECRET: SECRET }).jwtSecret).toBe(SECRET);
    const a = loadConfig({ NODE_ENV: 'test' }).jwtSecret;
    const b = loadConfig({ NODE_ENV: 'test' }).jwtSecret;
    expect(a).toHaveLength(64);
    expect(a).not.toBe(b);
  });

  it('has no fixed development secret left in the source', () => {
    const source = fs.readFileSync(path.join(__dirname, '../server/config.ts'), 'utf8');
    expect(source).not.toMatch(/DEV_SECRET|do-not-use-in-production/);
  });
});

describe('the listening address', () => {
  it('is the loopback interface in development unless HOST says otherwise', () => {
    const dev = { NODE_ENV: 'development', GUAZHI_DATA_DIR: dataDir };
    expect(loadConfig(dev).host).toBe('127.0.0.1');
    expect(loadConfig({ ...dev, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', GUAZHI_JWT_SECRET: SECRET }).host).toBeUndefined();
  });
});

describe('logs and CORS settings', () => {
  it('keeps tests quiet unless GUAZHI_LOG_LEVEL asks, and refuses unknown levels', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    expect(loadConfig({ NODE_ENV: 'test', GUAZHI_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(loadConfig({ NODE_ENV: 'production', GUAZHI_JWT_SECRET: SECRET }).logLevel).toBe('info');
    expect(() => loadConfig({ NODE_ENV: 'test', GUAZHI_LOG_LEVEL: 'verbose' })).toThrow(
      /GUAZHI_LOG_LEVEL/,
    );
  });

  it('reads GUAZHI_CORS_ORIGINS as exact origins and refuses wildcards and paths', () => {
    const origins = loadConfig({
      NODE_ENV: 'test',
      GUAZHI_CORS_ORIGINS: 'https://dash.example.cn, http://localhost:5173',
    }).corsOrigins;
    expect(origins).toEqual(['https://dash.example.cn', 'http://localhost:5173']);
    expect(loadConfig({ NODE_ENV: 'test' }).corsOrigins).toEqual([]);
    for (const bad of ['*', 'https://dash.example.cn/', 'dash.example.cn', 'ftp://x.cn']) {
      expect(() => loadConfig({ NODE_ENV: 'test', GUAZHI_CORS_ORIGINS: bad })).toThrow(
        /GUAZHI_CORS_ORIGINS/,
      );
    }
  });
});

describe('read replicas', () => {
  const primary = 'postgres://guazhi:secret@db-primary:5432/guazhi';

  it('reads DATABASE_REPLICA_URLS as a comma-separated list beside DATABASE_URL', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: primary,
      DATABASE_REPLICA_URLS: 'postgres://guazhi:secret@db-a:5432/guazhi, postgresql://db-b/guazhi',
    });
    expect(config.databaseReplicaUrls).toEqual([
      'postgres://guazhi:secret@db-a:5432/guazhi',
      'postgresql://db-b/guazhi',
    ]);
    expect(config.replicaStickyMs).toBe(5_000);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: primary }).databaseReplicaUrls).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'test', GUAZHI_REPLICA_STICKY_MS: '250' }).replicaStickyMs).toBe(
      250,
    );
  });

  it('refuses what is not a postgres URL without echoing it, and replicas without a primary', () => {
    for (const bad of ['db-a:5432', 'mysql://db-a/guazhi', 'postgres://a:pw@x/db,,http://b']) {
      const error = (() => {
        try {
          loadConfig({ NODE_ENV: 'test', DATABASE_URL: primary, DATABASE_REPLICA_URLS: bad });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.message).toMatch(/^DATABASE_REPLICA_URLS must list postgres:\/\//);
      expect(error?.message).not.toContain('pw');
    }
    expect(() =>
      loadConfig({ NODE_ENV: 'test', DATABASE_REPLICA_URLS: 'postgres://db-a/guazhi' }),
    ).toThrow('DATABASE_REPLICA_URLS needs DATABASE_URL');
    expect(() => loadConfig({ NODE_ENV: 'test', GUAZHI_REPLICA_STICKY_MS: '-1' })).toThrow(
      /GUAZHI_REPLICA_STICKY_MS/,
    );
  });

  it('reads the pool size and whether hot reads are prepared, and refuses an empty pool', () => {
    const defaults = loadConfig({ NODE_ENV: 'test' });
    expect([defaults.poolSize, defaults.preparedStatements]).toEqual([10, true]);
    const set = loadConfig({
      NODE_ENV: 'test',
      GUAZHI_DB_POOL_SIZE: '4',
      GUAZHI_PREPARED_STATEMENTS: 'false',
    });
    expect([set.poolSize, set.preparedStatements]).toEqual([4, false]);
    expect(() => loadConfig({ NODE_ENV: 'test', GUAZHI_DB_POOL_SIZE: '0' })).toThrow(
      'GUAZHI_DB_POOL_SIZE must be at least 1, got "0"',
    );
    expect(() => loadConfig({ NODE_ENV: 'test', GUAZHI_PREPARED_STATEMENTS: 'maybe' })).toThrow(
      /GUAZHI_PREPARED_STATEMENTS must be true or false/,
    );
  });

  it('compiles a query document after one run unless GUAZHI_COMPILE_AFTER says otherwise', () => {
    const compileAfter = (value?: string) =>
      loadConfig({ NODE_ENV: 'test', GUAZHI_COMPILE_AFTER: value }).compileAfter;
    expect([compileAfter(), compileAfter('0'), compileAfter('5'), compileAfter('off')]).toEqual([
      1,
      0,
      5,
      null,
    ]);
    expect(() => compileAfter('never')).toThrow(
      'GUAZHI_COMPILE_AFTER must be a non-negative integer or off, got "never"',
    );
  });
});

describe('folders and ports', () => {
  it('names GUAZHI_DATA_DIR when the data folder cannot be made, at once (not a loop on /proc)', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: '/proc/guazhi' })).toThrow(
      'GUAZHI_DATA_DIR=/proc/guazhi cannot be created (ENOENT at /proc/guazhi): set GUAZHI_DATA_DIR to a folder this user can write',
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: '/etc/passwd/guazhi' }),
    ).toThrow(/^GUAZHI_DATA_DIR=\/etc\/passwd\/guazhi cannot be created \(ENOTDIR/);
    // A folder that exists but takes no files.
    expect(() => loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: '/proc' })).toThrow(
      /^GUAZHI_DATA_DIR=\/proc cannot hold the token key \(E[A-Z]+\): set GUAZHI_DATA_DIR/,
    );
  });

  it('makes missing parents of the data folder', () => {
    const nested = path.join(dataDir, 'a', 'b', 'c');
    loadConfig({ NODE_ENV: 'development', GUAZHI_DATA_DIR: nested });
    expect(fs.existsSync(path.join(nested, 'jwt-secret'))).toBe(true);
  });

  it.each(['0', '65536', '99999'])('refuses PORT=%s, which no server can listen on', (value) => {
    expect(() => loadConfig({ NODE_ENV: 'test', PORT: value })).toThrow(
      `PORT must be a port from 1 to 65535, got "${value}"`,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', GUAZHI_EMBEDDED_PG_PORT: value })).toThrow(
      /GUAZHI_EMBEDDED_PG_PORT must be a port from 1 to 65535/,
    );
  });
});

describe('GUAZHI_TRUSTED_DOCUMENTS_ONLY', () => {
  it('reads roles, API_KEYS and ANONYMOUS; nobody is held when unset', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).trustedDocumentsOnly).toEqual({
      roles: [],
      apiKeys: false,
      anonymous: false,
    });
    const config = loadConfig({
      NODE_ENV: 'test',
      GUAZHI_TRUSTED_DOCUMENTS_ONLY: 'ANALYST, API_KEYS,CADRE',
      GUAZHI_TRUSTED_DOCUMENTS: 'a.json,/srv/b.json',
    });
    expect(config.trustedDocumentsOnly).toEqual({
      roles: ['ANALYST', 'CADRE'],
      apiKeys: true,
      anonymous: false,
    });
    expect(config.trustedDocumentFiles).toEqual([path.resolve('a.json'), '/srv/b.json']);
  });

  it.each(['analyst', 'APIKEYS', 'ADMIN'])('refuses to start on a misspelt entry %j', (entry) => {
    expect(() =>
      loadConfig({ NODE_ENV: 'test', GUAZHI_TRUSTED_DOCUMENTS_ONLY: `CADRE,${entry}` }),
    ).toThrow(/GUAZHI_TRUSTED_DOCUMENTS_ONLY lists .*got "/);
  });
});
