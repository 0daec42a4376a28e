import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Decision } from '../../core/engine/decisions.js';
import { Executor } from '../../core/executor/executor.js';
import { VideoGateway } from '../../core/executor/video-gateway.js';
import { rendererFor } from '../../core/runtime/template-setup.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import type { Store } from '../../core/store/store.js';
import { LanguageTemplates } from '../../core/templates/language-templates.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { CountingVideo, RecordingPms, RecordingSender, RecordingSink, recordingLogger } from './fakes.js';

/*
 * A send's instants (`times`) become words where the text is rendered: in the text's language
 * (the appointment's, or `language` for a text about no one appointment) and the clinic's zone.
 */

const PHONE = '+61412345678';
const TZ = 'Australia/Sydney';
const clinic = { name: 'Riverside Family Practice', timeZone: TZ, region: 'AU', locale: 'en-AU', languages: ['en', 'es'] };
const at = (iso: string) => DateTime.fromISO(iso, { zone: TZ }).toMillis();

function whichAppointment(language?: string): Decision {
  return {
    step: 'which-appointment',
    effects: [
      {
        type: 'send',
        key: `which-appointment:SM-${language ?? 'default'}`,
        to: PHONE,
        template: 'WhichAppointment',
        times: { choices: [at('2026-12-05T14:00'), at('2026-12-09T09:30')] },
        ...(language ? { language } : {}),
      },
    ],
  };
}

describe('Executor: times in the text language', () => {
  let dir: string;
  let store: Store;
  let sender: RecordingSender;
  let executor: Executor;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ca-times-'));
    const clock = new ManualClock('2026-12-04T10:00:00+11:00');
    store = await openSqliteStore(join(dir, 'store.sqlite'), { clock });
    sender = new RecordingSender();
    const templates = new LanguageTemplates({
      clinic,
      language: 'en',
      languages: ['en', 'es'],
      configured: { WhichAppointment: { es: '¿Qué cita: {{ choices }}? Responda con el día, por ejemplo SÍ HOY.' } },
    });
    executor = new Executor(
      store,
      new RecordingPms(),
      sender,
      new VideoGateway(new CountingVideo()),
      rendererFor(templates),
      clock,
      recordingLogger(),
      new RecordingSink(),
    );
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('English by default: day and time of each choice, joined with "or"', async () => {
    await executor.execute([whichAppointment()]);
    expect(sender.sent[0]!.body).to.contain('which appointment do you mean (Sat 5 Dec, 2:00 pm or Wed 9 Dec, 9:30 am)?');
  });

  it("in the language the send names: Spanish words for the days and 'o'", async () => {
    await executor.execute([whichAppointment('es')]);
    expect(sender.sent[0]!.body).to.match(/^¿Qué cita: sáb 5 dic, .*14:00 o mié 9 dic, .*9:30\?/);
  });
});
