/**
 * Checks on the raw text of a plan file, done before any YAML parsing: size, binary content,
 * emptiness.
 */
import type { Problem } from './problem.ts';

/** Largest plan file accepted: 5 MiB. Real plans are a few kilobytes. */
export const maxPlanBytes = 5 * 1024 * 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;

function problemAt(
  file: string,
  text: string,
  index: number,
  code: string,
  message: string,
): Problem {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return { severity: 'error', file, line, column, path: [], code, message };
}

/**
 * The problem of a plan file of `bytes` bytes that is over the size limit, if it is.
 *
 * @example
 * sizeProblem('plan.yaml', 10 * 1024 * 1024)?.code; // 'file_too_large'
 */
export function sizeProblem(file: string, bytes: number): Problem | undefined {
  if (bytes <= maxPlanBytes) return undefined;
  const megabytes = (bytes / 1024 / 1024).toFixed(1);
  return problemAt(
    file,
    '',
    0,
    'file_too_large',
    `the file is ${megabytes} MiB; a launch plan may be at most ${maxPlanBytes / 1024 / 1024} MiB`,
  );
}

/**
 * The first problem that makes `text` unusable as a plan before parsing: too large, binary
 * (NUL and other control characters, or bytes that were not UTF-8), or empty.
 *
 * @example
 * screenPlanText('', 'plan.yaml')?.code; // 'empty_file'
 */
export function screenPlanText(text: string, file: string): Problem | undefined {
  const tooLarge = sizeProblem(file, Buffer.byteLength(text));
  if (tooLarge) return tooLarge;
  const binary = controlCharacter.exec(text);
  if (binary) {
    return problemAt(
      file,
      text,
      binary.index,
      'binary_content',
      'the file is not a text file (it contains control characters or invalid UTF-8); a launch plan is YAML text',
    );
  }
  return text.trim() === '' ? emptyFileProblem(file) : undefined;
}

/** The problem of a file without content (only white space or comments). */
export function emptyFileProblem(file: string): Problem {
  return problemAt(
    file,
    '',
    0,
    'empty_file',
    'the file has no content; write a plan with `launchcrew init --preset <name>`',
  );
}
