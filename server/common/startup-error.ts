import net from 'node:net';

/**
 * A start that cannot go on because of the machine or a setting, not a fault in Guazhi: printed
 * as its one line (cause — fix), never with a stack.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Why the HTTP port cannot be listened on, naming `PORT`; other errors pass through. */
export function listenError(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `port ${port} is already in use by another program — set PORT to a free port`,
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `port ${port} needs privileges this user does not have — set PORT to 1024 or above`,
    );
  }
  if (code === 'EADDRNOTAVAIL') {
    return new StartupError(`this machine has no address to listen on as HOST says — set HOST`);
  }
  return error;
}

/**
 * Fails at once when the HTTP port cannot be used, before the slow steps (database, demo seed)
 * that would otherwise run first; the real listen still reports a port taken in between.
 */
export function checkPortFree(port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) => reject(listenError(error, port)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
