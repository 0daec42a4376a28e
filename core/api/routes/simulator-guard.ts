import type { HostControl } from '../host-control.js';
import { ApiHttpError } from '../http-errors.js';

type Simulators = HostControl['simulators'];

/**
 * The simulator behind a route, or a 404 when that simulator plugin is not the active one.
 * Read per request: the runtime decides what is active, not the API.
 */
export function activeSimulator<K extends keyof Simulators>(control: HostControl, kind: K): NonNullable<Simulators[K]> {
  const simulator = control.simulators[kind];
  if (!simulator) throw new ApiHttpError(404, 'simulator not active');
  return simulator;
}
