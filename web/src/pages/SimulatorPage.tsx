import { ComingPage } from './ComingPage';

/** Simulator: being built in its own change; the route and navigation entry are in place. */
export function SimulatorPage() {
  return <ComingPage screen="simulator" />;
}
