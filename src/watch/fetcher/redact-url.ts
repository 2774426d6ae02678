/**
 * A URL as it may be shown in messages and logs: user name and password removed. URLs with credentials
 * do reach the fetcher (feeds behind basic authentication), and error lines end up in files and issues.
 */
export function redactUrl(url: string | URL): string {
  if (typeof url !== 'string') {
    if (!url.username && !url.password) return url.href;
    const copy = new URL(url.href);
    copy.username = '';
    copy.password = '';
    return copy.href;
  }
  try {
    return redactUrl(new URL(url));
  } catch {
    // Not parseable: still cut anything that looks like `scheme://user:pass@`.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
  }
}
