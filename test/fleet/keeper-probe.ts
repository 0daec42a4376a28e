import pg from 'pg';
import { LeaseKeeper, type KeeperTimers, type LeaseKeeperOptions } from '../../core/fleet/index.js';

/** One lease event as a keeper reported it, in the order they happened in this process. */
export interface LeaseEvent {
  replicaId: string;
  clinicId: string;
  kind: 'gained' | 'lost' | 'releasing';
  token?: number;
  at: number;
}

/** Records every keeper's lease events and checks them for overlapping holders. */
export class LeaseProbe {
  readonly events: LeaseEvent[] = [];

  /** The callbacks to give a keeper of `replicaId`. */
  callbacks(replicaId: string): Pick<LeaseKeeperOptions, 'onGained' | 'onLost' | 'onReleasing'> {
    const record = (kind: LeaseEvent['kind'], clinicId: string, token?: number) => this.events.push({ replicaId, clinicId, kind, token, at: Date.now() });
    return {
      onGained: (clinicId, token) => void record('gained', clinicId, token),
      onLost: (clinicId) => void record('lost', clinicId),
      onReleasing: (clinicId) => void record('releasing', clinicId),
    };
  }

  /**
   * Problems found: a clinic gained while another replica still held it (no lost/releasing
   * in between), or a token not higher than the clinic's previous one. `dead` replicas hold
   * until someone else gains (a dead replica reports nothing).
   */
  violations(dead: readonly string[] = []): string[] {
    const holder = new Map<string, string>();
    const lastToken = new Map<string, number>();
    const problems: string[] = [];
    for (const e of this.events) {
      if (e.kind === 'gained') {
        const current = holder.get(e.clinicId);
        if (current !== undefined && !dead.includes(current)) problems.push(`${e.clinicId}: ${e.replicaId} gained while ${current} held it`);
        if ((lastToken.get(e.clinicId) ?? 0) >= e.token!) problems.push(`${e.clinicId}: token ${e.token} after ${lastToken.get(e.clinicId)}`);
        holder.set(e.clinicId, e.replicaId);
        lastToken.set(e.clinicId, e.token!);
      } else if (holder.get(e.clinicId) === e.replicaId) {
        holder.delete(e.clinicId);
      } else {
        problems.push(`${e.clinicId}: ${e.replicaId} reported ${e.kind} without holding it`);
      }
    }
    return problems;
  }
}

/** Real timers that a test can switch off, as if the process died mid-run (nothing fires any more). */
export function killableTimers(): KeeperTimers & { kill(): void } {
  let dead = false;
  const handles = new Set<ReturnType<typeof setTimeout>>();
  return {
    setTimeout(run, ms) {
      if (dead) return undefined;
      const handle = setTimeout(() => {
        handles.delete(handle);
        if (!dead) run();
      }, ms);
      handles.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      if (handle !== undefined) clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
    kill() {
      dead = true;
      for (const handle of handles) clearTimeout(handle);
    },
  };
}

/** A pool whose queries hang forever once cut, like a replica cut off from the database. */
export function cuttablePool(pool: pg.Pool): { pool: pg.Pool; cut(): void } {
  let cut = false;
  const wrapper = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'query') return (...args: unknown[]) => (cut ? new Promise(() => undefined) : (target.query as (...a: unknown[]) => unknown)(...args));
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { pool: wrapper, cut: () => void (cut = true) };
}

export { LeaseKeeper };
