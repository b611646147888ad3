import { describe, expect, it } from 'vitest';
import { startPeriodicLoop } from './periodic-loop.ts';

describe('startPeriodicLoop', () => {
  it('repeats its pass, carries on after a failure, and stops after the current pass', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    let inPass = false;
    const loop = startPeriodicLoop(
      async () => {
        inPass = true;
        passes++;
        await new Promise((r) => setTimeout(r, 5));
        inPass = false;
        if (passes === 2) throw new Error('second pass fails');
      },
      { intervalMs: 10, onError: (error) => errors.push(error) },
    );
    while (passes < 4) await new Promise((r) => setTimeout(r, 5));
    await loop.stop();
    expect(inPass).toBe(false);
    expect(errors).toHaveLength(1);
    const stoppedAt = passes;
    await new Promise((r) => setTimeout(r, 40));
    expect(passes).toBe(stoppedAt);
  });
});
