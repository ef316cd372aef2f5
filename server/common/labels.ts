/**
 * The Chinese labels of an enum: the first is the one Guazhi writes (templates, exports), the
 * others are spellings it also reads (HR spreadsheets say 研究生 or 副局级 as often as 硕士, 副厅).
 * A `Record` over the enum, so a new enum value does not compile until it has a label.
 */
export type EnumLabels<E extends string> = { readonly [K in E]: readonly [string, ...string[]] };

/** What a spreadsheet cell means by yes and no; the first of each is what Guazhi writes. */
export const BOOLEAN_LABELS = {
  true: ['是', 'Y', 'yes', 'true', '1'],
  false: ['否', 'N', 'no', 'false', '0'],
} as const;

export function labelOf<E extends string>(labels: EnumLabels<E>, value: E): string {
  return labels[value][0];
}

export function booleanLabel(value: boolean): string {
  return (value ? BOOLEAN_LABELS.true : BOOLEAN_LABELS.false)[0];
}

/**
 * The key two spellings of one label or header share: full-width forms folded (NFKC turns
 * （厅） into (厅) and Ｎ into N), case, spaces, underscores, hyphens and a required-mark `*` dropped.
 */
export function matchKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*]/g, '');
}

/** Reads a label or the enum's own code (`MALE`, `男`) back to the enum value. */
export function enumReader<E extends string>(labels: EnumLabels<E>): (text: string) => E | null {
  const byKey = new Map<string, E>();
  for (const value of Object.keys(labels) as E[]) {
    for (const spelling of [value, ...labels[value]]) byKey.set(matchKey(spelling), value);
  }
  return (text) => byKey.get(matchKey(text)) ?? null;
}
