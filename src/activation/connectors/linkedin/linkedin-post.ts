/**
 * The body of a LinkedIn Posts API text post (`POST /rest/posts`). The commentary is in
 * LinkedIn's "little" text format, where `\ | { } @ [ ] ( ) < > # * _ ~` are reserved: unescaped,
 * LinkedIn silently truncates the post at the first one. They are backslash-escaped, except inside
 * URLs (so links keep working) and the `#` of a hashtag (so it stays a hashtag).
 */

const urlPattern = /https?:\/\/\S+/gu;
const reservedPattern = /[\\|{}@[\]()<>*_~]|#(?![\p{L}\p{N}])/gu;

/**
 * Escapes plain text for a LinkedIn `commentary`.
 *
 * @example
 * littleText('Live (finally) #launch https://x.io/?utm_source=li'); // 'Live \\(finally\\) #launch https://x.io/?utm_source=li'
 */
export function littleText(text: string): string {
  let escaped = '';
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    escaped += escapeReserved(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return escaped + escapeReserved(text.slice(last));
}

function escapeReserved(text: string): string {
  return text.replace(reservedPattern, (character) => `\\${character}`);
}

/**
 * A public, main-feed, published text post of `author` (an organization URN).
 *
 * @example
 * linkedinPostBody('urn:li:organization:5515715', 'We are live!');
 */
export function linkedinPostBody(author: string, text: string) {
  return {
    author,
    commentary: littleText(text),
    visibility: 'PUBLIC',
    distribution: {
      feedDistribution: 'MAIN_FEED',
      targetEntities: [],
      thirdPartyDistributionChannels: [],
    },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
  };
}
