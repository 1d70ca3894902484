import type { Progress } from './import-file.js';

const PHASES = { validation: 'Vérification', writing: 'Écriture' } as const;

/** A progress bar on a terminal; elsewhere (logs, pipes) a plain line at every tenth. */
export function progressReporter(stream: NodeJS.WriteStream): Progress {
  const lastTenth = new Map<string, number>();
  return (phase, done, total) => {
    const ratio = total === 0 ? 1 : done / total;
    const percent = Math.floor(ratio * 100);
    const label = PHASES[phase];
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(
        `\r${label.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)} % (${done}/${total})`,
      );
      if (done === total) stream.write('\n');
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (lastTenth.get(phase) === tenth) return;
    lastTenth.set(phase, tenth);
    stream.write(`${label} : ${tenth * 10} % (${done}/${total})\n`);
  };
}
