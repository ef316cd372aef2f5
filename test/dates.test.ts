import { today } from '../server/common/dates';

describe('today', () => {
  it('turns at midnight in China, whatever day it was asked for before', () => {
    const before = new Date('2026-11-30T15:59:59.999Z'); // 23:59:59.999 in Beijing
    const after = new Date('2026-11-30T16:00:00.000Z');
    expect(today(before)).toBe('2026-11-30');
    expect(today(after)).toBe('2026-12-01');
    expect(today(before)).toBe('2026-11-30');
    expect(today(new Date('2026-12-01T15:59:59.999Z'))).toBe('2026-12-01');
    expect(today(new Date('2026-12-01T16:00:00.000Z'))).toBe('2026-12-02');
  });

  it('knows the summer times China kept from 1986 to 1991', () => {
    // 1988-07-01 00:30 in Beijing was UTC+9 then: 1988-06-30T15:30Z.
    expect(today(new Date('1988-06-30T15:30:00Z'))).toBe('1988-07-01');
    expect(today(new Date('1988-06-30T14:59:00Z'))).toBe('1988-06-30');
    expect(today(new Date('1988-07-01T14:30:00Z'))).toBe('1988-07-01');
    // 00:30 on 2 July in Beijing, though within 24 h of 1 July's midnight at UTC+8.
    expect(today(new Date('1988-07-01T15:30:00Z'))).toBe('1988-07-02');
  });
});
