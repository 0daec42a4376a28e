/**
 * The single-clinic host of the fleet bench: `startHost` on the simulators (SQLite store, as a
 * clinic runs it alone) with the config file given in argv; prints one JSON line with its RSS
 * once the clinic has done two today passes.
 * Usage: node one-clinic-child.js <config file>
 */
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { loadConfig } from '../../core/config/load.js';
import { startHost } from '../../core/runtime/host.js';

let passes = 0;
function countingLogger(): Logger {
  const quiet = () => undefined;
  const loud = (fields: unknown, message?: string) => process.stderr.write(`${typeof fields === 'string' ? fields : (message ?? '')}\n`);
  return {
    trace: quiet,
    info: quiet,
    debug: (_fields: unknown, message?: string) => {
      if (message === 'today pass done') passes++;
    },
    warn: loud,
    error: loud,
    fatal: loud,
    child: () => countingLogger(),
  };
}

const loaded = await loadConfig({ configPath: process.argv[2] });
const host = await startHost(loaded, { logger: countingLogger(), apiPort: 0, printBanner: false });
while (passes < 2) await new Promise((resolve) => setTimeout(resolve, 100));
const memory = process.memoryUsage();
await host.stop();
console.log(JSON.stringify({ rssMb: memory.rss / 2 ** 20, heapUsedMb: memory.heapUsed / 2 ** 20, passes }));
process.exit(0);
