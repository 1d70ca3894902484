import { fileURLToPath } from 'node:url';
import path from 'node:path';

// src/ and dist/ both sit one level below the project root.
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const viewsDir = path.join(projectRoot, 'views');
export const assetsDir = path.join(projectRoot, 'views', 'assets');
export const migrationsDir = path.join(projectRoot, 'migrations');
export const seedsDir = path.join(projectRoot, 'seeds');
