import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../../config';

export type { Logger };

/**
 * Field names whose values never reach a log line, wherever a caller puts them (one level deep):
 * credentials, hashes, personal data, and the SQL text and parameters of a failed statement.
 */
const REDACT_KEYS = [
  'authorization',
  'cookie',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'apiKey',
  'key',
  'hash',
  'passwordHash',
  'keyHash',
  'secret',
  'phone',
  'idNumber',
  'query',
  'sql',
  'parameters',
  'variables',
];

/** Values that look like a credential or personal number, wherever they appear in a message. */
const SENSITIVE_TEXT: RegExp[] = [
  /Bearer\s+\S+/gi,
  /eyJ[\w-]+\.[\w-]+\.[\w-]*/g, // a JWT
  /gzk_[\w-]+/g, // an API key
  /\$argon2(?:id|i|d)\$\S+/g, // a password hash
  /\d{7,}[Xx]?/g, // phone and ID numbers (身份证号), long enough to identify someone
];

/** `text` with tokens, hashes and long digit runs (phone, ID numbers) replaced by `[redacted]`. */
export function scrub(text: string): string {
  return SENSITIVE_TEXT.reduce((out, pattern) => out.replace(pattern, '[redacted]'), text);
}

function scrubValues(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValues(v, depth - 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === 'requestId' ? v : scrubValues(v, depth - 1)]),
  );
}

/**
 * The process's JSON logger (one line per event on stdout). `destination` lets tests read the lines.
 * Redaction is by field name (pino's `redact`) and by value (`scrub`), so a phone number in an error
 * message is caught too.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'guazhi' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: REDACT_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
        censor: '[redacted]',
      },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubValues(object, 4) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrub(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

interface DriverError {
  code?: unknown;
  table?: unknown;
  column?: unknown;
  routine?: unknown;
}

/**
 * What a log line says of an unexpected error: its type and code, never the SQL text, its
 * parameters, the row's values (`detail`) or constraint names; the stack only at debug level.
 */
export function describeError(error: unknown, withStack = false): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const driver = ((error as { driverError?: DriverError }).driverError ?? error) as DriverError;
  const sqlState = typeof driver.code === 'string' && /^[0-9A-Z]{5}$/.test(driver.code);
  return {
    type: error.constructor?.name ?? 'Error',
    ...(sqlState
      ? {
          sqlState: driver.code,
          table: driver.table,
          column: driver.column,
          routine: driver.routine,
        }
      : {
          code: typeof driver.code === 'string' ? driver.code : undefined,
          message: scrub(error.message).slice(0, 300),
        }),
    ...(withStack ? { stack: error.stack?.split('\n').slice(1, 8).join('\n') } : {}),
  };
}
