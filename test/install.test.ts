import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

/**
 * `npm install` in a clean clone: no engine warning and no rewritten lock file. npm warns for every
 * locked package whose `engines.node` excludes the running Node; every Node the project declares
 * (package.json `engines`) must satisfy every locked package, so none warns on any of them.
 */
const ROOT = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('the lock file', () => {
  it('records the engines package.json declares (npm rewrites it otherwise)', () => {
    expect(lock.packages[''].engines).toEqual(manifest.engines);
  });

  it('holds no package that excludes the oldest Node the project declares', () => {
    const oldest = semver.minVersion(manifest.engines.node)!.version;
    const excluding = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => {
        const range = (p.engines as { node: string }).node;
        return !semver.satisfies(oldest, range, { includePrerelease: true });
      })
      .map(([name, p]) => `${name}@${p.version} needs node ${JSON.stringify(p.engines)}`);
    expect(excluding).toEqual([]);
  });

  it('decides for every package with an install script whether it runs (no npm warning)', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([name, p]) => name && (p as { hasInstallScript?: boolean }).hasInstallScript)
      .map(([name]) => name.slice(name.lastIndexOf('node_modules/') + 'node_modules/'.length));
    const undecided = withScripts.filter((name) => !(name in (manifest.allowScripts ?? {})));
    expect(undecided).toEqual([]);
  });
});
