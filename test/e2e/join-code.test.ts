import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import type { RunningHost } from '../../core/runtime/host.js';
import { startHost } from '../../core/runtime/host.js';
import type { Store } from '../../core/store/store.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import { ManualClock, createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, MORNING, simulatorConfig, tmpFolder, type SentText } from './simulator-host.js';
import { gates } from './inbox-with-join-gate.js';

/*
 * Issue 15, video.verifyJoin, end to end on the simulators over HTTP, with the inbox simulator
 * wrapped in an in-memory join gate: the invite texts the gate's link, the code follows in a
 * text of its own, CODE gets a new one, and the room's close withdraws the lock.
 */

const ALEX = '+61412345678';
const GATED_INBOX = fileURLToPath(new URL('./inbox-with-join-gate.ts', import.meta.url));

describe('join code (video.verifyJoin), end to end on the simulators', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost;
  let api: ApiClient;

  const sent = async (to: string): Promise<SentText[]> => (await api.get<{ items: SentText[] }>('/api/simulator/sms/sent')).items.filter((m) => m.to === to);
  const reply = async (from: string, body: string) => {
    await api.post('/api/simulator/inbox', { from, body });
    expect(await host.handleInboxOnce()).to.equal(1);
  };
  const lockOf = () => host.container.resolve<Store>(TOKENS.Store).getJoinLock('appt-alex');

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    const config = await simulatorConfig(folder.dir, {
      inbox: { use: GATED_INBOX },
      video: { use: 'video-simulator', options: { baseUrl: 'https://video.test.example' }, verifyJoin: true, joinCodeMinutes: 10 },
    });
    host = await startHost(config, { clock, logger: createSilentLogger(), apiPort: 0, startLoops: false, printBanner: false });
    api = new ApiClient(host.apiUrl);
    for (const appointment of MORNING) await api.post('/api/simulator/appointments', appointment);
  });

  afterEach(async () => {
    await host.stop();
    folder.remove();
  });

  it('invite with the gate link, then the code on its own; CODE → a new code, same link; the room closes → lock withdrawn', async () => {
    await host.runTodayCycle();
    await reply(ALEX, 'YES');
    clock.set('2026-11-23T09:51:00+11:00');
    await host.runTodayCycle();
    await host.runTodayCycle();
    const gate = gates.at(-1)!;
    const lock = (await lockOf())!;
    const texts = (await sent(ALEX)).map((m) => m.body);
    const invite = texts.find((t) => t.startsWith('Your video consult with Dr Lee is ready to join'))!;
    expect(invite).to.contain(`https://gate.test/verify#${lock.lockId}.${lock.secret}`);
    expect(invite).not.to.contain('video.test.example');
    expect(texts.at(-1)).to.equal(
      `Your code for the video consult: ${lock.code}. Enter it on the page the link opens. It works for 10 minutes. Reply CODE for a new one.`,
    );
    expect(gate.locks.get(lock.lockId)).to.include({ code: lock.code });
    expect(gate.locks.get(lock.lockId)!.target).to.match(/^https:\/\/video\.test\.example\//);

    await reply(ALEX, 'code');
    const renewed = (await lockOf())!;
    expect(renewed).to.include({ lockId: lock.lockId, url: lock.url, codesIssued: 2 });
    expect((await sent(ALEX)).at(-1)!.body).to.contain(`Your code for the video consult: ${renewed.code}.`);
    expect(gate.locks.get(lock.lockId)!.code).to.equal(renewed.code);

    clock.set('2026-11-23T11:16:00+11:00');
    await host.runTodayCycle();
    expect((await lockOf())!.withdrawnAt).to.equal(clock.now());
    expect(gate.withdrawn.has(lock.lockId)).to.equal(true);
    const before = (await sent(ALEX)).length;
    await reply(ALEX, 'CODE');
    expect((await sent(ALEX)).at(-1)!.body).to.match(/^Sorry, there is no video consult code to send you just now/);
    expect(await sent(ALEX)).to.have.length(before + 1);
  });

  it('a patient with no video consult who replies CODE gets JoinCodeNone, nothing created', async () => {
    await host.runTodayCycle();
    await reply(ALEX, 'code');
    expect((await sent(ALEX)).at(-1)!.body).to.match(/^Sorry, there is no video consult code to send you just now/);
    expect(await lockOf()).to.equal(undefined);
  });
});
