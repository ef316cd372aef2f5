import type http from 'node:http';
import type { RequestListener, ServerResponse } from 'node:http';
import { RETRY_AFTER_SECONDS, unavailableBody } from './errors';

/**
 * Graceful stop of an HTTP server that never commits without answering. Apollo's own drain
 * half-closes idle keep-alive sockets (`socket.end()`): a request already on its way over such a
 * socket is still read and run, and its answer is lost. Here, once draining:
 * - the listening socket closes and idle keep-alive sockets are destroyed (unread bytes are
 *   discarded, so their request never runs and the client sees a reset it may safely retry);
 * - a request that still arrives on an open connection is answered 503 + `Connection: close`
 *   before any work;
 * - requests already running finish and are answered with `Connection: close`.
 */
export class HttpDrain {
  private draining = false;
  private readonly running = new Set<ServerResponse>();

  /** `listener`, refused with 503 once draining, and counted while it runs. */
  wrap(listener: RequestListener): RequestListener {
    return (req, res) => {
      if (this.draining) {
        res.writeHead(503, {
          'Content-Type': 'application/json; charset=utf-8',
          'Retry-After': String(RETRY_AFTER_SECONDS),
          Connection: 'close',
        });
        res.end(JSON.stringify(unavailableBody()));
        return;
      }
      this.running.add(res);
      res.once('close', () => this.running.delete(res));
      listener(req, res);
    };
  }

  /**
   * Stops `server` as above; resolves once every connection is closed. Requests still running
   * after `graceMs` have their connections closed (counted in the result).
   */
  async drain(server: http.Server, graceMs: number): Promise<{ forced: number }> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
    for (const res of this.running) if (!res.headersSent) res.setHeader('Connection', 'close');
    server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    while (this.running.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      // A streamed answer (headers already sent) leaves its socket idle once it ends.
      server.closeIdleConnections();
    }
    const forced = this.running.size;
    server.closeAllConnections();
    await closed;
    return { forced };
  }
}
