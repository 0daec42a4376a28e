import { expect } from 'chai';
import type pg from 'pg';
import { assignClinics } from '../../core/fleet/index.js';
import { fleetDatabase, until, type FleetDatabase } from './fleet-support.js';
import { LEASE_SECONDS, ReplicaFleet, type Booking } from './replica-fleet.js';
import { holdingsOf, interleavingProblems, passesOf } from './replica-timeline.js';

/*
 * The fleet end to end with real replica processes (`start --config` on a fleet file), one
 * PostgreSQL schema, the FHIR test server as every clinic's PMS and the Twilio stand-in taking
 * every clinic's texts. The replicas run on the real clock: appointments are booked 90 minutes
 * ahead in a zone where it is late morning now, so the first pass that sees one texts the
 * screening question (one text per appointment: video is off).
 */

// The lease, one check and a pass, with room for a busy machine: the bound itself is measured in lease-keeper.test.ts.
const TAKEOVER_MS = (LEASE_SECONDS + 10) * 1000;

describe('fleet: real replica processes on one PostgreSQL', function () {
  this.timeout(60_000);
  let db: FleetDatabase | undefined;
  let pool: pg.Pool;
  let fleet: ReplicaFleet | undefined;

  before(async function () {
    db = await fleetDatabase();
    if (!db) return this.skip();
    pool = db.pool(2);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      for (const replica of fleet?.replicas ?? []) console.log(`--- replica ${replica.id} ---\n${replica.tail(25)}`);
    }
    await fleet?.close();
    fleet = undefined;
  });
  after(async () => db?.destroy());

  /**
   * Waits until the lease table gives every clinic to its owner among `replicaIds` (the hash
   * every replica computes) and each owner has finished a pass of each of its clinics since it
   * took it: the fleet has settled on that set of replicas.
   */
  async function settledOn(replicaIds: string[], clinics: readonly string[]): Promise<void> {
    const owners = assignClinics(clinics, replicaIds);
    await until(
      `clinics settled on ${replicaIds.join(', ')}`,
      async () => {
        const leases = await fleet!.leases();
        const holdings = holdingsOf(fleet!.replicas);
        const passes = passesOf(fleet!.replicas);
        const settled = clinics.every((clinic) => {
          const lease = leases.get(clinic);
          if (!lease?.live || lease.replica !== owners.get(clinic)) return false;
          const holding = holdings.find((h) => h.clinic === clinic && h.replica === lease.replica && h.token === lease.token);
          return holding !== undefined && passes.some((p) => p.clinic === clinic && p.replica === lease.replica && p.start >= holding.from);
        });
        return settled ? true : undefined;
      },
      30_000,
    );
  }

  /** Waits until Twilio has a text for each booking. */
  const texted = (bookings: readonly Booking[], timeoutMs = 15_000) =>
    until(
      `texts to ${bookings.length} patients`,
      () => (bookings.every((b) => fleet!.twilio.sent().some((m) => m.to === b.mobile)) ? true : undefined),
      timeoutMs,
    );

  /** Per clinic, the patients texted that should not have been, twice, or not at all (empty when each got exactly one). */
  function textProblems(clinics: readonly string[], except: readonly Booking[] = []): string[] {
    const problems: string[] = [];
    for (const clinic of clinics) {
      const got = fleet!
        .textsOf(clinic)
        .map((m) => m.to)
        .sort();
      const wanted = fleet!.bookings
        .filter((b) => b.clinic === clinic && !except.includes(b))
        .map((b) => b.mobile)
        .sort();
      if (JSON.stringify(got) !== JSON.stringify(wanted)) problems.push(`${clinic}: texted ${got.join(' ')}; expected ${wanted.join(' ')}`);
    }
    return problems;
  }

  /** The replica that works the most clinics among `replicaIds`, with its clinics. */
  function busiest(replicaIds: string[], clinics: readonly string[]): { replica: string; clinics: string[] } {
    const owners = assignClinics(clinics, replicaIds);
    const byReplica = replicaIds.map((replica) => ({ replica, clinics: clinics.filter((c) => owners.get(c) === replica) }));
    return byReplica.sort((a, b) => b.clinics.length - a.clinics.length)[0]!;
  }

  it('works each clinic on one replica at a time as replicas start and one leaves cleanly, and texts each appointment once', async () => {
    const clinics = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    fleet = await ReplicaFleet.start(db!, pool, clinics);
    const round = async () => Promise.all(clinics.map((clinic) => fleet!.book(clinic)));

    const first = await round();
    const replicaIds = ['one-r1', 'one-r2', 'one-r3'];
    for (const id of replicaIds) fleet.startReplica(id);
    await settledOn(replicaIds, clinics);
    await texted(first);

    // One leaves cleanly: its clinics go to the other two at once, which text the next bookings.
    const leaving = busiest(replicaIds, clinics).replica;
    const linesBeforeStop = fleet.replica(leaving).lines.length;
    await fleet.replica(leaving).stop();
    expect(await fleet.replica(leaving).exited, 'a clean stop').to.equal(0);
    expect(
      fleet
        .replica(leaving)
        .lines.slice(linesBeforeStop)
        .filter((line) => line.msg === 'fleet: lease released')
        .map((line) => line.clinicId)
        .sort(),
      'each lease handed back, not left to expire',
    ).to.deep.equal(busiest(replicaIds, clinics).clinics);
    const staying = replicaIds.filter((id) => id !== leaving);
    await settledOn(staying, clinics);
    const second = await round();
    await texted(second);

    expect(interleavingProblems(clinics, fleet.replicas)).to.deep.equal([]);
    const holdings = holdingsOf(fleet.replicas);
    const workedBy = (clinic: string) => new Set(passesOf(fleet!.replicas, clinic).map((p) => p.replica));
    expect(
      clinics.filter((clinic) => workedBy(clinic).size >= 2),
      'clinics that changed replica (and had passes on each)',
    ).to.include.members(busiest(replicaIds, clinics).clinics);
    // The lease table agrees with the logs: the current token is the newest one logged, on the replica that logged it.
    const leases = await fleet.leases();
    for (const clinic of clinics) {
      const newest = holdings.filter((h) => h.clinic === clinic).sort((a, b) => b.token - a.token)[0]!;
      expect(leases.get(clinic), clinic).to.deep.equal({ replica: newest.replica, token: newest.token, live: true });
    }
    expect(textProblems(clinics)).to.deep.equal([]);
    expect(fleet.twilio.sent()).to.have.length(2 * clinics.length);
  });

  it('SIGKILL mid-send: the send Twilio took is found by the new owner and never repeated; one Twilio never got is left for a person', async () => {
    const clinics = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
    const replicaIds = ['two-r1', 'two-r2', 'two-r3'];
    fleet = await ReplicaFleet.start(db!, pool, clinics);
    for (const id of replicaIds) fleet.startReplica(id);
    await settledOn(replicaIds, clinics);

    // The victim works at least two clinics: one send of each is held in flight at Twilio.
    const victim = busiest(replicaIds, clinics);
    const [taken, neverArrived] = victim.clinics as [string, string];
    const from = (clinic: string) => (request: { form: URLSearchParams }) => request.form.get('From') === fleet!.numberOf(clinic);
    const heldTaken = fleet.twilio.hold({ where: from(taken) });
    const heldNever = fleet.twilio.hold({ where: from(neverArrived) });
    const tokenBefore = (await fleet.leases()).get(taken)!.token;
    for (const clinic of clinics) {
      await fleet.book(clinic);
      await fleet.book(clinic);
    }
    const [takenRequest, neverRequest] = await Promise.all([heldTaken.arrived, heldNever.arrived]);
    const cut = fleet.bookings.filter((b) => b.mobile === takenRequest.form.get('To') || b.mobile === neverRequest.form.get('To'));
    const [cutTaken, cutNever] = [cut.find((b) => b.clinic === taken)!, cut.find((b) => b.clinic === neverArrived)!];
    // Everything else the victim's clinics would send waits behind the held sends; the other clinics finish.
    await texted(fleet.bookings.filter((b) => !victim.clinics.includes(b.clinic)));
    for (const booking of [cutTaken, cutNever]) {
      const row = (await fleet.outbox(booking.clinic)).find((r) => r.appointmentId === booking.appointmentId);
      expect(row?.status, `${booking.clinic}: the intent is stored before Twilio is called`).to.equal('pending');
    }

    await fleet.replica(victim.replica).kill();
    heldTaken.release(); // Twilio took it; its answer had nobody to go to
    heldNever.discard(); // it never reached Twilio

    const resolved = () =>
      until(
        'the new owners to settle both cut sends',
        async () => {
          const rowOf = async (b: Booking) => (await fleet!.outbox(b.clinic)).find((r) => r.appointmentId === b.appointmentId);
          const [a, b] = await Promise.all([rowOf(cutTaken), rowOf(cutNever)]);
          return a?.resolution === 'delivered' && b?.checkNote ? true : undefined;
        },
        TAKEOVER_MS + 5_000,
      );
    await resolved();
    await texted(fleet.bookings.filter((b) => b !== cutNever));

    // Exactly once: the taken send once (not repeated), the one Twilio never got not sent blindly, all else once.
    expect(textProblems(clinics, [cutNever])).to.deep.equal([]);
    expect(fleet.twilio.sent().filter((m) => m.to === cutNever.mobile)).to.deep.equal([]);
    expect(fleet.twilio.sent()).to.have.length(fleet.bookings.length - 1);
    const takenText = fleet.twilio.sent().find((m) => m.to === cutTaken.mobile)!;
    const takenRow = (await fleet.outbox(taken)).find((r) => r.appointmentId === cutTaken.appointmentId)!;
    expect(takenRow, 'the provider check found it').to.include({ status: 'unknown', resolution: 'delivered', providerId: takenText.sid });
    const neverRow = (await fleet.outbox(neverArrived)).find((r) => r.appointmentId === cutNever.appointmentId)!;
    expect(neverRow, 'left for a person').to.include({ status: 'unknown', resolution: null, checkNote: 'no matching message at sms-twilio yet' });

    const after = await fleet.leases();
    for (const clinic of victim.clinics) expect(after.get(clinic)!.replica, clinic).to.not.equal(victim.replica);
    expect(after.get(taken)!.token).to.be.greaterThan(tokenBefore);
    expect(interleavingProblems(clinics, fleet.replicas)).to.deep.equal([]);
  });

  it('SIGSTOP: a paused replica writes nothing for its clinic after the takeover, and the new owner texts a new booking once', async () => {
    const clinics = ['c1', 'c2', 'c3', 'c4'];
    const replicaIds = ['three-r1', 'three-r2'];
    fleet = await ReplicaFleet.start(db!, pool, clinics);
    const first = await Promise.all(clinics.map((clinic) => fleet!.book(clinic)));
    for (const id of replicaIds) fleet.startReplica(id);
    await settledOn(replicaIds, clinics);
    await texted(first);

    const { replica: pausedId, clinics: pausedClinics } = busiest(replicaIds, clinics);
    const clinic = pausedClinics[0]!;
    const paused = fleet.replica(pausedId);
    const apiUrl = await until('the paused replica’s API', () => paused.apiUrl());
    const before = (await fleet.leases()).get(clinic)!;
    // Paused right after a pass of the clinic, so the new booking meets the paused replica's next pass. Another write may
    // still be cut inside its transaction: the server ends that session (idle in transaction) long before the lease
    // runs out, so its FOR SHARE on the lease row never holds up the takeover (test/fleet/sigstop.test.ts).
    await paused.waitFor('a pass of the clinic', (line) => line.msg === 'today pass done' && line.clinic === clinic, { fromLine: paused.lines.length });
    paused.signal('SIGSTOP');

    const taken = await until(
      'another replica to take the clinic over',
      async () => {
        const lease = (await fleet!.leases()).get(clinic);
        return lease?.live && lease.replica !== pausedId && lease.token > before.token ? lease : undefined;
      },
      TAKEOVER_MS,
    );
    const rowsAtTakeover = await fleet.outbox(clinic);
    const otherRowsAtTakeover = new Map(await Promise.all(pausedClinics.slice(1).map(async (c) => [c, await fleet!.outbox(c)] as const)));
    // The new owner's text of the new booking stays in flight until the paused replica has let the clinic go, so the
    // paused one, resuming, finds the booking with no progress saved and tries to act on it with its old token.
    const newOwnersSend = fleet.twilio.hold({ where: (request) => request.form.get('From') === fleet!.numberOf(clinic) });
    const added = await fleet.book(clinic, 60);
    await newOwnersSend.arrived;
    const resumedAt = Date.now();
    paused.signal('SIGCONT');

    await paused.waitFor('the paused replica to notice its loss', (line) => line.msg.startsWith('fleet: lease lost') && line.clinicId === clinic);
    let lastAnswer = '';
    await until('the paused replica to stop the clinic', async () => {
      const response = await fetch(`${apiUrl}/api/clinics`);
      const body = (await response.json()) as { clinics?: Array<{ id: string; state: string }> };
      lastAnswer = `${response.status} ${JSON.stringify(body)}`;
      return body.clinics?.find((c) => c.id === clinic)?.state === 'standby' ? true : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${lastAnswer}`);
    });
    newOwnersSend.release();
    await until('the new booking’s text recorded as sent', async () =>
      (await fleet!.outbox(clinic)).some((r) => r.appointmentId === added.appointmentId && r.status === 'sent') ? true : undefined,
    );

    // The new owner's text, recorded by the new owner: nothing from the paused replica after the takeover.
    const rowsAfter = await fleet.outbox(clinic);
    const addedText = fleet.twilio.sent().find((m) => m.to === added.mobile)!;
    expect(rowsAfter.slice(0, rowsAtTakeover.length)).to.deep.equal(rowsAtTakeover);
    expect(rowsAfter.slice(rowsAtTakeover.length)).to.deep.equal([
      { key: rowsAfter.at(-1)!.key, appointmentId: added.appointmentId, status: 'sent', providerId: addedText.sid, resolution: null, checkNote: null },
    ]);
    expect(textProblems(clinics)).to.deep.equal([]);
    // On resuming, a pass that came due before it noticed the loss (if one did) had to write, as the booking had no
    // progress: the fence refused every write.
    const linesAfter = paused.lines.filter((line) => Date.parse(line.time) >= resumedAt && line.clinic === clinic);
    const failures = linesAfter.filter((line) => line.level >= 40 && line.err !== undefined);
    // A write the pause cut inside its transaction fails too: the server had ended its session.
    for (const failed of failures)
      expect(String(failed.err), failed.msg).to.match(/^CA_ERR_LEASE_LOST|idle-in-transaction|Connection terminated|not queryable/);
    // Its other clinics: passes cut by the pause may finish after the takeover, but they wrote nothing either.
    for (const other of pausedClinics.slice(1)) expect(await fleet.outbox(other), other).to.deep.equal(otherRowsAtTakeover.get(other));
    // Tokens only go up (the resumed replica, back in the hash, may since have taken the clinic back, under a new token).
    expect((await fleet.leases()).get(clinic)!.token).to.be.at.least(taken.token);
    // The other replica's clinics never changed hands.
    const untouched = clinics.filter((c) => !pausedClinics.includes(c));
    expect(interleavingProblems(untouched, fleet.replicas)).to.deep.equal([]);
  });
});
