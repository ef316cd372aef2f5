import { GuazhiError } from './errors';

/**
 * Sending a request again after a network error (no answer, or a proxy's non-GraphQL 5xx page):
 * exponential backoff, `baseDelayMs` · 2^(try − 1) with jitter, up to `attempts` tries in all.
 * Only for what is safe to repeat: queries, and mutations sent with an `Idempotency-Key` (the
 * server applies those once). GraphQL errors (the server answered) are never retried.
 */
export interface RetryOptions {
  /** Tries in all, the first included; 1 turns retrying off. Default 3. */
  attempts?: number;
  /** Delay before the first retry, doubled before each next one. Default 300 ms. */
  baseDelayMs?: number;
  /** No delay longer than this. Default 5 000 ms. */
  maxDelayMs?: number;
}

const DEFAULTS = { attempts: 3, baseDelayMs: 300, maxDelayMs: 5_000 };

/** Whether an error is a transport failure a retry may cure. */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof GuazhiError &&
    error.code === 'NETWORK_ERROR' &&
    (error.status === null || error.status >= 500)
  );
}

/** Runs `attempt` until it succeeds, fails for good, the tries run out or `signal` aborts. */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: RetryOptions | false | undefined,
  signal?: AbortSignal,
): Promise<T> {
  // `undefined` means the defaults; `false` one try. A figure left undefined or not a finite
  // number also takes its default (NaN tries would never run out).
  const given: RetryOptions = options === false ? { attempts: 1 } : (options ?? {});
  const pick = (value: number | undefined, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
  const attempts = Math.max(1, Math.floor(pick(given.attempts, DEFAULTS.attempts)));
  const baseDelayMs = pick(given.baseDelayMs, DEFAULTS.baseDelayMs);
  const maxDelayMs = pick(given.maxDelayMs, DEFAULTS.maxDelayMs);
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= attempts || !isRetryable(error) || signal?.aborted) throw error;
      // Jitter (½–1× the step) keeps many clients cut off together from coming back together.
      const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1));
      await sleep(step * (0.5 + Math.random() / 2), signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
