/**
 * `Content-Disposition: attachment` for a download with a Chinese name: RFC 6266 with the name
 * as RFC 5987 `filename*=UTF-8''…` (every browser since 2012), and `filename="…"` in ASCII for
 * clients that read only that one (curl -J, old proxies), e.g. 干部名单-2026-11-30.xlsx beside
 * cadres-2026-11-30.xlsx.
 */
export function attachment(name: string, asciiName: string): string {
  if (!/^[\x20-\x7e]+$/.test(asciiName) || /["\\]/.test(asciiName)) {
    throw new Error(`Not a plain ASCII file name: ${asciiName}`);
  }
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${rfc5987(name)}`;
}

/** RFC 5987's attr-char: encodeURIComponent leaves ' ( ) * ! unescaped, which it does not allow. */
function rfc5987(text: string): string {
  return encodeURIComponent(text).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
