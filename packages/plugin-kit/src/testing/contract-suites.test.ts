import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { AuthError, ClinicArrivalsError, NotReadyError, UnreachableError } from '../plugin/errors.js';
import { describeAppointmentSourceContract } from './appointment-source-contract.js';
import { expectRejection } from './expect-rejection.js';
import { fakeAppointmentSourceHarness, type FakeSourceFaults } from './fixtures/fake-appointment-source.js';
import { fakeGuestVideoHarness } from './fixtures/fake-guest-video.js';
import { fakeSenderHarness } from './fixtures/fake-sender.js';
import { recordingTestApi } from './fixtures/recording-test-api.js';
import { secondCopyError } from './fixtures/second-copy-errors.js';
import { describeInboxContract } from './inbox-contract.js';
import { describeMessageSenderContract } from './message-sender-contract.js';
import { describeVideoProviderContract } from './video-provider-contract.js';

const noSetup = async (): Promise<never> => {
  throw new Error('not used');
};

describe('contract suites: errors are checked by code', function () {
  it('accept errors from a second, separately defined class hierarchy with the same codes', async function () {
    const { api, run } = recordingTestApi();
    describeMessageSenderContract({ name: 'second copy', setup: async () => fakeSenderHarness(secondCopyError), capabilities: ['errorMapping'] }, api);
    const mapping = (await run()).filter((t) => t.name.includes('failure to'));
    expect(mapping).to.have.length(5);
    for (const test of mapping) expect(test.outcome, `${test.name}: ${String(test.error)}`).to.equal('passed');
    expect(secondCopyError('auth')).to.not.be.instanceOf(ClinicArrivalsError);
  });

  it('fail an error whose code is wrong, naming the expected and the actual code', async function () {
    const { api, run } = recordingTestApi();
    const wrong = () => Object.assign(new Error('provider said no'), { code: 'CA_ERR_SOMETHING_ELSE', retryable: false });
    describeMessageSenderContract({ name: 'wrong codes', setup: async () => fakeSenderHarness(wrong), capabilities: ['errorMapping'] }, api);
    const optedOut = (await run()).find((t) => t.name.includes('"opted-out"'))!;
    expect(optedOut.outcome).to.equal('failed');
    expect(String((optedOut.error as Error).message))
      .to.include('code CA_ERR_OPTED_OUT')
      .and.include('CA_ERR_SOMETHING_ELSE');
  });

  it('check the kind too when the error has one', async function () {
    const { api, run } = recordingTestApi();
    const misKinded = (kind: Parameters<typeof secondCopyError>[0]) => Object.assign(secondCopyError(kind), { kind: 'config' });
    describeMessageSenderContract({ name: 'wrong kind', setup: async () => fakeSenderHarness(misKinded), capabilities: ['errorMapping'] }, api);
    const auth = (await run()).find((t) => t.name.includes('"auth"'))!;
    expect(auth.outcome).to.equal('failed');
    expect((auth.error as Error).message).to.include('kind');
  });
});

