import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { PluginHealthTracker } from './plugin-health.js';
import { RepeatingTask } from './repeating-task.js';
import type { StatusBoard } from './status-board.js';

/** How often the health window is re-read: a plugin returns to `ok` at most this late after its window clears. */
const HEALTH_TICK_MS = 5_000;

/**
 * The loop that lets time pass for plugin health: with no calls at all, a plugin must still
 * return to `ok` once its last retry or failure leaves the window. Also drops store rows that
 * have left it.
 */
export function healthLoop(tracker: PluginHealthTracker, board: StatusBoard, logger: Logger): RepeatingTask {
  return new RepeatingTask({
    name: 'health',
    intervalMs: Math.min(HEALTH_TICK_MS, tracker.windowMs),
    board,
    logger: logger,
    run: async () => {
      tracker.refresh();
      await tracker.prune();
    },
  });
}
