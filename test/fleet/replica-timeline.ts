import type { LogLine, ReplicaProcess } from './replica-process.js';

/*
 * Who worked which clinic when, read from the replicas' own log lines: a holding runs from
 * `lease gained; starting the clinic` (with its fencing token) to the keeper's `fleet: lease
 * released` (logged once the clinic has stopped) or `fleet: lease lost (…)`; a pass is a
 * `today pass done` line, which ends at its time and began `durationMs` earlier. Every replica
 * runs on this machine's clock, so the times of different replicas compare.
 */

/** One holding period of a clinic's lease on one replica. */
export interface Holding {
  replica: string;
  clinic: string;
  token: number;
  from: number;
  /** When the replica logged its release or loss; Infinity while it holds (or was killed holding). */
  to: number;
}

/** One today pass of a clinic on one replica. */
export interface Pass {
  replica: string;
  clinic: string;
  start: number;
  end: number;
}

const at = (line: LogLine) => Date.parse(String(line.time));
const clinicOf = (line: LogLine) => line.clinic ?? line.clinicId;

export function holdingsOf(replicas: readonly ReplicaProcess[]): Holding[] {
  const holdings: Holding[] = [];
  for (const replica of replicas) {
    const open = new Map<string, Holding>();
    for (const line of replica.lines) {
      const clinic = clinicOf(line);
      if (!clinic) continue;
      if (line.msg === 'lease gained; starting the clinic') {
        const holding = { replica: replica.id, clinic, token: Number(line.fencingToken), from: at(line), to: Infinity };
        holdings.push(holding);
        open.set(clinic, holding);
      } else if (line.msg === 'fleet: lease released' || line.msg.startsWith('fleet: lease lost')) {
        const holding = open.get(clinic);
        if (holding) holding.to = at(line);
        open.delete(clinic);
      }
    }
  }
  return holdings;
}

export function passesOf(replicas: readonly ReplicaProcess[], clinic?: string): Pass[] {
  return replicas.flatMap((replica) =>
    replica.lines
      .filter((line) => line.msg === 'today pass done' && line.clinic !== undefined && (clinic === undefined || line.clinic === clinic))
      .map((line) => ({ replica: replica.id, clinic: line.clinic!, start: at(line) - Number(line.durationMs), end: at(line) })),
  );
}

/**
 * Everything that contradicts "one replica at a time" for these clinics: a pass outside its
 * replica's holdings, tokens that do not go up from one holding to the next, passes of two
 * holdings that overlap or come out of token order. Empty when all is well.
 */
export function interleavingProblems(clinics: readonly string[], replicas: readonly ReplicaProcess[]): string[] {
  const problems: string[] = [];
  const holdings = holdingsOf(replicas);
  for (const clinic of clinics) {
    const own = holdings.filter((h) => h.clinic === clinic).sort((a, b) => a.from - b.from);
    for (let i = 1; i < own.length; i++) {
      if (own[i]!.token <= own[i - 1]!.token) problems.push(`${clinic}: token ${own[i]!.token} on ${own[i]!.replica} after ${own[i - 1]!.token}`);
    }
    const passes = passesOf(replicas, clinic)
      .map((pass) => ({ pass, holding: own.find((h) => h.replica === pass.replica && h.from <= pass.start && pass.end <= h.to) }))
      .sort((a, b) => a.pass.start - b.pass.start);
    for (const { pass, holding } of passes) {
      if (!holding) problems.push(`${clinic}: pass on ${pass.replica} at ${iso(pass.start)}–${iso(pass.end)} outside its holdings`);
    }
    for (let i = 1; i < passes.length; i++) {
      const [before, after] = [passes[i - 1]!, passes[i]!];
      if (!before.holding || !after.holding || before.holding === after.holding) continue;
      if (after.holding.token <= before.holding.token || after.pass.start < before.pass.end) {
        problems.push(
          `${clinic}: pass on ${after.pass.replica} (token ${after.holding.token}) from ${iso(after.pass.start)} ` +
            `interleaves with the pass on ${before.pass.replica} (token ${before.holding.token}) that ended ${iso(before.pass.end)}`,
        );
      }
    }
  }
  return problems;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(11, 23);