describe('contract suites: capabilities', function () {
  it('skip the tests of undeclared capabilities without running them', async function () {
    const { api, run } = recordingTestApi();
    let setups = 0;
    describeMessageSenderContract({ name: 'plain', setup: async () => (setups++, fakeSenderHarness(secondCopyError)) }, api);
    const tests = await run();
    const skipped = tests.filter((t) => t.outcome === 'skipped').map((t) => t.name);
    expect(skipped).to.have.length(8);
    expect(skipped.every((name) => name.includes('failure to') || name.includes('findSent'))).to.equal(true);
    expect(tests.filter((t) => t.outcome === 'passed')).to.have.length(3);
    expect(setups, 'no harness for a skipped test').to.equal(3);
  });

  it('skip at run time through the runner context when the harness lacks a hook', async function () {
    const { api, run } = recordingTestApi();
    describeMessageSenderContract({ name: 'no lost answers', setup: async () => fakeSenderHarness(secondCopyError), capabilities: ['findSent'] }, api);
    const findSent = (await run()).filter((t) => t.name.includes('findSent'));
    expect(findSent.map((t) => [t.outcome, t.error])).to.deep.equal([
      ['passed', undefined],
      ['skipped', undefined],
      ['passed', undefined],
    ]);
  });

  it('refuse a misspelt capability: a compile error in TypeScript, an error at run time in JavaScript', function () {
    const { api } = recordingTestApi();
    // @ts-expect-error: 'errorMaping' is not a MessageSenderCapability
    expect(() => describeMessageSenderContract({ name: 'typo', setup: noSetup, capabilities: ['errorMaping'] }, api)).to.throw(
      TypeError,
      'unknown capability "errorMaping"; known: errorMapping, findSent',
    );
    // @ts-expect-error: the inbox suite has no capabilities yet
    expect(() => describeInboxContract({ name: 'typo', setup: noSetup, capabilities: ['redelivery'] }, api)).to.throw(
      TypeError,
      'this suite has no capabilities',
    );
    // @ts-expect-error: joinDetection is the provider's own flag, not a suite capability
    expect(() => describeVideoProviderContract({ name: 'typo', setup: noSetup, capabilities: ['joinDetection'] }, api)).to.throw(TypeError);
    // @ts-expect-error: no capabilities for appointment sources yet
    expect(() => describeAppointmentSourceContract({ name: 'typo', setup: noSetup, capabilities: ['x'] }, api)).to.throw(TypeError);
  });
});

describe('contract suites: video guest links', function () {
  const guestResults = async (harness: () => ReturnType<typeof fakeGuestVideoHarness>) => {
    const { api, run } = recordingTestApi();
    describeVideoProviderContract({ name: 'fake', setup: async () => harness(), collisionRooms: 10 }, api);
    return (await run()).filter((t) => t.name.includes('guest'));
  };
  const failedNames = async (harness: () => ReturnType<typeof fakeGuestVideoHarness>) =>
    (await guestResults(harness)).filter((t) => t.outcome === 'failed').map((t) => t.name.replace(/^.* > /, ''));

  it('pass a provider that keeps the guest rules, running every guest test', async function () {
    const results = await guestResults(() => fakeGuestVideoHarness());
    expect(results).to.have.length(7);
    for (const test of results) expect(test.outcome, `${test.name}: ${String(test.error)}`).to.equal('passed');
  });

  it('skip the guest tests when the provider does not declare guestLinks', async function () {
    const plain = () => {
      const harness = fakeGuestVideoHarness();
      return { ...harness, provider: { ...harness.provider, capabilities: { joinDetection: true, roleLinks: true, expiringLinks: true } } };
    };
    expect((await guestResults(plain)).map((t) => t.outcome)).to.deep.equal(Array(7).fill('skipped'));
  });

  it('fail a guest given the patient link, a second guest for the same grant, a link outliving the room, a guest counted as the patient, a guest in the call who never joined', async function () {
    expect(await failedNames(() => fakeGuestVideoHarness({ patientLinkForGuests: true }))).to.include(
      'gives a guest a link of its own into the room, leaking nothing, when it declares guestLinks',
    );
    expect(await failedNames(() => fakeGuestVideoHarness({ newGuestEveryCall: true }))).to.deep.equal([
      'returns the same guest when asked again for the same grant (after a crash), when it declares guestLinks',
    ]);
    expect(await failedNames(() => fakeGuestVideoHarness({ outlivesRoom: true }))).to.deep.equal([
      'ends a guest link no later than the grant and the room, when it declares guestLinks',
    ]);
    expect(await failedNames(() => fakeGuestVideoHarness({ guestCountsAsPatient: true }))).to.deep.equal([
      'does not count a guest joining as the patient, when it declares guestLinks and joinDetection',
    ]);
    expect(await failedNames(() => fakeGuestVideoHarness({ everyGuestInCall: true }))).to.deep.equal([
      'names the guests in the call (and only those, never the patient), when it declares guestJoinDetection',
    ]);
  });
});

