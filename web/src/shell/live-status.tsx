import type { StreamStatus } from '../api/event-stream.ts';

const labels: Record<StreamStatus | 'off', string> = {
  off: 'Not live',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/**
 * Shows whether the view follows live events.
 *
 * @example
 * <LiveStatus status={status} />
 */
export function LiveStatus(props: { status: StreamStatus | 'off' }) {
  return (
    <span className={`live-status live-${props.status}`} role="status" data-status={props.status}>
      {labels[props.status]}
    </span>
  );
}
