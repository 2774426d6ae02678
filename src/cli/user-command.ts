/** `marsad user`: the analysts who may write through the API (ingest, review). */
import { parseArgs } from 'node:util';
import type { CommandIO } from './extract-command.js';
import { jsonLines, reportCommandError, usage, withQueryStore } from './query-options.js';
import { DB_OPTION_HELP } from './db-option.js';

export const USER_HELP = `Usage: marsad user add NAME [--json]     add a user (or renew their token) and print the token
       marsad user list [--json]         list the users
       marsad user remove NAME           remove a user (their reviews stay)

The token is printed once and stored only as a hash: keep it. Send it to the API as
\`Authorization: Bearer <token>\`, or paste it in the web app's settings.

Options:
${DB_OPTION_HELP}
  --json                   print JSON
  -h, --help               show this help
`;

export async function runUser(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(USER_HELP);
      return 0;
    }
    const [action, name, ...rest] = positionals;
    if (rest.length) throw usage(`unexpected argument '${rest[0]}'`, 'user');
    const needName = () => {
      if (!name || !/^[\p{L}\p{N}._@-]{1,64}$/u.test(name))
        throw usage('a user name is 1–64 letters, digits or . _ @ -', 'user');
      return name;
    };
    switch (action) {
      case 'add': {
        const who = needName();
        const { user, token } = await withQueryStore(values.db, (store) => store.addUser(who), {
          create: true,
        });
        io.stdout.write(values.json ? jsonLines([{ name: user.name, token }]) : `${token}\n`);
        if (!values.json) io.stderr.write(`token of ${user.name} (shown once; stored hashed)\n`);
        return 0;
      }
      case 'list': {
        const users = await withQueryStore(values.db, (store) => store.listUsers());
        io.stdout.write(
          values.json ? jsonLines(users) : users.map((u) => `${u.name}\t${u.createdAt}\n`).join(''),
        );
        return 0;
      }
      case 'remove': {
        const who = needName();
        const removed = await withQueryStore(values.db, (store) => store.removeUser(who));
        if (!removed) {
          io.stderr.write(`no user named ${who}\n`);
          return 1;
        }
        return 0;
      }
      default:
        throw usage(
          action ? `unknown action '${action}': add, list or remove` : 'no action: add, list or remove',
          'user',
        );
    }
  } catch (err) {
    return reportCommandError(err, io.stderr, 'user');
  }
}
