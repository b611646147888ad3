import { z } from 'zod';
import { UserError } from './shared/errors.ts';

/** Process configuration, read from the environment (12-factor). */
export interface Config {
  /** PostgreSQL URL; when absent, the embedded server is used. */
  databaseUrl: string | undefined;
  /** Folder of the embedded server's data and local state. */
  home: string;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  LAUNCHCREW_HOME: z.string().min(1).default('.launchcrew'),
  LAUNCHCREW_HOST: z.string().min(1).default('127.0.0.1'),
  LAUNCHCREW_PORT: z.coerce.number().int().min(0).max(65_535).default(7300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * Reads and checks the configuration; a bad value is a `UserError` naming the variable.
 *
 * @example
 * const config = readConfig(process.env);
 */
export function readConfig(environment: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new UserError('invalid_config', `${name}: ${issue?.message ?? 'invalid'}`, {
      path: [name],
    });
  }
  const env = parsed.data;
  return {
    databaseUrl: env.DATABASE_URL,
    home: env.LAUNCHCREW_HOME,
    host: env.LAUNCHCREW_HOST,
    port: env.LAUNCHCREW_PORT,
    logLevel: env.LOG_LEVEL,
  };
}
