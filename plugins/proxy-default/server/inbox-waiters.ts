import type { ProxyStorage } from './storage/types.js';

type Wake = () => void;

/**
 * Wakes long polls and streams of an account when the storage announces a new message
 * (from this instance, or from another one through PostgreSQL NOTIFY). One storage
 * subscription for all waiters; an announcement without an account wakes everyone.
 */
export class InboxWaiters {
  private readonly byAccount = new Map<string, Set<Wake>>();
  private readonly unsubscribe: () => void;

  constructor(storage: ProxyStorage) {
    this.unsubscribe = storage.onStored((accountSid) => {
      if (accountSid === undefined) {
        for (const wakes of this.byAccount.values()) for (const wake of [...wakes]) wake();
      } else {
        for (const wake of [...(this.byAccount.get(accountSid) ?? [])]) wake();
      }
    });
  }

  /** Calls `wake` whenever something is stored for `accountSid`; returns the unsubscribe function. */
  subscribe(accountSid: string, wake: Wake): () => void {
    let wakes = this.byAccount.get(accountSid);
    if (!wakes) this.byAccount.set(accountSid, (wakes = new Set()));
    wakes.add(wake);
    return () => {
      wakes.delete(wake);
      if (wakes.size === 0) this.byAccount.delete(accountSid);
    };
  }

  /** How many waiters an account has (streams and polls). */
  count(accountSid: string): number {
    return this.byAccount.get(accountSid)?.size ?? 0;
  }

  close(): void {
    this.unsubscribe();
    this.byAccount.clear();
  }
}
