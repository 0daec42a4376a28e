import { ComingPage } from './ComingPage';

/** Sends: being built in its own change; the route and navigation entry are in place. */
export function SendsPage() {
  return <ComingPage screen="sends" />;
}
