import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { closeDatabase, openDatabase, type Db } from '../db/client.js';
import { ROLES, type Role } from '../db/schema.js';
import { hashPassword, passwordProblem, type PasswordContext } from '../lib/auth/passwords.js';
import { findUserByEmail, insertUser, setUserPassword } from '../queries/users.js';
import { runBackupCommand } from './backup.js';
import { ImportCommandError, runImportCommand } from './import.js';
import { readSecret } from './prompt.js';

const usage = `Usage: npm run cli -- <command> [options]
  user:add --email E --name N --role admin|editeur   create an account (asks for the password)
  user:password --email E                           set a new password (ends the account's sessions)
  import FILE [--dry-run]                           import organisations from a CSV/XLSX file or an HSDS package
  backup [FILE]                                     consistent copy of the database, even while the server runs
The password is asked on the terminal, or read from the first line of standard input.`;

async function askPassword(context: PasswordContext): Promise<string> {
  const password = await readSecret('Mot de passe : ');
  const problem = passwordProblem(password, context);
  if (problem) throw new CliError(problem);
  if (process.stdin.isTTY && (await readSecret('Confirmez le mot de passe : ')) !== password) {
    throw new CliError('Les deux mots de passe diffèrent.');
  }
  return password;
}

class CliError extends Error {}

async function run(db: Db, siteName: string, argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  if (command === 'import') return runImportCommand(db, rest);
  if (command === 'backup') return runBackupCommand(db, rest);
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  });
  switch (command) {
    case 'user:add': {
      const { email, name, role = 'editeur' } = values;
      if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new CliError('Indiquez un courriel valide avec --email.');
      if (!name?.trim()) throw new CliError('Indiquez le nom avec --name.');
      if (!ROLES.includes(role as Role)) throw new CliError('--role doit valoir admin ou editeur.');
      if (findUserByEmail(db, email)) throw new CliError(`Un compte existe déjà pour ${email}.`);
      const passwordHash = await hashPassword(await askPassword({ siteName, personal: [name, email] }));
      const user = insertUser(db, { email, name, role: role as Role, passwordHash });
      return `Compte créé : ${user.name} <${user.email}> (${user.role}).`;
    }
    case 'user:password': {
      const user = values.email ? findUserByEmail(db, values.email) : null;
      if (!user) throw new CliError('Aucun compte pour ce courriel (--email).');
      setUserPassword(
        db,
        user.id,
        await hashPassword(await askPassword({ siteName, personal: [user.name, user.email] })),
      );
      return `Mot de passe changé pour ${user.email}; ses sessions ouvertes sont fermées.`;
    }
    default:
      throw new CliError(usage);
  }
}

async function main(): Promise<number> {
  let db: Db | undefined;
  try {
    const config = loadConfig();
    db = openDatabase(config.databasePath);
    console.log(await run(db, config.siteName, process.argv.slice(2)));
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof ConfigError || error instanceof ImportCommandError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    if (db) closeDatabase(db);
  }
}

process.exitCode = await main();
