/**
 * When a login token stops working, read from the token itself: a JWT's payload is base64url JSON
 * with `exp` in seconds. Decoded without verifying (only the server can, and only it needs to):
 * the figure is for showing "signed in until …" and signing in again ahead of time, never for trust.
 * Uses `atob` (browsers, Node ≥ 16, React Native ≥ 0.74) and no Buffer.
 */
export function tokenExpiry(token: string | null | undefined): Date | null {
  // API keys (`gzk_…`) and other opaque tokens have no three dot-separated parts.
  const parts = token?.split('.');
  if (!parts || parts.length !== 3) return null;
  try {
    const payload = JSON.parse(decodeBase64Url(parts[1])) as { exp?: unknown };
    if (typeof payload.exp !== 'number') return null;
    const expiry = new Date(payload.exp * 1000);
    // A finite `exp` can still lie past the last Date (±8.64e15 ms): Invalid Date, so none.
    return Number.isFinite(expiry.getTime()) ? expiry : null;
  } catch {
    return null;
  }
}

function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  if (typeof globalThis.atob !== 'function') throw new Error('no atob');
  // atob gives one character per byte; `exp` is ASCII, other claims may come out garbled, unused.
  return globalThis.atob(padded);
}
