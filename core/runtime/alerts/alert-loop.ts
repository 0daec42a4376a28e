import type { Logger } from '@clinic-arrivals/plugin-kit';
import { RepeatingTask } from '../repeating-task.js';
import type { StatusBoard } from '../status-board.js';
import type { AlertWatcher } from './alert-watcher.js';

/** How often the watcher checks without a health change: windows are whole minutes. */
export const ALERT_CHECK_EVERY_MS = 30_000;

/** The host's timed alert checks, shown on the status page as `alerts`. */
export function alertCheckLoop(watcher: AlertWatcher, board: StatusBoard, logger: Logger): RepeatingTask {
  return new RepeatingTask({
    name: 'alerts',
    intervalMs: ALERT_CHECK_EVERY_MS,
    board,
    logger: logger,
    run: () => watcher.check(),
  });
}
