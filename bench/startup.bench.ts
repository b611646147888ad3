import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { type BenchResult, freshHome } from './measure.ts';

/** Seconds from spawning `launchcrew up` until it reports ready; then stops it with SIGTERM. */
async function timeUp(home: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/launchcrew.js', 'up', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: '', LAUNCHCREW_HOME: home, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const seconds = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(' ready in ')) resolve((performance.now() - started) / 1000);
    });
    child.once('exit', (code) => reject(new Error(`launchcrew up exited with ${code}: ${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return seconds;
}

/** `launchcrew up` on a fresh embedded store (initdb + migrations) and on a warm one. */
export async function benchStartup(): Promise<BenchResult[]> {
  const home = await freshHome('launchcrew-bench-');
  try {
    const cold = await timeUp(home);
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) warm.push(await timeUp(home));
    return [
      { name: 'launchcrew up, cold (fresh embedded store)', value: round(cold), unit: 's' },
      {
        name: 'launchcrew up, warm (existing embedded store)',
        value: round(Math.min(...warm)),
        unit: 's',
        detail: `runs: ${warm.map(round).join(', ')}`,
      },
    ];
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
