import type { FastifyInstance } from 'fastify';

/*
 * What a fleet host (one process serving many clinics) shows over HTTP. The runtime that runs
 * one clinic cell per clinic implements it; core/api/fleet-server.ts serves it.
 */

/** One clinic as the fleet view lists it. Codes and counts only: nothing about patients. */
export interface FleetClinicView {
  /** The clinic's id, `[a-z0-9-]{1,40}`; its app is served at `/c/<id>/`. */
  id: string;
  name: string;
  /** IANA zone, e.g. `Australia/Melbourne`. */
  timeZone: string;
  /** running: worked here; standby: worked by another replica; starting; failed: its config or start failed (see problem); stopped */
  state: 'starting' | 'running' | 'standby' | 'failed' | 'stopped';
  /** Why it is failed: the config file, the key and the fix (from the config loader), or a start error code. */
  problem?: { file?: string; key?: string; fix?: string; message: string };
  /** Worst plugin health, `unknown` when not running here. */
  health: 'ok' | 'degraded' | 'down' | 'unknown';
  /** When the PMS was last read (ISO). */
  lastPollAt?: string;
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
  /**
   * Where the replica working a clinic answers, when another replica works it (vendor mode on
   * PostgreSQL): this replica forwards the clinic's requests there, so any replica shows every clinic.
   */
  ownerUrl?(clinicId: string): Promise<string | undefined>;
  /** Every served clinic's metrics in Prometheus text format, each series carrying a `clinic` label; process metrics once. */
  metrics(): Promise<string>;
}
