/**
 * Messages for people, in the two languages Guazhi answers in. A message is bilingual where it is
 * written (`{ en, zh }`), so the type system refuses one without its Chinese; it is put into one
 * language only when it leaves the server (`localize`), and logs and the audit keep the English.
 */
export interface Text {
  readonly en: string;
  /** Simplified Chinese, in the terms of DESIGN §1 (挂职, 派出单位, 接收单位 …). */
  readonly zh: string;
}

/** The languages of answers: English unless the request's `Accept-Language` prefers Chinese. */
export type Locale = 'en' | 'zh-CN';

export const DEFAULT_LOCALE: Locale = 'en';

export function localize(text: Text, locale: Locale): string {
  return locale === 'zh-CN' ? text.zh : text.en;
}

/** Something that negotiates `Accept-Language` (an Express request: `accepts`/`negotiator`). */
export interface LanguageNegotiator {
  acceptsLanguages(languages: string[]): string | false;
}

/**
 * The request's locale, negotiated once from `Accept-Language` by Express's own parser (q-values,
 * wildcards). `zh` is offered rather than `zh-CN`: negotiator matches a range to an offer by its
 * prefix, so `zh`, `zh-CN`, `zh-Hans`, `zh-SG` all choose it; only Simplified Chinese is written,
 * so every Chinese range gets it. No header, `*` or an unreadable header: English.
 */
export function negotiateLocale(request: LanguageNegotiator): Locale {
  return request.acceptsLanguages(['en', 'zh']) === 'zh' ? 'zh-CN' : DEFAULT_LOCALE;
}
