import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../core/store/store.js';
import type { Decision } from '../../core/engine/decisions.js';
import { Executor } from '../../core/executor/executor.js';
import { VideoGateway } from '../../core/executor/video-gateway.js';
import { rendererFor } from '../../core/runtime/template-setup.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { TemplateService } from '../../core/templates/template-service.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { CountingVideo, RecordingPms, RecordingSender, RecordingSink, engineAppointment, recordingLogger } from './fakes.js';

const PHONE = '+61412345678';
const clinic = { name: 'Riverside Family Practice', timeZone: 'Australia/Sydney', region: 'AU', locale: 'en-AU' };

function doctorReady(room: string, lastToday = false): Decision {
  const appointment = engineAppointment('appt-1');
  return {
    step: 'doctor-ready',
    appointmentId: 'appt-1',
    effects: [{ type: 'send', key: 'appt-1:doctor-ready', to: PHONE, template: 'DoctorReady', appointment, vars: { room }, lastToday }],
  };
}

/*
 * The last check before a text leaves: whatever the template check on save assumed, a real
 * render longer than an SMS can be (1,600 characters, counting the last-text notice) is
 * refused as a permanent, coded failure naming the template and length, never the text, and
 * the provider is never called.
 */
describe('Executor: the pre-send length check', () => {
  let dir: string;
  let store: Store;
  let clock: ManualClock;
  let sender: RecordingSender;
  let sink: RecordingSink;

  function executor(): Executor {
    return new Executor(
      store,
      new RecordingPms(),
      sender,
      new VideoGateway(new CountingVideo()),
      rendererFor(new TemplateService({ clinic })),
      clock,
      recordingLogger(),
      sink,
    );
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ca-length-'));
    clock = new ManualClock('2026-11-23T07:00:00+11:00');
    store = await openSqliteStore(join(dir, 'store.sqlite'), { clock });
    sender = new RecordingSender();
    sink = new RecordingSink();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a rendered text over the limit before the provider sees it', async () => {
    const room = `Room ${'9'.repeat(1550)}`;
    const [result] = await executor().execute([doctorReady(room)]);
    expect(sender.sent).to.have.length(0);
    expect(result!.result).to.equal('failed');
    const error = String(result!.error);
    expect(error).to.match(
      /^render DoctorReady: CA_ERR_MESSAGE_TOO_LONG: DoctorReady rendered to 1,\d{3} characters \(11 GSM-7 SMS segments\) counting the 83-character notice added to a number's last text of the day, over the 1,600-character limit of an SMS, so it was not sent/,
    );
    expect(error).not.to.include('9999999999');
    expect(await store.findOutbox('appt-1:doctor-ready')).to.equal(undefined);
  });

  it('sends a text that fits, notice included', async () => {
    const [result] = await executor().execute([doctorReady('room 7', true)]);
    expect(result!.result).to.equal('done');
    expect(sender.sent).to.have.length(1);
    expect(sender.sent[0]!.body).to.match(/^Dr Lee is ready for you now\. Please come to room 7\. This is the last text we can send you today\./);
  });
});
