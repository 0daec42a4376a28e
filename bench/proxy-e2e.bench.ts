/**
 * End-to-end reply latency through the reply proxy with the full host in the loop: a signed
 * webhook is accepted by the proxy → the host receives it over the stream (or a long poll) →
 * the engine answers "arrived" with ArrivedThanks → sms-twilio posts it to the Twilio stand-in.
 * Measures webhook accepted (200) → reply recorded by the stand-in, one message at a time,
 * for 200 patients per transport. Target: p95 < 300 ms. Prints figures; asserts nothing.
 *
 * Run: `npx tsx bench/proxy-e2e.bench.ts` (or `npm run bench:proxy`).
 */
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { startTwilioProxyRig } from '../test/e2e/twilio-proxy-harness.js';

const PATIENTS = 200;
/** Untimed messages first: the first few hundred requests of a process run cold (JIT). */
const WARM_UP = 100;
const TRANSPORTS = (process.env.TRANSPORTS?.split(',') ?? ['stream', 'poll']) as Array<'stream' | 'poll'>;

const mobileOf = (i: number) => `+614${String(10_000_000 + i).padStart(8, '0')}`;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

async function runTransport(transport: 'stream' | 'poll'): Promise<void> {
  const clock = new ManualClock('2026-11-23T10:00:00+11:00');
  const rig = await startTwilioProxyRig({
    clock,
    video: false,
    inbox: { transport, pollWaitSeconds: 25 },
    // The PMS pass runs once by hand below; its timers must not run passes in the middle of the measurement.
    config: { workflow: { pollSeconds: 3600, upcomingPollSeconds: 3600 } },
  });
  try {
    const total = PATIENTS + WARM_UP;
    for (let i = 0; i < total; i++) {
      await rig.api.post('/api/simulator/appointments', {
        id: `appt-${i}`,
        start: '2026-11-23T11:30:00+11:00',
        end: '2026-11-23T11:45:00+11:00',
        patient: { id: `pat-${i}`, name: `Patient ${i}`, firstName: `P${i}`, mobile: mobileOf(i) },
        practitioner: { id: `prac-${i % 10}`, name: `Dr ${i % 10}` },
      });
    }
    await rig.host.runTodayCycle();
    // Let the screening texts of the pass settle before measuring replies.
    let settled = -1;
    await waitFor(
      async () => {
        const now = rig.twilio.sent().length;
        if (now === settled) return true;
        settled = now;
        await new Promise((resolve) => setTimeout(resolve, 200));
        return undefined;
      },
      { what: 'screening texts settled', timeoutMs: 30_000 },
    );

    const fromAccepted: number[] = [];
    const fromPosted: number[] = [];
    for (let i = 0; i < total; i++) {
      const before = rig.twilio.sent().length;
      const posted = performance.now();
      await rig.text(mobileOf(i), 'arrived');
      const accepted = performance.now();
      await waitFor(() => (rig.twilio.sent().length > before ? true : undefined), { what: `reply ${i}`, timeoutMs: 10_000, everyMs: 1 });
      const replied = performance.now();
      if (i < WARM_UP) continue;
      fromAccepted.push(replied - accepted);
      fromPosted.push(replied - posted);
    }
    const replies = rig.twilio.sent().filter((m) => m.body.startsWith('Thanks, P')).length;
    report(transport, fromAccepted, fromPosted, replies);
  } finally {
    await rig.close();
  }
}

function report(transport: string, fromAccepted: number[], fromPosted: number[], replies: number): void {
  const a = [...fromAccepted].sort((x, y) => x - y);
  const p = [...fromPosted].sort((x, y) => x - y);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`\nproxy-default (${transport}): ${a.length} replies measured, ${replies} ArrivedThanks recorded by the stand-in`);
  console.log(
    `  webhook accepted → reply at Twilio: p50 ${fmt(percentile(a, 50))}  p95 ${fmt(percentile(a, 95))}  p99 ${fmt(percentile(a, 99))}  max ${fmt(a.at(-1)!)}`,
  );
  console.log(`  webhook posted   → reply at Twilio: p50 ${fmt(percentile(p, 50))}  p95 ${fmt(percentile(p, 95))}`);
  console.log(`  target p95 < 300 ms: ${percentile(a, 95) < 300 ? 'met' : 'NOT met'}`);
}

for (const transport of TRANSPORTS) await runTransport(transport);
