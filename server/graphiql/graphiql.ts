import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/** Folder of an installed package (its `exports` may hide the UMD files from require.resolve). */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) !== name) {
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
};

const EXAMPLE = `# Welcome to Guazhi (挂职). Sign in first, e.g. with a demo user:
#
# mutation { login(input: {username: "admin", password: "guazhi-demo"}) { token userErrors { message } } }
#
# then write "Bearer <token>" into Authorization in the Headers tab below, re-fetch the schema
# (the circular-arrow button) for the Docs, and run:

query Postings {
  postings(first: 5, filter: { status: [ACTIVE] }) {
    totalCount
    nodes {
      id
      type
      positionTitle
      cadre { name }
      receivingUnit { name }
      mentorship { mentor { name } }
    }
  }
}
`;

const DEFAULT_HEADERS = '{\n  "Authorization": ""\n}';

/** GraphiQL from the package's own files: the machines it runs on may have no internet. */
export function graphiqlPage(endpoint: string, nonce: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>Guazhi GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script nonce="${nonce}">
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: ${JSON.stringify(EXAMPLE)},
        defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},
        isHeadersEditorEnabled: true,
        // Tokens stay out of localStorage: analysts may share machines.
        shouldPersistHeaders: false,
        defaultEditorToolsVisibility: 'headers',
      }),
    );
  </script>
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
  return router;
}
