/**
 * A URL's path as `new URL(url).pathname` gives it, without building a URL where the raw path is
 * already in that form: a plain host, then only unreserved characters and `/`, no `.`/`..`
 * segment, no `%`. Every request needs its path twice (the router, the access line), and a
 * URL object costs more than the rest of a 404.
 */
const PLAIN_PATH = /^https?:\/\/[A-Za-z0-9.:[\]-]*(\/[A-Za-z0-9\-_~/.]*)(?:[?#]|$)/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

export function urlPathname(url: string): string {
  const plain = PLAIN_PATH.exec(url);
  if (plain && !DOT_SEGMENT.test(plain[1]!)) return plain[1]!;
  return new URL(url).pathname;
}
