/**
 * A small deterministic keyword classifier for feedback sent without a category or sentiment.
 *
 * Category: the first rule whose pattern matches the lower-cased text wins, in this order —
 * - `bug`: crash, error, broken, bug, fail, exception, "not working", "doesn't work", stuck, freeze, 500
 * - `usability`: confusing, "hard to", difficult, unclear, "can't find", slow, clunky
 * - `feature_request`: "please add", "would like", wish, feature, "could you add", "support for", missing, integration
 * - `question`: a `?`, or "how do/can/to", "is there", "where is/can", "what is"
 * - `praise`: love, great, awesome, amazing, thank, excellent, fantastic, nice
 * - otherwise `question`, except a survey answer of 9–10 (`praise`).
 *
 * Sentiment: a survey answer follows its score (9–10 positive, 7–8 neutral, 0–6 negative);
 * other text counts positive words against negative words (the majority wins, a tie is neutral).
 */
import type { FeedbackCategory, Sentiment } from './feedback-tables.ts';

const categoryRules: ReadonlyArray<readonly [FeedbackCategory, RegExp]> = [
  [
    'bug',
    /\b(crash\w*|errors?|broken|bugs?|buggy|fail\w*|exception|not working|(doesn|don|isn)'?t work\w*|stuck|freez\w*|frozen|500)\b/,
  ],
  [
    'usability',
    /\b(confus\w*|hard to|difficult|unclear|can'?t find|cannot find|slow\w*|clunky|unintuitive)\b/,
  ],
  [
    'feature_request',
    /\b(please add|would like|wish\w*|feature\w*|could you add|support for|missing|integrat\w*)\b/,
  ],
  ['question', /\?|\b(how (do|can|to)|is there|where (is|can)|what is)\b/],
  ['praise', /\b(love\w*|great|awesome|amazing|thank\w*|excellent|fantastic|nice)\b/],
];

const positiveWords =
  /\b(love\w*|great|awesome|amazing|thank\w*|excellent|fantastic|nice|easy|helpful|good|fast|happy)\b/g;
const negativeWords =
  /\b(crash\w*|errors?|broken|bugs?|buggy|fail\w*|hate\w*|terrible|awful|bad|annoy\w*|frustrat\w*|slow\w*|worst|confus\w*|useless|stuck)\b/g;

/**
 * The category of a feedback text (see the module comment for the rules).
 *
 * @example
 * classifyCategory('The app crashes on login'); // 'bug'
 * classifyCategory('', 10); // 'praise'
 */
export function classifyCategory(text: string, npsScore?: number | null): FeedbackCategory {
  const lower = text.toLowerCase();
  for (const [category, pattern] of categoryRules) if (pattern.test(lower)) return category;
  return npsScore !== undefined && npsScore !== null && npsScore >= 9 ? 'praise' : 'question';
}

/**
 * The sentiment of a feedback text, or of a survey score when there is one.
 *
 * @example
 * classifySentiment('Love it, but export is slow and buggy'); // 'negative'
 * classifySentiment('', 8); // 'neutral'
 */
export function classifySentiment(text: string, npsScore?: number | null): Sentiment {
  if (npsScore !== undefined && npsScore !== null) {
    return npsScore >= 9 ? 'positive' : npsScore >= 7 ? 'neutral' : 'negative';
  }
  const lower = text.toLowerCase();
  const positive = lower.match(positiveWords)?.length ?? 0;
  const negative = lower.match(negativeWords)?.length ?? 0;
  return positive > negative ? 'positive' : negative > positive ? 'negative' : 'neutral';
}

const stopWords = new Set(
  `the and for that this with you your are was were but not have has had can cant could would
  should will just its it's i'm im our out all any when what where how why who which there
  their them then than from into onto about after before again very really too also get got
  app please thanks thank like love great some more most much many one two use using used
  does doesnt dont don't didnt isnt wont work works working way need needs want make makes
  been being because while still even only every each other again here time times`.split(/\s+/),
);

/**
 * The distinct theme words of a text: lower-cased words of 3+ letters that are not stop words
 * nor classifier keywords (so "login" is a theme, "error" is not).
 *
 * @example
 * themeWords('Login fails with an error on Safari'); // ['login', 'safari']
 */
export function themeWords(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z][a-z0-9'-]{2,}/g) ?? [];
  return [
    ...new Set(
      words.filter(
        (word) =>
          !stopWords.has(word) &&
          !categoryRules.some(([, pattern]) => pattern.test(word)) &&
          word.replace(positiveWords, '').length > 0 &&
          word.replace(negativeWords, '').length > 0,
      ),
    ),
  ];
}
