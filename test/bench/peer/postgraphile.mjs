// PostGraphile 5 (amber preset, production settings) over the bench database, as issue 12 asks:
// `node postgraphile.mjs <database url> <port>`; prints "ready" when it listens. Run with the
// Node 22 binary installed beside it (node_modules/.bin/node). It applies no authorization: it is
// the reference for speed, not for what Guazhi does.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const [url, port] = process.argv.slice(2);
const preset = {
  extends: [PostGraphileAmberPreset],
  // Conditions on unindexed columns too (a posting's current mentor is the one with no end date,
  // a unit's leadership team its cadres flagged isLeadership), as Guazhi's queries ask.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ connectionString: url, schemas: ['public'] })],
  grafserv: { port: Number(port), graphiql: false, watch: false },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server);
server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
