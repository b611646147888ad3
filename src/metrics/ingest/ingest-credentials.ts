/**
 * The ingest key of an `Authorization` header: `Bearer <key>`, or HTTP Basic with the key as the
 * user name and any (usually empty) password, as Segment SDKs send their write key.
 *
 * @example
 * ingestKeyFromHeader(`Basic ${btoa('lck_abc:')}`); // 'lck_abc'
 */
export function ingestKeyFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const user = decoded.split(':', 1)[0];
  return user ? user : undefined;
}
