import { refuse } from '../../common/mutation';
import { CommonErrorCode } from '../../common/user-error';
import type { Policy } from './policy.entity';

type NumberKey = {
  [K in keyof Policy]: Policy[K] extends number ? K : never;
}[keyof Policy];

/** Thresholds an ORG_ADMIN may change, with their allowed ranges. */
export const POLICY_LIMITS: Record<Exclude<NumberKey, 'id' | 'version'>, [number, number]> = {
  mentorDeadlineDays: [1, 3650],
  reportIntervalDays: [1, 3650],
  minOnSiteRatio: [0, 1],
  passiveScoreThreshold: [0, 100],
  promotionWindowMonths: [1, 120],
  finalEvaluationDeadlineDays: [1, 3650],
  excellentQuota: [0, 1],
  routineWeight: [0, 1],
  trackingWeight: [0, 1],
  finalWeight: [0, 1],
  // 1 turns suppression off; above 100 no statistic of a unit or a year would be left to read.
  minCellSize: [1, 100],
};

const RATIOS = new Set<string>([
  'minOnSiteRatio',
  'excellentQuota',
  'routineWeight',
  'trackingWeight',
  'finalWeight',
]);

/** Ratios are stored as numeric(4,3): compare them in thousandths, never as floats. */
export const thousandths = (ratio: number): number => Math.round(ratio * 1000);

/** Ranges, three decimals at most for ratios, weights summing to 1 (the table checks it too). */
export function checkPolicy(policy: Policy): void {
  for (const [key, [min, max]] of Object.entries(POLICY_LIMITS)) {
    const value = policy[key as keyof typeof POLICY_LIMITS];
    if (!Number.isFinite(value) || value < min || value > max) {
      refuse(
        CommonErrorCode.INVALID_VALUE,
        {
          en: `${key} must lie between ${min} and ${max}`,
          zh: `${key} 须在 ${min} 至 ${max} 之间`,
        },
        key,
      );
    }
    if (RATIOS.has(key) && Math.abs(value * 1000 - thousandths(value)) > 1e-6) {
      refuse(
        CommonErrorCode.INVALID_VALUE,
        { en: `${key} has at most three decimals`, zh: `${key} 最多保留三位小数` },
        key,
      );
    }
  }
  const sum =
    thousandths(policy.routineWeight) +
    thousandths(policy.trackingWeight) +
    thousandths(policy.finalWeight);
  if (sum !== 1000) {
    refuse(
      CommonErrorCode.INVALID_VALUE,
      {
        en: `routineWeight + trackingWeight + finalWeight must be 1 (they are ${sum / 1000})`,
        zh: `平时考核、跟踪考察、期满考核的权重之和（routineWeight + trackingWeight + finalWeight）须为 1（当前为 ${sum / 1000}）`,
      },
      'routineWeight',
    );
  }
}
