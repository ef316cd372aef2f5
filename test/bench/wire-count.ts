import net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that counts the statements its clients send: simple queries
 * ('Q') and executions of the extended protocol ('E'), as the frontend/backend protocol frames
 * them. It sees any server's traffic the same way — Guazhi, PostGraphile, the floor — so their
 * statements per request compare without touching their code. Used for counting passes only: the
 * extra hop would distort timings.
 */
export interface WireCounter {
  /** A database URL that reaches `upstream` through the proxy. */
  url: string;
  statements(): number;
  reset(): void;
  close(): Promise<void>;
}

/** Protocol codes a typeless first message carries when it is not the startup message. */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export async function startWireCounter(upstream: string): Promise<WireCounter> {
  const target = new URL(upstream);
  let statements = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const db = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(db);
    let pending = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (!started) {
          if (pending.length < 8) break;
          const length = pending.readInt32BE(0);
          if (pending.length < length) break;
          const code = pending.readInt32BE(4);
          started = code !== SSL_REQUEST && code !== GSSENC_REQUEST;
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) break;
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) break;
        const type = String.fromCharCode(pending[0]);
        if (type === 'Q' || type === 'E') statements++;
        pending = pending.subarray(1 + length);
      }
      db.write(chunk);
    });
    db.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      db.destroy();
      sockets.delete(client);
      sockets.delete(db);
    };
    client.on('close', end).on('error', end);
    db.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(upstream);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    statements: () => statements,
    reset: () => {
      statements = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
