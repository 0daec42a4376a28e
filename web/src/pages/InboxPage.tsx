import { ComingPage } from './ComingPage';

/** Inbox: being built in its own change; the route and navigation entry are in place. */
export function InboxPage() {
  return <ComingPage screen="inbox" />;
}
