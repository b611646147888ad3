import { describe, expect, it } from 'vitest';
import { createFrameParser, type EventFrame } from './event-stream.ts';

describe('createFrameParser', () => {
  it('parses frames split anywhere, with CRLF or LF, and skips comments and retry', () => {
    const frames: EventFrame[] = [];
    const push = createFrameParser((frame) => frames.push(frame));
    const text =
      'retry: 1000\n\n: heartbeat\n\nid: 7\nevent: sample\ndata: {"a":1}\n\nid: 8\r\nevent: incident\r\ndata: line1\r\ndata: line2\r\n\r\n';
    for (const char of text) push(char);
    expect(frames).toEqual([
      { id: '7', event: 'sample', data: '{"a":1}' },
      { id: '8', event: 'incident', data: 'line1\nline2' },
    ]);
  });

  it('waits for the blank line before dispatching', () => {
    const frames: EventFrame[] = [];
    const push = createFrameParser((frame) => frames.push(frame));
    push('id: 9\ndata: {}\n');
    expect(frames).toEqual([]);
    push('\n');
    expect(frames).toEqual([{ id: '9', event: 'message', data: '{}' }]);
  });
});
