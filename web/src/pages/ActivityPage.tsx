import { ComingPage } from './ComingPage';

/** Activity: being built in its own change; the route and navigation entry are in place. */
export function ActivityPage() {
  return <ComingPage screen="activity" />;
}
