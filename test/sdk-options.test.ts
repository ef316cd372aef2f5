import { withRetry } from '../sdk/src/retry';
import { tokenExpiry } from '../sdk/src/token';
import { GuazhiError } from '../sdk/src';

/** A JWT-shaped token (unsigned: the SDK never verifies) whose payload is `claims`. */
const jwt = (claims: object) =>
  ['{}', JSON.stringify(claims), 'sig']
    .map((part) => Buffer.from(part).toString('base64url'))
    .join('.');

describe('SDK options from untrusted or careless input', () => {
  it('reads a token’s expiry, and none from an expiry no Date can hold', () => {
    expect(tokenExpiry(jwt({ exp: 1_900_000_000 }))).toEqual(new Date(1_900_000_000_000));
    expect(tokenExpiry(jwt({ exp: 1e300 }))).toBeNull();
    expect(tokenExpiry(jwt({ exp: 'soon' }))).toBeNull();
    expect(tokenExpiry('gzk_abcdefabcdef_secret')).toBeNull();
  });

  it('takes the defaults for retry figures left undefined or not numbers, so tries run out', async () => {
    let tries = 0;
    const failing = () => {
      tries++;
      return Promise.reject(GuazhiError.network('Request to http://nowhere failed', null));
    };
    await expect(
      withRetry(failing, { attempts: Number.NaN, baseDelayMs: 1, maxDelayMs: undefined }),
    ).rejects.toBeInstanceOf(GuazhiError);
    expect(tries).toBe(3);
  });
});
