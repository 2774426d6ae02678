/**
 * Links to the outside come from the data (a page's og:url, a posted `url`), so a stored
 * `javascript:` or `data:` URL must never become a link: only http and https are.
 */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