describe('contract suites: confirming and cancelling appointments', function () {
  const writeResults = async (faults: FakeSourceFaults = {}) => {
    const { api, run } = recordingTestApi();
    describeAppointmentSourceContract({ name: 'fake', setup: async () => fakeAppointmentSourceHarness(faults) }, api);
    return (await run()).filter((t) => /confirmAppointment|cancelAppointment/.test(t.name));
  };
  const failedNames = async (faults: FakeSourceFaults) =>
    (await writeResults(faults)).filter((t) => t.outcome === 'failed').map((t) => t.name.replace(/^.* > /, ''));

  it('pass a source that keeps the rules, running every confirm and cancel test', async function () {
    const results = await writeResults();
    expect(results).to.have.length(5);
    for (const test of results) expect(test.outcome, `${test.name}: ${String(test.error)}`).to.equal('passed');
  });

  it('skip them, without failing, for a source that has neither method', async function () {
    expect((await writeResults({ withoutWrites: true })).map((t) => t.outcome)).to.deep.equal(Array(5).fill('skipped'));
  });

  it('fail a source that cancels an arrived visit, replaces the first confirmation, or throws on a repeated cancel', async function () {
    expect(await failedNames({ cancelsPastArrival: true })).to.deep.equal([
      'cancelAppointment leaves a visit past arrival (arrived, fulfilled) as it is, when the source has it',
    ]);
    expect(await failedNames({ overwritesConfirmation: true })).to.deep.equal([
      'confirmAppointment again keeps the first confirmation and succeeds, when the source has it',
    ]);
    expect(await failedNames({ repeatCancelThrows: true })).to.deep.equal([
      'cancelAppointment cancels a visit still before arrival and changes nothing else, when the source has it',
    ]);
  });
});

describe('contract suites: test functions', function () {
  it('fail clearly when given none and there are no globals', function () {
    const globals = globalThis as { describe?: unknown; it?: unknown };
    const saved = { describe: globals.describe, it: globals.it };
    globals.describe = undefined;
    globals.it = undefined;
    try {
      expect(() => describeMessageSenderContract({ name: 'nowhere', setup: noSetup })).to.throw(/no test functions\. Pass your runner's/);
    } finally {
      Object.assign(globals, saved);
    }
  });

  it('run under node:test with its describe and it', function () {
    this.timeout(60_000);
    const fixture = fileURLToPath(new URL('./fixtures/sender-under-node-test.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'tap', fixture], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^# pass 10$/m);
    // The lost-answer test skips itself through node's context: the harness has no loseNextAnswer().
    expect(result.stdout).to.match(/^# skip(ped)? 1$/m);
    expect(result.stdout).to.match(/answer was lost .*# SKIP/);
    expect(result.stdout).to.match(/^# fail 0$/m);
  });
});

describe('expectRejection', function () {
  it('matches by code, by code and kind, or by class', async function () {
    const reject = (error: unknown) => () => Promise.reject(error);
    const unreachable = new UnreachableError('down');
    expect(await expectRejection(reject(unreachable), 'CA_ERR_UNREACHABLE')).to.equal(unreachable);
    expect(
      await expectRejection(reject(Object.assign(new Error('x'), { code: 'CA_ERR_A', kind: 'auth' })), { code: 'CA_ERR_A', kind: 'auth' }),
    ).to.have.property('kind', 'auth');
    expect(await expectRejection(reject(unreachable), NotReadyError), 'a class matches its subclasses').to.equal(unreachable);
  });

  it('fails naming what it expected and what came', async function () {
    const failure = async (promise: Promise<unknown>) =>
      promise.then(
        () => expect.fail('should have failed'),
        (error: Error) => error.message,
      );
    expect(await failure(expectRejection(async () => 'fine', 'CA_ERR_AUTH'))).to.equal('expected an error with code CA_ERR_AUTH, but the call succeeded');
    expect(await failure(expectRejection(() => Promise.reject(new AuthError('bad token')), { code: 'CA_ERR_AUTH', kind: 'not-ready' }))).to.equal(
      'expected an error with code CA_ERR_AUTH and kind not-ready, got AuthError (code CA_ERR_AUTH, kind auth): bad token',
    );
    expect(await failure(expectRejection(() => Promise.reject(new Error('plain')), AuthError))).to.equal('expected a AuthError, got Error: plain');
  });
});
