import { Gender } from '../server/modules/cadre/cadre.entity';
import { idNumberCheckDigit, parseIdNumber } from '../server/modules/cadre/id-number';

const TODAY = '2026-11-30';

describe('resident ID numbers (GB 11643)', () => {
  it('reads region, birth date and gender when the check digit matches', () => {
    // The standard's own example: 11010519491231002X, a woman born 1949-12-31 in Beijing.
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      facts: { region: '110105', birthDate: '1949-12-31', gender: Gender.FEMALE },
    });
    const man = '44052419800101001';
    const valid = man + idNumberCheckDigit(man);
    expect(parseIdNumber(valid, TODAY)).toMatchObject({
      ok: true,
      facts: { birthDate: '1980-01-01', gender: Gender.MALE },
    });
  });

  it('accepts a lower-case x and surrounding spaces when otherwise valid', () => {
    expect(parseIdNumber(' 11010519491231002x ', TODAY)).toMatchObject({
      ok: true,
      idNumber: '11010519491231002X',
    });
  });

  it('refuses a changed digit when the check digit no longer matches', () => {
    expect(parseIdNumber('11010519491231003X', TODAY)).toEqual({
      ok: false,
      problem: 'CHECK_DIGIT',
    });
    // Every single-digit change of a valid number is caught (MOD 11-2 detects all of them).
    const valid = '11010519491231002X';
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        expect(parseIdNumber(changed, TODAY).ok).toBe(false);
      }
    }
  });

  it('refuses wrong lengths and characters as FORMAT', () => {
    for (const raw of [
      '',
      '1101051949123100',
      '11010519491231002XX',
      '1101051949123100Y2',
      '１１０',
    ]) {
      expect(parseIdNumber(raw, TODAY)).toEqual({ ok: false, problem: 'FORMAT' });
    }
  });

  it('refuses impossible and future birth dates when the check digit is right', () => {
    const withCheck = (first17: string) => first17 + idNumberCheckDigit(first17);
    expect(parseIdNumber(withCheck('11010520230229001'), TODAY)).toEqual({
      ok: false,
      problem: 'BIRTH_DATE',
    });
    expect(parseIdNumber(withCheck('11010520240229001'), TODAY).ok).toBe(true);
    expect(parseIdNumber(withCheck('11010520261201001'), TODAY)).toEqual({
      ok: false,
      problem: 'BIRTH_DATE',
    });
    expect(parseIdNumber(withCheck('11010518991231001'), TODAY)).toEqual({
      ok: false,
      problem: 'BIRTH_DATE',
    });
  });
});
