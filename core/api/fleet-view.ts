import type { FastifyInstance } from 'fastify';
/** One clinic as the fleet view lists it. Codes and counts only: nothing about patients. */
export interface FleetClinicView {
  id: string; // [a-z0-9-]{1,40}
  name: string;
  timeZone: string;
  /** running: worked here; standby: worked by another replica; starting; failed: its config or start failed (see problem); stopped */
  state: 'starting' | 'running' | 'standby' | 'failed' | 'stopped';
  /** Why it is failed: the config file, the key and the fix (from the config loader), or a start error code. */
  problem?: { file?: string; key?: string; fix?: string; message: string };
  /** Worst plugin health, `unknown` when not running here. */
  health: 'ok' | 'degraded' | 'down' | 'unknown';
  lastPollAt?: string; // ISO
  textsToday: { sent: number; failed: number; unknown: number };
  /** Recent errors counted (the clinic's status board). */
  failures: number;
  /** Which replica works it, when known. */
  replica?: string;
}
export interface FleetView {
  list(): Promise<FleetClinicView[]>;
  /** The clinic's own API app (built by buildApiApp, `ready()` done) when served by this process; undefined for an unknown id. */
  clinicApp(clinicId: string): Promise<FastifyInstance | undefined>;
  /** Every served clinic's metrics in Prometheus text format, each series carrying a `clinic` label; process metrics once. */
  metrics(): Promise<string>;
}
