import type { Text } from '../../common/text';
import { inRequestLocale } from '../../common/validation';
import { ValidateBy } from 'class-validator';

/**
 * The one phone rule (联系电话) of Guazhi: a mainland mobile number (11 digits, 1[3-9]…) or a
 * landline with its area code (0 + 2–3 digits, then a 7–8 digit number; the dash is optional).
 * Spaces and dashes typed between digit groups are dropped before the check, except the landline's
 * one dash, which is kept so that the stored number reads as written.
 */
export const PHONE_PATTERN = /^(?:1[3-9]\d{9}|0\d{2,3}-?[1-9]\d{6,7})$/;

export const PHONE_RULE: Text = {
  en: 'phone must be a mainland mobile number (1[3-9] and 9 more digits) or a landline with its area code (010-12345678)',
  zh: '联系电话须为内地手机号（1[3-9] 开头共 11 位）或带区号的固定电话（如 010-12345678）',
};

/** The number as stored, or null when it breaks the rule. */
export function normalizePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s\u00A0]+/g, '');
  if (/^1/.test(compact)) {
    const digits = compact.replace(/-/g, '');
    return PHONE_PATTERN.test(digits) ? digits : null;
  }
  return PHONE_PATTERN.test(compact) ? compact : null;
}

/** The same rule for an input class (class-validator): `@IsPhone()`; null and omitted pass. */
export function IsPhone(): PropertyDecorator {
  return ValidateBy({
    name: 'isPhone',
    validator: {
      validate: (value: unknown) =>
        value == null || (typeof value === 'string' && normalizePhone(value) !== null),
      defaultMessage: () => inRequestLocale(PHONE_RULE),
    },
  });
}
