import argon2 from 'argon2';

// OWASP's argon2id minimum; libuv has 4 threads, so hashes are also capped in number.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const MAX_CONCURRENT = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(password, OPTIONS));
}

let dummyHash: Promise<string> | undefined;

/** The check itself, handed to a `guard` that runs it inside the hashing slot. */
export type PasswordGuard = (verify: () => Promise<boolean>) => Promise<boolean>;

/**
 * Verifies against `hash`, or against a dummy hash so unknown users take as long as known ones.
 * `guard` (the sign-in throttle) wraps the check once a hashing slot is free: guesses queued
 * behind the slot see every failure recorded while they waited.
 */
export async function verifyPassword(
  hash: string | null,
  password: string,
  guard: PasswordGuard = (verify) => verify(),
): Promise<boolean> {
  const target = hash ?? (await (dummyHash ??= hashPassword('guazhi-timing-equaliser')));
  const ok = await limited(() => guard(() => argon2.verify(target, password).catch(() => false)));
  return ok && hash !== null;
}
