import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
  // FTS5 shadow tables are hand-written in a custom migration; keep drizzle-kit away from them.
  tablesFilter: ['!*_fts*'],
});
