/**
 * Buffer's GraphQL API (`POST https://api.buffer.com`, `Authorization: Bearer <API key>`). Buffer
 * answers HTTP 200 even when it fails: system problems (auth, not found) come in the `errors`
 * array, user-fixable ones as a typed `MutationError` with a `message` in place of the result.
 * Both become a `VendorRejectedError`; 429 and 5xx are retried by `fetchWithRetry`.
 */
import { callVendorJson, stringAt, valueAt } from '../vendor-json.ts';

export const createPostMutation =
  'mutation CreatePost($input: CreatePostInput!) { createPost(input: $input) { __typename ... on PostActionSuccess { post { id dueAt } } ... on MutationError { message } } }';
export const deletePostMutation =
  'mutation DeletePost($input: DeletePostInput!) { deletePost(input: $input) { __typename ... on DeletePostSuccess { id } ... on MutationError { message } } }';
export const accountQuery = 'query CheckConnection { account { id } }';

/** Where and how to call Buffer. */
export interface BufferEndpoint {
  url: string;
  apiKey: string;
}

/**
 * Runs one operation and returns its `data`, or throws with Buffer's message.
 *
 * @example
 * const { data } = await bufferGraphql(endpoint, accountQuery);
 */
export async function bufferGraphql(
  endpoint: BufferEndpoint,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; data: unknown }> {
  const answer = await callVendorJson({
    vendor: 'buffer',
    url: endpoint.url,
    method: 'POST',
    headers: { authorization: `Bearer ${endpoint.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
    errorMessage: errorsArray,
    failureIn2xx: (body) => errorsArray(body) ?? mutationError(valueAt(body, 'data')),
    secrets: [endpoint.apiKey],
  });
  return { status: answer.status, data: valueAt(answer.body, 'data') };
}

function errorsArray(body: unknown): string | undefined {
  const errors = valueAt(body, 'errors');
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return errors.map((error: unknown) => stringAt(error, 'message') ?? 'unknown error').join('; ');
}

/** A typed mutation error: `data.<operation>` holds a `message` instead of a result. */
function mutationError(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  for (const result of Object.values(data)) {
    const message = stringAt(result, 'message');
    if (message !== undefined) {
      return `${stringAt(result, '__typename') ?? 'MutationError'}: ${message}`;
    }
  }
  return undefined;
}
