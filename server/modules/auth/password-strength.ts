import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * zxcvbn's score (0–4) a chosen password must reach: 3 is "safely unguessable: moderate protection
 * from an offline slow-hash attack", which with argon2id and the sign-in throttle is the usual bar.
 */
export const MIN_PASSWORD_SCORE = 3;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

let estimator: Promise<ZxcvbnFactory> | undefined;

/**
 * Built once, on the first password someone chooses: the dictionaries are about 10 MiB of heap
 * that a server which never sees a password change need not hold (test/lazy-modules.test.ts), and
 * the estimator is stateless between checks.
 */
const zxcvbn = () =>
  (estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([{ ZxcvbnFactory }, common, english]) =>
      new ZxcvbnFactory({
        translations: english.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...english.dictionary },
      }),
  ));

/** Words of the product itself: a password built on them is guessed first. */
const PRODUCT_WORDS = ['guazhi', 'ganbu', 'zuzhibu', 'guazhiduanlian'];

export interface PasswordVerdict {
  ok: boolean;
  score: number;
  /** The estimator's warning and suggestions, for the user; empty when ok. */
  feedback: string;
}

/**
 * Judges a password someone chose, with what is known about them (username, name, unit) as
 * dictionary words, so that `zhangsan2026` is weak for the user zhangsan.
 */
export async function judgePassword(
  password: string,
  userInputs: readonly string[],
): Promise<PasswordVerdict> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      ok: false,
      score: 0,
      feedback: `Use at least ${MIN_PASSWORD_LENGTH} characters; several uncommon words are easiest to remember.`,
    };
  }
  const inputs = [...PRODUCT_WORDS, ...userInputs.filter((w) => w.trim().length > 0)];
  const result = (await zxcvbn()).check(password.slice(0, MAX_PASSWORD_LENGTH), inputs);
  const { warning, suggestions } = result.feedback;
  const ok = result.score >= MIN_PASSWORD_SCORE;
  const advice = [warning, ...suggestions].filter((s): s is string => Boolean(s)).join(' ');
  return {
    ok,
    score: result.score,
    feedback: ok ? '' : advice || 'Add another word or two; uncommon words are better.',
  };
}
