import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { codedError, ErrorCode } from '../../common/errors';
import type { Text } from '../../common/text';

/** The table the limiters share (migration LoginThrottle1765600000000); rows expire by `expire`. */
export const THROTTLE_TABLE = 'login_throttle';

/**
 * An office's address is shared by everyone in it, so it gets many more failures than one
 * username at it: `loginMaxFailures × ADDRESS_FACTOR` failures per address in ADDRESS_WINDOW.
 */
export const ADDRESS_FACTOR = 10;
const ADDRESS_WINDOW_SECONDS = 3600;
/** Consecutive failures are forgotten after a day without one. */
const FAILURE_MEMORY_SECONDS = 24 * 3600;

/** An answer to RATE_LIMITED: HTTP 429, `extensions.retryAfter` and `Retry-After`, in seconds. */
export function rateLimited(message: Text, retryAfterSeconds: number): GraphQLError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  return codedError(
    {
      en: `${message.en}; try again in ${retryAfter} s`,
      zh: `${message.zh}，请 ${retryAfter} 秒后再试`,
    },
    {
      code: ErrorCode.RATE_LIMITED,
      retryAfter,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
    },
  );
}

/**
 * Slows password guessing without letting a guesser lock the owner out (OWASP's advice; the
 * "login endpoint protection" recipe of rate-limiter-flexible), in PostgreSQL so that every
 * server instance counts the same:
 *
 * - per username **and** address, consecutive failures: the first `loginMaxFailures − 1` cost
 *   nothing, then each failure blocks that pair for 1, 2, 4 … seconds, at most
 *   `loginWindowMinutes`; a success resets the pair. A guesser elsewhere never slows the owner.
 * - per address, failures whatever the username: `loginMaxFailures × ADDRESS_FACTOR` an hour,
 *   then the address waits for the hour to end (a spray over many usernames).
 *
 * Only checked wrong passwords count; correct ones never do. The check runs inside the password
 * hasher's slot (`verifyPassword`'s gate), so parallel guesses queue and each sees the failures
 * recorded before it: at most the hasher's concurrency per instance races past a fresh block.
 */
export class LoginThrottle {
  private readonly failures: RateLimiterPostgres;
  private readonly blocks: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
  ) {
    const limiter = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterPostgres({
        storeClient: dataSource,
        storeType: 'typeorm',
        tableName: THROTTLE_TABLE,
        tableCreated: true,
        // Purging is `purgeExpired`, run after failures: no timer per limiter and instance.
        clearExpiredByTimeout: false,
        keyPrefix,
        points,
        duration,
      });
    this.failures = limiter('login_fail', Number.MAX_SAFE_INTEGER, FAILURE_MEMORY_SECONDS);
    this.blocks = limiter('login_block', 1, 0);
    this.byAddress = limiter('login_addr', this.addressMax, ADDRESS_WINDOW_SECONDS);
  }

  private get addressMax(): number {
    return this.config.loginMaxFailures * ADDRESS_FACTOR;
  }

  /** RATE_LIMITED while the username at this address, or the address, must wait. */
  async check(username: string, clientIp: string): Promise<void> {
    const [pair, address] = await Promise.all([
      this.blocks.get(pairKey(username, clientIp)),
      this.byAddress.get(addressKey(clientIp)),
    ]);
    if (isBlocked(pair, 1))
      throw rateLimited(
        { en: 'Too many failed sign-ins for this username', zh: '该用户名登录失败次数过多' },
        pair!.msBeforeNext / 1000,
      );
    if (isBlocked(address, this.addressMax))
      throw rateLimited(
        { en: 'Too many failed sign-ins from this address', zh: '该网络地址登录失败次数过多' },
        address!.msBeforeNext / 1000,
      );
  }

  /** Counts a wrong password; from the `loginMaxFailures`-th in a row on, the pair waits. */
  async failed(username: string, clientIp: string): Promise<void> {
    const key = pairKey(username, clientIp);
    const [fails] = await Promise.all([
      this.failures.penalty(key, 1),
      this.byAddress.penalty(addressKey(clientIp), 1),
    ]);
    const delay = delaySeconds(fails.consumedPoints, this.config);
    if (delay > 0) await this.blocks.block(key, delay);
  }

  /** The right password: the pair starts again (the address keeps its count: one known password must not wash a spray). */
  async succeeded(username: string, clientIp: string): Promise<void> {
    const key = pairKey(username, clientIp);
    await Promise.all([this.failures.delete(key), this.blocks.delete(key)]);
  }

  /** Drops expired rows (on the `expire` index); run after every failure, so the table stays small. */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${THROTTLE_TABLE} WHERE expire < $1`, [Date.now()]);
  }
}

/** The wait after `failures` consecutive failures, in seconds: 0, then 1, 2, 4 … up to the window. */
export function delaySeconds(
  failures: number,
  config: Pick<Config, 'loginMaxFailures' | 'loginWindowMinutes'>,
): number {
  const over = failures - config.loginMaxFailures;
  if (over < 0) return 0;
  return Math.min(2 ** Math.min(over, 30), config.loginWindowMinutes * 60);
}

// Usernames are already lower-cased; the separator cannot occur in an address.
const pairKey = (username: string, clientIp: string) => `${addressKey(clientIp)}/${username}`;

/**
 * The address as the throttle counts it: IPv4 as is (also when IPv4-mapped), IPv6 by its /64,
 * since one subscriber usually holds a whole /64 and could otherwise take a fresh address per guess.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [
    ...left,
    ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'),
    ...right,
  ];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

function isBlocked(res: RateLimiterRes | null, points: number): boolean {
  return res !== null && res.consumedPoints >= points && res.msBeforeNext > 0;
}
