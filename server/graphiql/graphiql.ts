import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { CLIENT_SCRIPT, CLIENT_STYLE } from './client';
import { EXAMPLE_TABS } from './examples';
import { GRAPHIQL_DOCUMENTS } from './documents';

/** Folder of an installed package (its `exports` may hide the UMD files from require.resolve). */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (
    !fs.existsSync(path.join(dir, 'package.json')) ||
    !dir.endsWith(path.join(path.sep, name))
  ) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`Package ${name} not found`);
    dir = up;
  }
  return dir;
}

const ASSETS: Record<string, [pkg: string, file: string]> = {
  'react.js': ['react', 'umd/react.production.min.js'],
  'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.css': ['graphiql', 'graphiql.min.css'],
  'explorer.js': ['@graphiql/plugin-explorer', 'dist/index.umd.js'],
  'explorer.css': ['@graphiql/plugin-explorer', 'dist/style.css'],
};

/** The page's own script and style, kept in TypeScript modules so the build carries them. */
const OWN_ASSETS: Record<string, string> = {
  'guazhi.js': CLIENT_SCRIPT,
  'guazhi.css': CLIENT_STYLE,
};

/** What the page's script needs, as JSON inside the page (`<` escaped: no way out of the tag). */
function pageConfig(endpoint: string): string {
  const tabs = EXAMPLE_TABS.map(({ query, variables }) => ({ query, variables }));
  return JSON.stringify({ endpoint, tabs, documents: GRAPHIQL_DOCUMENTS }).replace(/</g, '\\u003c');
}

/** GraphiQL from the package's own files: the machines it runs on may have no internet. */
export function graphiqlPage(endpoint: string, nonce: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>Guazhi GraphiQL</title>
  <link rel="icon" href="data:," />
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css" />
  <link rel="stylesheet" href="/graphiql/assets/explorer.css" />
  <link rel="stylesheet" href="/graphiql/assets/guazhi.css" />
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script id="guazhi-config" type="application/json" nonce="${nonce}">${pageConfig(endpoint)}</script>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script src="/graphiql/assets/explorer.js"></script>
  <script src="/graphiql/assets/guazhi.js"></script>
</body>
</html>`;
}

/** Only our own files, the inline bootstrap with this response's nonce, and no framing. */
export function graphiqlSecurityHeaders(nonce: string): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** Serves the static files GraphiQL needs under /graphiql/assets. */
export function graphiqlAssets(): Router {
  const router = express.Router();
  for (const [name, [pkg, relative]] of Object.entries(ASSETS)) {
    const file = path.join(packageDir(pkg), relative);
    router.get(`/graphiql/assets/${name}`, (_req, res) => {
      res.type(path.extname(name)).set('cache-control', 'public, max-age=86400').sendFile(file);
    });
  }
  for (const [name, text] of Object.entries(OWN_ASSETS)) {
    // Changes with each release: revalidated, not cached for a day.
    router.get(`/graphiql/assets/${name}`, (_req, res) => {
      res.type(path.extname(name)).set('cache-control', 'no-cache').send(text);
    });
  }
  return router;
}
