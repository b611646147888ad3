/**
 * Maps a path inside the plan to a line and column of the YAML source.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/** A 1-based position in the source. */
export type SourcePosition = { line: number; column: number };

function positionOfNode(
  node: Node | null | undefined,
  lines: LineCounter,
): SourcePosition | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

/**
 * The position of the node at `path`: of its value, or of its key with `at: 'key'`. When the
 * path leads to a missing node, the position of the deepest node that exists (its parent),
 * given by its key when it is the value of a mapping (`venture:` for a missing venture.name).
 *
 * @example
 * positionOf(document, lines, ['venture', 'name']); // { line: 4, column: 9 }
 */
export function positionOf(
  document: Document,
  lines: LineCounter,
  path: readonly (string | number)[],
  at: 'key' | 'value' = 'value',
): SourcePosition {
  let node: unknown = document.contents;
  let position = positionOfNode(document.contents, lines) ?? { line: 1, column: 1 };
  let parentPosition = position;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(document);
    let keyPosition: SourcePosition | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (!pair) return parentPosition;
      keyPosition = positionOfNode(pair.key as Node, lines) ?? position;
      if (at === 'key' && index === path.length - 1) return keyPosition;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) return parentPosition;
    } else {
      return position;
    }
    position = positionOfNode(node as Node, lines) ?? keyPosition ?? position;
    parentPosition = keyPosition ?? position;
  }
  return position;
}
