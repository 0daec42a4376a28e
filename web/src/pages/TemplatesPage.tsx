import { ComingPage } from './ComingPage';

/** Templates: being built in its own change; the route and navigation entry are in place. */
export function TemplatesPage() {
  return <ComingPage screen="templates" />;
}
