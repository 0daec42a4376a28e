import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { addAnnaAndRita, PASSWORDS, startHostWith, StaffBrowser } from '../auth/staff-client.js';
import { tmpFolder } from '../e2e/simulator-host.js';
import { expectAccessible, openPage, screenshot, WIDTHS, type WatchedPage, type WidthName, useChromium } from './browser.js';
import { CLINIC_MORNING, SEEDED } from './reception-host.js';

const WIDTH_NAMES = Object.keys(WIDTHS) as WidthName[];

/** Kim, already in the waiting room when the host first reads her (number ends 156). */
const KIM = {
  id: 'appt-kim',
  start: '2026-11-23T08:30:00+11:00',
  end: '2026-11-23T08:45:00+11:00',
  status: 'arrived',
  patient: { id: 'pat-kim', name: 'Kim Lee', firstName: 'Kim', mobile: '0491 570 156' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};
const KIM_E164 = '+61491570156';

const NEW_DOCTOR_READY = '{{ Practitioner.name }} can see you now, {{ Patient.firstName }}. Please come to {{ room }}.';

const EXPECTED_REFUSALS = /status of (422 .*\/api\/templates\/DoctorReady(\/preview)?|404 .*\/api\/practitioners\/prac-new|4\d\d .*\/api\/users)\)$/;

/**
 * The admin screens against a simulator host with staff accounts (Anna, admin; Rita,
 * reception), signed in through the app's own sign-in page, over real HTTP.
 */
