import fs from 'node:fs';
import { ConfigError, loadConfig } from '../config.js';
import { closeDatabase, openDatabase } from '../db/client.js';
import { holdsOnlyOfficialThemes, isEmpty, seedDatabase, type SeedName } from '../queries/seed.js';
import { getDataset } from '../queries/site-meta.js';

const usage = `Usage: tsx src/cli/db.ts <migrate | seed | reset> [demo|themes|none] [--force]
  migrate   apply the committed migrations
  seed      load a seed into an empty database (default: $SEED, else demo)
  reset     delete the database and recreate it with a seed; refuses to delete
            real data (anything beyond the demo set or the untouched official
            thèmes) unless --force is given`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const force = rest.includes('--force');
  const seedArg = rest.find((arg) => !arg.startsWith('--'));
  const config = loadConfig();
  const seed = (seedArg ?? config.seed) as SeedName;
  if (!['demo', 'themes', 'none'].includes(seed)) {
    console.error(`Unknown seed "${seed}".\n${usage}`);
    return 2;
  }
  const path = config.databasePath;
  switch (command) {
    case 'migrate': {
      closeDatabase(openDatabase(path));
      console.log(`Migrations applied to ${path}.`);
      return 0;
    }
    case 'seed': {
      const db = openDatabase(path);
      try {
        if (!isEmpty(db)) {
          console.error(`${path} already holds data: nothing seeded (use db:reset to start over).`);
          return 1;
        }
        seedDatabase(db, seed);
        console.log(`Seed "${seed}" loaded into ${path}.`);
        return 0;
      } finally {
        closeDatabase(db);
      }
    }
    case 'reset': {
      if (path === ':memory:') return 0;
      if (fs.existsSync(path) && !force) {
        const db = openDatabase(path);
        const dataset = getDataset(db);
        // The official thèmes alone are a seed too, not real data, until someone adds or changes something.
        const disposable = isEmpty(db) || dataset === 'demo' || (dataset === 'themes' && holdsOnlyOfficialThemes(db));
        closeDatabase(db);
        if (!disposable) {
          console.error(`${path} holds real data (not the demo set). Back it up, then run again with --force.`);
          return 1;
        }
      }
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path + suffix, { force: true });
      const db = openDatabase(path);
      seedDatabase(db, seed);
      closeDatabase(db);
      console.log(`${path} recreated with seed "${seed}".`);
      return 0;
    }
    default:
      console.error(usage);
      return 2;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
