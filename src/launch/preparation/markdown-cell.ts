/**
 * Text made safe for one Markdown table cell: pipes escaped, line breaks flattened.
 *
 * @example
 * markdownCell('a | b\nc'); // 'a \\| b c'
 */
export function markdownCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ');
}
