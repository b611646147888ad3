/** A background loop that can be stopped; `stop()` resolves once the current pass ended. */
export interface PeriodicLoop {
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs` of wall time (a pass that takes longer is followed at once)
 * until `stop()`. A pass that throws is reported through `onError` and the loop carries on.
 *
 * @example
 * const loop = startPeriodicLoop(() => releaseDue(), { intervalMs: 1000, onError: log.warn });
 * await loop.stop();
 */
export function startPeriodicLoop(
  pass: () => Promise<void>,
  options: { intervalMs: number; onError?: ((error: unknown) => void) | undefined },
): PeriodicLoop {
  let running = true;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        await pass();
      } catch (error) {
        options.onError?.(error);
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          resolve,
          Math.max(0, options.intervalMs - (performance.now() - started)),
        );
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
