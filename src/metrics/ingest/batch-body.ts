import { UserError } from '../../shared/errors.ts';

/** Most items one ingest request may carry. */
export const maxBatchItems = 5000;
/** Largest ingest request body. */
export const maxBatchBytes = 5 * 1024 * 1024;

/** What is wrong with one item of a batch. `path` starts at the request body. */
export interface ItemError {
  index: number;
  path: Array<string | number>;
  message: string;
}

/**
 * A batch with at least one bad item: nothing of it was stored. The API answers 400
 * `{error:{code:'invalid_batch', message, path, items:[{index, path, message}]}}`.
 */
export class InvalidBatchError extends UserError {
  readonly items: ItemError[];

  constructor(items: ItemError[]) {
    const first = items[0];
    super(
      'invalid_batch',
      `${items.length} item(s) of the batch are invalid; nothing was stored${first ? `; first: item ${first.index}: ${first.message}` : ''}`,
      { path: first?.path ?? ['body'] },
    );
    this.items = items;
  }
}

/** A request body split into its items, before each item is validated. */
export interface BatchBody {
  /** Top-level fields of a JSON body (empty for NDJSON). */
  envelope: Record<string, unknown>;
  /** Each item with its index (array position, or 0-based line number for NDJSON). */
  items: Array<{ index: number; value: unknown }>;
  /** Error path of item `index`: `['body','samples',3]` in JSON, `['body',3]` for NDJSON line 3. */
  pathOf(index: number): Array<string | number>;
  /** NDJSON lines that are not JSON. */
  errors: ItemError[];
}

const ndjsonType = /^application\/(x-)?ndjson\s*(;|$)/i;

/**
 * Splits an ingest body into items: a JSON object whose `itemsKey` is an array, or NDJSON (one
 * item per line, blank lines ignored, each bad line an item error with its 0-based line index).
 * Malformed JSON → 400 `invalid_json`; more than 5,000 items → 413.
 *
 * @example
 * const body = splitBatchBody('{"samples":[{"name":"up","value":1}]}', 'application/json', 'samples');
 */
export function splitBatchBody(
  text: string,
  contentType: string | undefined,
  itemsKey: string,
): BatchBody {
  const body = ndjsonType.test(contentType ?? '') ? splitNdjson(text) : splitJson(text, itemsKey);
  const count = body.items.length + body.errors.length;
  if (count > maxBatchItems) {
    throw new UserError(
      'payload_too_large',
      `a batch holds at most ${maxBatchItems} items; got ${count}`,
      { status: 413, path: body.pathOf(0).slice(0, -1) },
    );
  }
  if (count === 0) {
    throw new UserError('invalid_request', 'the batch is empty', { path: ['body'] });
  }
  return body;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError('invalid_json', `the request body is not valid JSON: ${messageOf(error)}`, {
      path: ['body'],
    });
  }
}

function splitJson(text: string, itemsKey: string): BatchBody {
  const parsed = parseJson(text);
  if (!isRecord(parsed) || !Array.isArray(parsed[itemsKey])) {
    throw new UserError(
      'invalid_request',
      `the body must be an object with an array '${itemsKey}'`,
      {
        path: ['body', itemsKey],
      },
    );
  }
  const { [itemsKey]: items, ...envelope } = parsed;
  const indexed = (items as unknown[]).map((value, index) => ({ index, value }));
  return { envelope, items: indexed, pathOf: (index) => ['body', itemsKey, index], errors: [] };
}

function splitNdjson(text: string): BatchBody {
  const items: Array<{ index: number; value: unknown }> = [];
  const errors: ItemError[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      items.push({ index, value: JSON.parse(line) });
    } catch (error) {
      errors.push({
        index,
        path: ['body', index],
        message: `line ${index + 1} is not valid JSON: ${messageOf(error)}`,
      });
    }
  });
  return { envelope: {}, items, pathOf: (index) => ['body', index], errors };
}

/**
 * A body that is one item (a single Segment call): errors point into `body` directly.
 *
 * @example
 * const body = singleItemBody('{"userId":"u1","event":"Signed Up"}');
 */
export function singleItemBody(text: string): BatchBody {
  return {
    envelope: {},
    items: [{ index: 0, value: parseJson(text) }],
    pathOf: () => ['body'],
    errors: [],
  };
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
