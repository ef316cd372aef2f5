import { StartupError } from '../common/startup-error';

/**
 * Why the embedded PostgreSQL could not start, as one line a person can act on: the cause and the
 * setting that fixes it. The start-up commands print `message` alone, never a stack.
 */
export class EmbeddedDatabaseError extends StartupError {
  override name = 'EmbeddedDatabaseError';

  constructor(
    cause: string,
    /** What to change: a setting (environment variable) or an action. */
    readonly fix: string,
  ) {
    super(`embedded PostgreSQL: ${cause} — ${fix}`);
  }
}

/** What PostgreSQL's own log lines mean, first match wins; `port` and `dir` fill the text. */
const CAUSES: ReadonlyArray<{
  pattern: RegExp;
  explain: (port: number, dir: string) => [cause: string, fix: string];
}> = [
  {
    pattern: /could not bind|Address already in use|could not create any TCP\/IP sockets/i,
    explain: (port) => [
      `port ${port} is already in use by another program`,
      'set GUAZHI_EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL',
    ],
  },
  {
    pattern: /lock file "postmaster\.pid" already exists|is another postmaster/i,
    explain: (_port, dir) => [
      `another PostgreSQL is already running on the data in ${dir}`,
      'stop the other Guazhi, or set GUAZHI_DATA_DIR to another folder',
    ],
  },
  {
    pattern: /No space left on device|ENOSPC|could not extend file/i,
    explain: (_port, dir) => [
      `the disk holding ${dir} is full`,
      'free some space there, or set GUAZHI_DATA_DIR to a folder on another disk',
    ],
  },
  {
    pattern: /Permission denied|EACCES|EPERM|Operation not permitted/i,
    explain: (_port, dir) => [
      `no permission to use ${dir}`,
      'set GUAZHI_DATA_DIR to a folder this user (and, as root, the postgres user) can write',
    ],
  },
  {
    pattern: /Read-only file system|EROFS/i,
    explain: (_port, dir) => [
      `${dir} is on a read-only file system`,
      'set GUAZHI_DATA_DIR to a writable folder',
    ],
  },
];

/** Turns PostgreSQL's log (or a system error) into an `EmbeddedDatabaseError`. */
export function explainFailure(
  step: 'initialise' | 'start',
  log: readonly string[],
  port: number,
  dir: string,
  error?: unknown,
): EmbeddedDatabaseError {
  const text = [
    ...log,
    error instanceof Error
      ? `${error.message} ${String((error as NodeJS.ErrnoException).code ?? '')}`
      : '',
  ].join('\n');
  for (const { pattern, explain } of CAUSES) {
    if (pattern.test(text)) return new EmbeddedDatabaseError(...explain(port, dir));
  }
  const last =
    log
      .flatMap((chunk) => chunk.split('\n'))
      .map((line) => line.trim())
      .filter((line) => /FATAL|ERROR|error:/i.test(line))
      .pop() ?? (error instanceof Error ? error.message : 'it exited without saying why');
  return new EmbeddedDatabaseError(
    `could not ${step} the cluster in ${dir}: ${last.replace(/\s+/g, ' ').slice(0, 200)}`,
    'set DATABASE_URL to use your own PostgreSQL, or GUAZHI_DATA_DIR to start afresh elsewhere',
  );
}
