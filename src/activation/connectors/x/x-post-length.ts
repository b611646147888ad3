/**
 * The length of a post as X counts it (twitter-text `config/v3.json`): 280 weighted characters,
 * code points in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 weigh 1, every
 * other code point weighs 2, an emoji (with its modifiers and joiners) weighs 2, and every URL
 * weighs 23 (X wraps it in a t.co link). Text is NFC-normalised first.
 * Simplification: only URLs with a scheme (`https://…`) or `www.` are recognised — activation
 * links always carry a scheme.
 */

/** X's limit for one post. */
export const xMaxPostLength = 280;

const urlLength = 23;
const lightRanges: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
const urlPattern = /(?:https?:\/\/|www\.)\S+?(?=[.,;:!?'")\]]*(?:\s|$))/giu;
const emojiPattern = /\p{Extended_Pictographic}/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The weighted length X gives `text`.
 *
 * @example
 * xPostLength('Launch day! https://example.com/a/very/long/path?utm_source=x'); // 12 + 23 = 35
 */
export function xPostLength(text: string): number {
  const normalized = text.normalize('NFC');
  let length = 0;
  let rest = '';
  let last = 0;
  for (const match of normalized.matchAll(urlPattern)) {
    rest += normalized.slice(last, match.index);
    length += urlLength;
    last = match.index + match[0].length;
  }
  rest += normalized.slice(last);
  for (const { segment } of graphemes.segment(rest)) {
    length += emojiPattern.test(segment) ? 2 : codePointsWeight(segment);
  }
  return length;
}

function codePointsWeight(segment: string): number {
  let weight = 0;
  for (const character of segment) {
    const codePoint = character.codePointAt(0) ?? 0;
    weight += lightRanges.some(([start, end]) => codePoint >= start && codePoint <= end) ? 1 : 2;
  }
  return weight;
}
