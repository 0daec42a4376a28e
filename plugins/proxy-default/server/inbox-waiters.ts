import type { ProxyStorage } from './storage/types.js';

type Wake = () => void;

interface Waiter {
  wake: Wake;
  /** The clinic numbers it waits for; undefined: every number of the account. */
  numbers: ReadonlySet<string> | undefined;
}

/**
 * Wakes long polls and streams of an account when the storage announces a new message
 * (from this instance, or from another one through PostgreSQL NOTIFY). One storage
 * subscription for all waiters. A waiter that named clinic numbers wakes only for those (or
 * when the number is not known); an announcement without an account wakes everyone.
 */
export class InboxWaiters {
  private readonly byAccount = new Map<string, Set<Waiter>>();
  private readonly unsubscribe: () => void;

  constructor(storage: ProxyStorage) {
    this.unsubscribe = storage.onStored((accountSid, clinicNumber) => {
      if (accountSid === undefined) {
        for (const waiters of this.byAccount.values()) for (const waiter of [...waiters]) waiter.wake();
        return;
      }
      for (const waiter of [...(this.byAccount.get(accountSid) ?? [])]) {
        if (clinicNumber === undefined || waiter.numbers === undefined || waiter.numbers.has(clinicNumber)) waiter.wake();
      }
    });
  }

  /**
   * Calls `wake` whenever something is stored for `accountSid` (of one of `numbers` only, when
   * given); returns the unsubscribe function.
   */
  subscribe(accountSid: string, wake: Wake, numbers?: readonly string[]): () => void {
    let waiters = this.byAccount.get(accountSid);
    if (!waiters) this.byAccount.set(accountSid, (waiters = new Set()));
    const waiter: Waiter = { wake, numbers: numbers === undefined ? undefined : new Set(numbers) };
    waiters.add(waiter);
    return () => {
      waiters.delete(waiter);
      if (waiters.size === 0) this.byAccount.delete(accountSid);
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
