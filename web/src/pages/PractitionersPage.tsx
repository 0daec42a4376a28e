import { ComingPage } from './ComingPage';

/** Practitioners: being built in its own change; the route and navigation entry are in place. */
export function PractitionersPage() {
  return <ComingPage screen="practitioners" />;
}
