import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { runDailyBackup } from '../lib/backups.js';

const HOUR = 60 * 60 * 1000;

/** Keeps one backup a day (checked at start and every hour) with the configured retention. */
export const backupPlugin = fp(async function backups(app: FastifyInstance) {
  const { backupDir, backupRetention } = app.config;
  if (backupRetention === 0 || app.config.databasePath === ':memory:') return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const file = await runDailyBackup(app.db, backupDir, backupRetention, app.db.clock());
      if (file) app.log.info({ file }, 'daily backup written');
    } catch (error) {
      app.log.error({ err: error }, 'daily backup failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), HOUR);
  timer.unref();
  app.addHook('onReady', async () => void tick());
  app.addHook('onClose', async () => clearInterval(timer));
});
