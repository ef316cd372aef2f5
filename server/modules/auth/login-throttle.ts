import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { ErrorCode } from '../../common/errors';

/** Many people may sign in from one office address, so it gets more tries than one username. */
const ADDRESS_FACTOR = 5;

/**
 * Slows down password guessing: too many failures for a username, or from an address, within the
 * window answer RATE_LIMITED. Kept in PostgreSQL so that every server instance counts the same.
 * An attempt is reserved (written) before the password is checked, so parallel guesses count too.
 */
export class LoginThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
  ) {}

  /** Records the attempt as a failure until `succeeded`; RATE_LIMITED when over the limit. */
  async reserve(username: string, clientIp: string): Promise<number> {
    const [{ id }] = await this.dataSource.query(
      'INSERT INTO login_failure (username, client_ip) VALUES ($1, $2) RETURNING id',
      [username, clientIp],
    );
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE username = $1)::int AS by_user,
              count(*) FILTER (WHERE client_ip = $2)::int AS by_address
         FROM login_failure
        WHERE at > now() - make_interval(mins => $3) AND (username = $1 OR client_ip = $2)`,
      [username, clientIp, this.config.loginWindowMinutes],
    );
    const max = this.config.loginMaxFailures;
    // Counts include this attempt: the limit allows `max` failures, then refuses.
    if (row.by_user > max || row.by_address > max * ADDRESS_FACTOR) {
      // A refused attempt does not extend the lock-out: only checked passwords count.
      await this.dataSource.query('DELETE FROM login_failure WHERE id = $1', [id]);
      throw new GraphQLError(
        `Too many failed sign-ins; try again in ${this.config.loginWindowMinutes} minutes`,
        { extensions: { code: ErrorCode.RATE_LIMITED, http: { status: 429 } } },
      );
    }
    return id;
  }

  /** A successful sign-in forgives the username's failures, this attempt's included. */
  async succeeded(username: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_failure WHERE username = $1', [username]);
  }

  /** Old failures say nothing any more; cheap on the (at) index, so done after every failure. */
  async forgetOld(): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failure WHERE at < now() - interval '1 day'`);
  }
}
