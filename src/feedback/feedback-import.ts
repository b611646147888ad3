/**
 * Reading a feedback file for `launchcrew feedback import`: CSV (RFC 4180, a header row naming
 * the fields of `feedbackItemSchema`, quoted fields may hold commas, quotes and line breaks) or
 * JSON (`{"items": […]}` or a bare array). Every problem names its place — `file:line:column` for
 * CSV, `items[i].field` for JSON — and nothing is stored when there is one.
 */
import { UserError } from '../shared/errors.ts';
import { feedbackItemSchema } from './feedback-record.ts';

const columns = new Set(Object.keys(feedbackItemSchema.shape));

/** A feedback file whose content is invalid; `problems` lists every one. */
export class FeedbackFileError extends UserError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      'invalid_feedback_file',
      `${problems.length} problem(s); nothing was imported:\n  ${problems.join('\n  ')}`,
    );
    this.problems = problems;
  }
}

/** A CSV cell with where it starts (1-based). */
interface Cell {
  value: string;
  line: number;
  column: number;
}

/**
 * Parses a feedback file into items, validating each one; throws `FeedbackFileError`.
 *
 * @example
 * readFeedbackFile('tickets.csv', 'kind,external_id,text\nticket,zd-1,Login fails\n');
 * // [{ kind: 'ticket', external_id: 'zd-1', text: 'Login fails' }]
 */
export function readFeedbackFile(fileName: string, text: string): Record<string, unknown>[] {
  return fileName.toLowerCase().endsWith('.json')
    ? readJson(fileName, text)
    : readCsv(fileName, text);
}

function readJson(fileName: string, text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FeedbackFileError([`${fileName}: not JSON (${(error as Error).message})`]);
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) {
    throw new FeedbackFileError([`${fileName}: expected {"items": […]} or an array of items`]);
  }
  const problems = items.flatMap((item: unknown, index) => {
    const result = feedbackItemSchema.safeParse(item);
    return result.success
      ? []
      : result.error.issues.map(
          (issue) =>
            `${fileName}: items[${index}].${issue.path.join('.') || 'item'}: ${issue.message}`,
        );
  });
  if (problems.length > 0) throw new FeedbackFileError(problems);
  return items as Record<string, unknown>[];
}

function readCsv(fileName: string, text: string): Record<string, unknown>[] {
  const [header, ...records] = parseCsv(fileName, text);
  if (!header) throw new FeedbackFileError([`${fileName}: empty file; expected a header row`]);
  const problems: string[] = [];
  const place = (cell: Cell) => `${fileName}:${cell.line}:${cell.column}`;
  for (const cell of header) {
    if (!columns.has(cell.value.trim())) {
      problems.push(
        `${place(cell)}: unknown column '${cell.value}'; expected one of ${[...columns].join(', ')}`,
      );
    }
  }
  if (problems.length > 0) throw new FeedbackFileError(problems);
  const names = header.map((cell) => cell.value.trim());
  const items = records.map((record) => {
    const firstCell = record[0];
    if (record.length !== names.length && firstCell) {
      problems.push(
        `${place(firstCell)}: ${record.length} field(s); the header has ${names.length}`,
      );
    }
    const item = Object.fromEntries(
      names.flatMap((name, index) => {
        const value = record[index]?.value ?? '';
        if (value === '') return [];
        return [[name, name === 'nps_score' && /^\d+$/.test(value) ? Number(value) : value]];
      }),
    );
    const result = feedbackItemSchema.safeParse(item);
    if (!result.success && firstCell) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '');
        const index = names.indexOf(field);
        const cell = record[index] ?? firstCell;
        const column = index >= 0 ? cell.column : firstCell.column;
        problems.push(
          `${fileName}:${cell.line}:${column} (${field || 'row'}): ${issue.message}${index < 0 && field ? ' (no such column)' : ''}`,
        );
      }
    }
    return item;
  });
  if (problems.length > 0) throw new FeedbackFileError(problems);
  return items;
}

/** RFC 4180 records with each cell's line and column; blank lines are skipped. */
function parseCsv(fileName: string, text: string): Cell[][] {
  const records: Cell[][] = [];
  let record: Cell[] = [];
  let line = 1;
  let column = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    if (!(record.length === 1 && record[0]?.value === '')) records.push(record);
    record = [];
  };
  while (i <= text.length) {
    const start = { line, column };
    let value = '';
    if (text[i] === '"') {
      i++;
      column++;
      for (;;) {
        if (i >= text.length) {
          throw new FeedbackFileError([
            `${fileName}:${start.line}:${start.column}: unterminated quoted field`,
          ]);
        }
        const char = text[i] as string;
        if (char === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
          column += 2;
        } else if (char === '"') {
          i++;
          column++;
          break;
        } else {
          value += char;
          i++;
          if (char === '\n') {
            line++;
            column = 1;
          } else column++;
        }
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new FeedbackFileError([
          `${fileName}:${line}:${column}: unexpected character after a closing quote`,
        ]);
      }
    } else {
      while (i < text.length && !',\r\n'.includes(text[i] as string)) {
        value += text[i];
        i++;
        column++;
      }
    }
    record.push({ value, ...start });
    if (text[i] === ',') {
      i++;
      column++;
      continue;
    }
    if (text[i] === '\r') i++;
    i++;
    line++;
    column = 1;
    endRecord();
  }
  return records;
}
