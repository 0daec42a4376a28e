import type { JoinGate, JoinLock, PublishedJoinLock } from '@clinic-arrivals/plugin-kit';

/**
 * A join gate in memory, for host tests (the proxy's real gate is tested with the proxy): it
 * keeps each lock as last published, the way the real one replaces it, and answers with the
 * link the real one makes, the lock id and secret in the fragment.
 */
export class MemoryJoinGate implements JoinGate {
  /** Every publish, in order. */
  readonly publishes: JoinLock[] = [];
  /** Each lock as last published. */
  readonly locks = new Map<string, JoinLock>();
  readonly withdrawn = new Set<string>();

  async publishJoinLock(lock: JoinLock): Promise<PublishedJoinLock> {
    this.publishes.push({ ...lock });
    this.locks.set(lock.lockId, { ...lock });
    return { url: `https://gate.test/verify#${lock.lockId}.${lock.secret}` };
  }

  async withdrawJoinLock(lockId: string): Promise<void> {
    this.locks.delete(lockId);
    this.withdrawn.add(lockId);
  }
}
