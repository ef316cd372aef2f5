import fs from 'node:fs';
import path from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { MODULES, REGISTRY } from '../server/modules';
import { NODE_TYPES } from './support/visibility-snapshot';

const SERVER = path.join(__dirname, '..', 'server');
const MODULES_DIR = path.join(SERVER, 'modules');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every `from '…'` and `import('…')` of a file, resolved to a path relative to server/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import\(?)\s*'([^']+)'/g)].map((m) => m[1]);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => path.relative(SERVER, path.resolve(path.dirname(file), s)));
}

const moduleFolders = fs
  .readdirSync(MODULES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

interface Exported {
  file: string;
  name: string;
  value: unknown;
}

/** Each exported value of the files below `dir` whose name passes `test`. */
async function exportsOf(test: (file: string) => boolean, dir = MODULES_DIR): Promise<Exported[]> {
  const files = sourceFiles(dir).filter(test);
  const loaded = await Promise.all(files.map((file) => import(file) as Promise<object>));
  return loaded.flatMap((exports, i) =>
    Object.entries(exports).map(([name, value]) => ({
      file: path.relative(SERVER, files[i]),
      name,
      value,
    })),
  );
}

const endsWith = (suffix: string) => (file: string) => file.endsWith(suffix);

describe('layering', () => {
  it('keeps common/ below the modules when a common file imports from server/modules', () => {
    const offending = sourceFiles(path.join(SERVER, 'common')).flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith(`modules${path.sep}`) || target === 'modules')
        .map((target) => `${path.relative(SERVER, file)} → ${target}`),
    );
    expect(offending).toEqual([]);
  });
});

describe('module manifests', () => {
  it('lists every module folder once in MODULES, each with its <name>.module.ts', () => {
    expect(MODULES.map((m) => m.name).sort()).toEqual(moduleFolders);
    for (const name of moduleFolders) {
      expect(fs.existsSync(path.join(MODULES_DIR, name, `${name}.module.ts`))).toBe(true);
    }
  });

  it('registers every resolver class of every module', async () => {
    const resolvers = (await exportsOf(endsWith('.resolver.ts'))).filter(
      (e) => typeof e.value === 'function' && e.name.endsWith('Resolver'),
    );
    expect(resolvers.length).toBeGreaterThan(25);
    const missing = resolvers.filter((e) => !REGISTRY.resolvers.includes(e.value as never));
    expect(missing.map((e) => `${e.file}: ${e.name}`)).toEqual([]);
  });

  it('registers every entity class that TypeORM knows of', async () => {
    const entityExports = (await exportsOf(endsWith('.entity.ts'))).map((e) => e.value);
    const tables = new Set<unknown>(getMetadataArgsStorage().tables.map((t) => t.target));
    const entities = entityExports.filter((value) => tables.has(value));
    expect(entities.length).toBe(18);
    expect(REGISTRY.entities.length).toBe(entities.length);
    for (const entity of entities) expect(REGISTRY.entities).toContain(entity);
  });

  it('registers every set of user error codes and every migration', async () => {
    const codeSets = (await exportsOf(endsWith('.errors.ts'))).map((e) => e.value);
    expect(codeSets.length).toBeGreaterThan(5);
    for (const set of codeSets) expect(REGISTRY.userErrorCodes).toContain(set);
    const inMigrations = (file: string) => file.includes(`${path.sep}migrations${path.sep}`);
    const migrations = (await exportsOf(inMigrations, SERVER)).map((e) => e.value);
    expect(migrations.length).toBe(REGISTRY.migrations.length);
    for (const migration of migrations) expect(REGISTRY.migrations).toContain(migration);
  });

  it('applies every SQL rule file of every module', () => {
    const files = fs
      .readdirSync(MODULES_DIR, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.sql'))
      .map((file) => `server/modules/${file.split(path.sep).join('/')}`);
    expect(files.length).toBeGreaterThan(5);
    expect([...REGISTRY.sqlRules].sort()).toEqual(files.sort());
  });

  it('orders migrations by their timestamp whichever module declares them', () => {
    const times = REGISTRY.migrations.map((m) => Number(/(\d{13})$/.exec(m.name)![1]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('gives the visibility oracle a rule for every node type the modules declare', () => {
    expect([...NODE_TYPES].sort()).toEqual(Object.keys(REGISTRY.nodes).sort());
  });

  it('maps every constraint refusal to a code that some module declares', () => {
    const declared = new Set(REGISTRY.userErrorCodes.flatMap((set) => Object.values(set)));
    for (const refusal of REGISTRY.constraintErrors.values()) {
      expect(declared.has(refusal.code)).toBe(true);
    }
    expect(REGISTRY.constraintErrors.size).toBe(12);
  });
});
