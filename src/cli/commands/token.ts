import type { Command } from 'commander';
import { roles } from '../../auth/roles.ts';
import { createToken, listTokens, revokeToken } from '../../auth/tokens.ts';
import { systemClock } from '../../clock/clock.ts';
import { UserError } from '../../shared/errors.ts';
import { type CommandIo, cliActor, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

/** `launchcrew token create|list|revoke`: API tokens (stored hashed; the secret is shown once). */
export function registerTokenCommands(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('Create an API token; its secret is printed once and stored only as a hash')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .requiredOption('--name <name>', 'who or what uses the token (appears in the audit log)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { role: string; name: string; json?: boolean }) => {
      const created = await withStore(io, (store) =>
        store.db
          .transaction()
          .execute((trx) => createToken(trx, systemClock, { ...options, actor: cliActor() })),
      );
      printResult(io, options.json === true, created, (t) =>
        [`token for ${t.name} (${t.role}), shown only once:`, t.secret].join('\n'),
      );
      exit(exitCodes.ok);
    });
  token
    .command('list')
    .description('List API tokens (never their secrets)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const rows = await withStore(io, (store) => listTokens(store.db));
      printResult(io, options.json === true, rows, (list) =>
        list.length === 0
          ? 'no tokens; create one with: launchcrew token create --role lead --name <you>'
          : list
              .map(
                (t) =>
                  `${t.id}  ${t.role.padEnd(13)} ${t.name.padEnd(20)} ${t.token_prefix}…  ${t.revoked_at ? 'revoked' : 'active'}`,
              )
              .join('\n'),
      );
      exit(exitCodes.ok);
    });
  token
    .command('revoke <id>')
    .description('Revoke an API token by id')
    .action(async (id: string) => {
      if (!/^[0-9a-f-]{36}$/i.test(id))
        throw new UserError('invalid_id', `'${id}' is not a token id`);
      const revoked = await withStore(io, (store) =>
        revokeToken(store.db, systemClock, id, cliActor()),
      );
      if (!revoked)
        throw new UserError('not_found', `no active token with id ${id}`, { status: 404 });
      io.out(`revoked ${id}`);
      exit(exitCodes.ok);
    });
}
