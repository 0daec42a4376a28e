import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '@clinic-arrivals/plugin-kit';

/** Editors write a file in several steps (truncate, write, rename): act once they are done. */
const SETTLE_MS = 300;
/** File-system events can be lost (network folders, some container mounts): look anyway now and then. */
const RESCAN_MS = 30_000;

/**
 * Calls `onChange` after files in `folder` change (settled), and every 30 s regardless.
 * `onChange` compares content, so a spurious call changes nothing.
 */
export function watchFolder(folder: string, onChange: () => Promise<void>, logger: Logger): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    void onChange();
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, SETTLE_MS);
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(folder, { persistent: false }, schedule);
    watcher.on('error', (error) => logger.warn({ err: String(error) }, 'watching the clinics folder failed; rescanning it every 30 s instead'));
  } catch (error) {
    logger.warn({ err: String(error) }, 'the clinics folder cannot be watched; rescanning it every 30 s instead');
  }
  const rescan = setInterval(schedule, RESCAN_MS);
  rescan.unref();
  return {
    close() {
      watcher?.close();
      clearInterval(rescan);
      if (timer) clearTimeout(timer);
    },
  };
}
