// Prints the migration that redefines the search index's text from the field registry (decision 070).
// After marking a field searchable (or not): npx drizzle-kit generate --custom --name search_source,
// then: npx tsx scripts/search-source-sql.ts > migrations/<that file>.sql
import { searchSourceMigration } from '../src/queries/search-source.js';

process.stdout.write(searchSourceMigration());