describe('admin screens in Chromium (templates, practitioners, activity, staff accounts)', function () {
  this.timeout(60_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  /** Anna's session seen from the wire: seeds the PMS and reads the simulator's SMS log. */
  let anna: StaffBrowser;
  const pages: WatchedPage[] = [];

  const chromium = useChromium();
  beforeEach(async () => {
    folder = tmpFolder();
    await addAnnaAndRita(folder.dir);
    // Loopback with accounts: sign-in is required.
    host = await startHostWith(folder.dir, new ManualClock(CLINIC_MORNING));
    anna = new StaffBrowser(host.apiUrl);
    expect((await anna.signIn('anna', PASSWORDS.anna)).status).to.equal(200);
    for (const appointment of SEEDED) expect((await anna.call('POST', '/api/simulator/appointments', { json: appointment })).status).to.equal(201);
    await host.runTodayCycle();
  });
  afterEach(async function () {
    // The browser logs every refused request; the refusals these tests provoke are expected.
    const errors = pages.flatMap((open) => open.errors).filter((error) => !EXPECTED_REFUSALS.test(error));
    for (const open of pages.splice(0)) await open.close();
    await host?.stop();
    folder?.remove();
    if (this.currentTest?.state === 'passed') expect(errors, 'errors in the page console').to.deep.equal([]);
  });

  /** A fresh browser signed in through the sign-in page, left on `path`. */
  async function signedIn(name: keyof typeof PASSWORDS, path: string, width: WidthName = 'desktop'): Promise<Page> {
    const open = await openPage(chromium.browser, width);
    pages.push(open);
    const page = open.page;
    await page.goto(host.apiUrl + path);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Password').fill(PASSWORDS[name]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${name}`).waitFor();
    return page;
  }

  const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();

  async function openDoctorReady(page: Page): Promise<void> {
    await page.locator('[data-template="DoctorReady"]').click();
    await page.locator('[data-editing="DoctorReady"]').waitFor();
  }

  /** Kim arrives (PMS says arrived), the host reads it; the doctor starts the consult; the host reads again. Her last text. */
  async function nextDoctorReadyText(): Promise<string> {
    expect((await anna.call('POST', '/api/simulator/appointments', { json: KIM })).status).to.equal(201);
    expect((await anna.call('POST', '/api/cycle')).status).to.equal(200);
    expect((await anna.call('PATCH', `/api/simulator/appointments/${KIM.id}`, { json: { status: 'fulfilled' } })).status).to.equal(200);
    expect((await anna.call('POST', '/api/cycle')).status).to.equal(200);
    const sent = (await anna.call('GET', '/api/simulator/sms/sent')).body.items as Array<{ to: string; body: string }>;
    const toKim = sent.filter((text) => text.to === KIM_E164);
    expect(toKim, 'texts to Kim').not.to.be.empty;
    return toKim[toKim.length - 1]!.body;
  }

  async function savedTemplate(name: string): Promise<{ text: string; source: string }> {
    const { items } = (await anna.call('GET', '/api/templates')).body as { items: Array<{ name: string; text: string; source: string }> };
    return items.find((item) => item.name === name)!;
  }

  it('shows a template error inline at its line and does not save; a valid DoctorReady edit saves and is the next "doctor is ready" text', async () => {
    const page = await signedIn('anna', '/templates');
    await openDoctorReady(page);
    const before = await savedTemplate('DoctorReady');
    const editor = page.getByLabel('Text of “Doctor is ready”');

    // A misspelt variable on line 2: the live preview already says where.
    await editor.fill('Hi {{ Patient.firstName }},\nthe doctor {{ patient.nmae }} is ready');
    const problems = page.locator('.template-problems');
    await problems.getByText('Line 2, column 15').waitFor();
    expect(await problems.textContent())
      .to.include('unknown variable patient.nmae')
      .and.include('did you mean Patient.name?');
    expect(await problems.locator('.template-problems__bad').textContent()).to.include('the doctor {{ patient.nmae }} is ready');
    expect(await editor.getAttribute('aria-invalid')).to.equal('true');

    // Saving anyway: the host refuses (422), the problem stays in place, nothing is saved.
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/api/templates/DoctorReady') && response.request().method() === 'PUT'),
      page.getByRole('button', { name: 'Save', exact: true }).click(),
    ]);
    expect(refused.status()).to.equal(422);
    await problems.getByText('Line 2, column 15').waitFor();
    expect(await savedTemplate('DoctorReady')).to.deep.equal(before);
    await expectAccessible(page, 'Templates with an error');
    await screenshot(page, 'admin-templates-error');

    // "Go to line 2" selects the bad line in the editor.
    await page.getByRole('button', { name: 'Go to line 2' }).click();
    expect(await page.evaluate('document.activeElement.value.slice(document.activeElement.selectionStart, document.activeElement.selectionEnd)')).to.equal(
      'the doctor {{ patient.nmae }} is ready',
    );

    // An unclosed tag: line 1.
    await editor.fill('Hi {{ Patient.firstName, the doctor is ready');
    await problems.getByText('Line 1, column 4').waitFor();

    // A valid text: the preview renders it on the sample appointment, with its length.
    await editor.fill(NEW_DOCTOR_READY);
    await problems.waitFor({ state: 'detached' });
    await page.getByTestId('template-preview').getByText('can see you now').waitFor();
    const preview = await page.getByTestId('template-preview').textContent();
    expect(preview).to.match(/^.+ can see you now, .+\. Please come to .+\.$/);
    expect(await page.getByTestId('template-length').textContent())
      .to.include(`${[...preview!].length} characters`)
      .and.include('1 text message')
      .and.include('GSM-7');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    expect(await savedTemplate('DoctorReady')).to.include({ text: NEW_DOCTOR_READY, source: 'edited' });
    await page.locator('[data-template="DoctorReady"]').getByText('Edited here').waitFor();

    expect(await nextDoctorReadyText()).to.match(/^Dr Lee can see you now, Kim\. Please come to /);
  });

  it('measures a text with a non-GSM character as UCS-2 and resets a template to its default after asking', async () => {
    const page = await signedIn('anna', '/templates');
    await openDoctorReady(page);
    const original = (await savedTemplate('DoctorReady')).text;
    const editor = page.getByLabel('Text of “Doctor is ready”');
    // Insert a variable at the cursor by its chip.
    await editor.fill('Kia ora ');
    await editor.press('End');
    await page.getByRole('button', { name: /^Insert \{\{ Patient\.firstName \}\}/ }).click();
    expect(await editor.inputValue()).to.equal('Kia ora {{ Patient.firstName }}');
    await editor.fill('Kia ora {{ Patient.firstName }} — {{ room }} 🙂');
    await page.locator('[data-testid="template-length"][data-encoding="UCS-2"]').waitFor();
    expect(await page.locator('.template-length__hint').textContent())
      .to.include('—')
      .and.include('🙂');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();

    await page.getByRole('button', { name: 'Reset to default' }).click();
    const question = page.getByRole('group', { name: /Put back the default text of “Doctor is ready”/ });
    await question.waitFor();
    await screenshot(page, 'admin-templates-reset');
    await question.getByRole('button', { name: 'Yes, reset' }).click();
    await page.getByRole('status').getByText('Default text restored.').waitFor();
    expect(await editor.inputValue()).to.equal(original);
    expect(await savedTemplate('DoctorReady')).to.include({ text: original, source: 'default' });
  });

  it('a room changed on the Practitioners page is in the next "doctor is ready" text; add by id shows the host\'s answer', async () => {
    const page = await signedIn('anna', '/practitioners');
    const lee = page.locator('tr[data-practitioner-id="prac-lee"]');
    await lee.waitFor();
    expect(await lee.textContent()).to.include('Dr Lee');
    await lee.getByLabel('Room text for Dr Lee').fill('room 12');
    await lee.getByRole('button', { name: 'Save Dr Lee' }).click();
    await page.locator('tr[data-practitioner-id="prac-lee"] button[aria-label="Save Dr Lee"]:disabled').waitFor();
    expect(await page.getByLabel('Room text for Dr Lee').inputValue()).to.equal('room 12');
    const { items } = (await anna.call('GET', '/api/practitioners')).body as { items: Array<{ practitionerId: string; room?: string }> };
    expect(items.find((p) => p.practitionerId === 'prac-lee')?.room).to.equal('room 12');

    expect(await nextDoctorReadyText()).to.include('room 12');

    // A practitioner the PMS has not shown yet: the host's answer, whichever it is, is on the page.
    await page.getByLabel('PMS practitioner id').fill('prac-new');
    await page.getByLabel('No texts for this practitioner').check();
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/api/practitioners/prac-new')),
      page.getByRole('button', { name: 'Add', exact: true }).click(),
    ]);
    if (answer.ok()) {
      await page.getByText('Saved settings for prac-new.').waitFor();
      await page.locator('tr[data-practitioner-id="prac-new"]').waitFor();
    } else {
      const shown = page.getByTestId('add-practitioner-error');
      await shown.waitFor();
      expect(await shown.textContent()).to.include(((await answer.json()) as { error: string }).error);
    }
  });

  it('reception sees no admin screens in the navigation and gets "for administrators" at their addresses; an admin sees them', async () => {
    const rita = await signedIn('rita', '/today');
    const ritaLinks = await navLinks(rita);
    expect(ritaLinks).to.include.members(['Today', 'Inbox', 'Activity']);
    expect(ritaLinks).not.to.include.members(['Templates']);
    for (const hidden of ['Templates', 'Practitioners', 'Staff accounts']) expect(ritaLinks).not.to.include(hidden);
    for (const [path, title] of [
      ['/templates', 'Templates'],
      ['/practitioners', 'Practitioners'],
      ['/users', 'Staff accounts'],
    ]) {
      await rita.goto(host.apiUrl + path);
      await rita.locator('h1', { hasText: title }).waitFor();
      expect(await rita.locator('main').textContent()).to.include('This page is for administrators');
      expect(await rita.locator('textarea, input, table').count(), `${path} shows nothing to change`).to.equal(0);
    }
    await expectAccessible(rita, 'admins-only screen');
    await screenshot(rita, 'admin-only-for-reception');

    const admin = await signedIn('anna', '/templates');
    expect(await navLinks(admin)).to.include.members(['Templates', 'Practitioners', 'Staff accounts', 'Activity']);
    await admin.locator('[data-template="DoctorReady"]').waitFor();
    expect(await admin.locator('main').textContent()).not.to.include('This page is for administrators');
  });

  it('lists template and practitioner changes with who made them, newest first, live in another browser', async () => {
    const rita = await signedIn('rita', '/activity');
    await rita.locator('tr[data-action="sign-in"]').first().waitFor();

    const page = await signedIn('anna', '/templates');
    await openDoctorReady(page);
    await page.getByLabel('Text of “Doctor is ready”').fill(NEW_DOCTOR_READY);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Practitioners' }).click();
    await page.getByLabel('Room text for Dr Lee').fill('room 3');
    await page.getByRole('button', { name: 'Save Dr Lee' }).click();
    await page.locator('button[aria-label="Save Dr Lee"]:disabled').waitFor();

    // Rita's open list shows both without a reload (the activity topic on the event stream).
    await rita.locator('tr[data-action="practitioner-change"]').waitFor();
    const rows = await rita
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [(tr as { getAttribute(name: string): string | null }).getAttribute('data-action'), tr.textContent ?? '']));
    const [newest = [], next = []] = rows;
    expect(newest[0]).to.equal('practitioner-change');
    expect(newest[1]).to.include('anna').and.include('changed Dr Lee: room');
    expect(next[0]).to.equal('template-change');
    expect(next[1]).to.include('anna').and.include('changed the template “Doctor is ready”');
    // Clinic time (Melbourne), though the browser runs in UTC.
    expect(await rita.locator('tr[data-action="practitioner-change"] time').textContent()).to.equal('23 Nov, 08:00:00');
    expect(await rita.evaluate('performance.getEntriesByType("navigation").length')).to.equal(1);
  });

  it("adds a reception account and removes it after asking; refuses a bad name with the host's words", async () => {
    const page = await signedIn('anna', '/users');
    await page.locator('tr[data-user="rita"]').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('sam.front');
    await page.getByLabel('Password').fill('a-long-password-1');
    await page.getByLabel('Role').selectOption('reception');
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.locator('tr[data-user="sam.front"]').waitFor();
    expect(await page.locator('tr[data-user="sam.front"]').textContent()).to.include('Reception');
    expect(await page.locator('tr[data-user="anna"] button').count(), 'no remove button on your own account').to.equal(0);

    await page.getByRole('button', { name: 'Remove sam.front' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.locator('tr[data-user="sam.front"]').waitFor({ state: 'detached' });
    const { items } = (await anna.call('GET', '/api/users')).body as { items: Array<{ name: string }> };
    expect(items.map((user) => user.name)).to.have.members(['anna', 'rita']);

    // A name already taken: the host refuses, and says why, next to the form.
    await page.getByLabel('Name', { exact: true }).fill('rita');
    await page.getByLabel('Password').fill('another-password-2');
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/api/users') && response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Add account' }).click(),
    ]);
    expect(refused.ok()).to.equal(false);
    const said = ((await refused.json()) as { error: string }).error;
    await page.getByRole('alert').filter({ hasText: said }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue(), 'what was typed stays').to.equal('rita');
  });

  for (const width of WIDTH_NAMES) {
    it(`every admin screen and the activity list pass axe and are photographed (${width})`, async () => {
      const page = await signedIn('anna', '/templates', width);
      await openDoctorReady(page);
      await page.getByTestId('template-preview').waitFor();
      await expectAccessible(page, `Templates (${width})`);
      await screenshot(page, 'admin-templates');
      for (const [path, ready, name] of [
        ['/practitioners', 'tr[data-practitioner-id="prac-lee"]', 'admin-practitioners'],
        ['/users', 'tr[data-user="rita"]', 'admin-users'],
        ['/activity', 'tr[data-action="sign-in"]', 'admin-activity'],
      ] as const) {
        await page.getByRole('navigation', { name: 'Main' }).locator(`a[href="${path}"]`).click();
        await page.locator(ready).first().waitFor();
        await expectAccessible(page, `${path} (${width})`);
        await screenshot(page, name);
      }
    });
  }
});
