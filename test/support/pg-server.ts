import { startEmbeddedPostgres, type ShutdownMode } from '../../server/db/embedded';

/**
 * A PostgreSQL for one fault test, in a child process (run-ts.cjs): `node run-ts.cjs pg-server.ts
 * <dir> <port>`. Messages: { halt: mode } stops it and answers { halted }; { resume } starts it
 * again and answers { resumed }; { stop } stops it and exits.
 */
async function main() {
  const [dir, port] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres(dir, Number(port));
  const send = (message: object) => process.send!(message);
  let resume: (() => void) | undefined;
  process.on('message', (message: { halt?: ShutdownMode; resume?: true; stop?: true }) => {
    if (message.halt) {
      void pg
        .restart(message.halt, async () => {
          send({ halted: true });
          await new Promise<void>((resolve) => (resume = resolve));
        })
        .then(() => send({ resumed: true }));
    } else if (message.resume) {
      resume?.();
    } else if (message.stop) {
      void pg.stop().then(() => process.exit(0));
    }
  });
  send({ adminUrl: pg.adminUrl });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
