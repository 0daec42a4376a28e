import { expect } from 'chai';
import { createConfigAjv } from '@clinic-arrivals/plugin-kit';
import { hostConfigSchema } from '../../core/config/config-schema.js';
import { validateCoreConfig, validatePluginOptions } from '../../core/config/validate.js';
import { definePlugin } from '@clinic-arrivals/plugin-kit';

const FILE = 'clinicarrivals.config.yaml';
const minimal = () => ({
  clinic: { name: 'Test Street Medical', timeZone: 'Australia/Melbourne' },
  pms: { use: 'pms-simulator' },
  sms: { use: 'sms-simulator' },
  inbox: { use: 'inbox-simulator' },
  video: { use: 'none' },
});
const check = (data: unknown, secretPaths?: Set<string>) => validateCoreConfig(data, { fileLabel: FILE, secretPaths });

describe('config: host schema', function () {
  it('is a valid draft-07 schema under ajv strict mode', function () {
    expect(() => createConfigAjv({ strict: true }).compile(hostConfigSchema())).to.not.throw();
  });

  it('says additionalProperties: false on every object whose keys are fixed', function () {
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, any>;
      if (schema.properties && schema.additionalProperties !== false) open.push(path);
      for (const [key, child] of Object.entries(schema)) walk(child, `${path}/${key}`);
    };
    walk(hostConfigSchema(), '#');
    expect(open).to.deep.equal([]);
  });

  it('fills in every default', function () {
    const data = minimal();
    const { value, problems } = check(data);
    expect(problems).to.deep.equal([]);
    expect(value).to.deep.equal({
      clinic: { name: 'Test Street Medical', timeZone: 'Australia/Melbourne', region: 'AU', locale: 'en-AU' },
      pms: { use: 'pms-simulator', options: {} },
      sms: { use: 'sms-simulator', options: {} },
      inbox: { use: 'inbox-simulator', options: {} },
      video: { use: 'none', options: {}, maxGuests: 2, verifyJoin: false, joinCodeMinutes: 15 },
      workflow: {
        registrationDaysAhead: 2,
        screeningMinutes: 180,
        videoInviteMinutes: 10,
        closeRoomsAfterMinutes: 60,
        inProgressStatus: 'fulfilled',
        cancellationMessages: false,
        quietHours: { start: '08:00', end: '20:00' },
        dailyCapPerNumber: 20,
        whitelist: [],
        keywords: { yes: [], no: [], arrived: [], joined: [], guest: [], code: [], refuseGuest: [], wait: [] },
        confirm: { ask: false, onNo: 'reception' },
        runningLate: { texts: false, thresholdMinutes: 15, stepMinutes: 15, maxTexts: 2, videoBeforeInvite: false, defaultConsultMinutes: 15 },
        pollSeconds: 10,
        upcomingPollSeconds: 60,
      },
      templates: {},
      practitioners: {},
      store: { use: 'sqlite', path: './data/clinic-arrivals.sqlite', poolMax: 10, retentionDays: 30 },
      api: { host: '127.0.0.1', port: 7171, signIn: 'auto', sessionIdleMinutes: 30, sessionMaxHours: 12, secureCookies: false },
      logging: { level: 'info', format: 'auto' },
      alerts: { afterMinutes: 10, includeDegraded: true, recoveredAfterMinutes: 5, rateLimitMinutes: 60 },
      health: { windowSeconds: 300 },
      demo: false,
    });
  });

  it('lists several problems at once, one line each', function () {
    const data: any = minimal();
    data.clinic = { name: 'X' };
    data.workflow = { quietHours: { start: '8am' }, pollSeconds: 'often', whitelist: ['0412 345 678'] };
    data.logging = { level: 'verbose' };
    data.sms = { use: 'sms-simulator', options: 'x' };
    delete data.inbox;
    const { value, problems } = check(data);
    expect(value).to.equal(undefined);
    expect(problems).to.have.members([
      'clinicarrivals.config.yaml: missing required key "inbox"',
      'clinicarrivals.config.yaml: clinic: missing required key "timeZone"',
      'clinicarrivals.config.yaml: workflow.quietHours.start: must be a 24-hour clinic-local time HH:MM, e.g. 08:00 (got "8am")',
      'clinicarrivals.config.yaml: workflow.pollSeconds: must be a whole number',
      'clinicarrivals.config.yaml: workflow.whitelist[0]: must be an E.164 number like +61412345678 (got "0412 345 678")',
      'clinicarrivals.config.yaml: logging.level: must be one of: "trace", "debug", "info", "warn", "error", "fatal", "silent" (got "verbose")',
      'clinicarrivals.config.yaml: sms.options: must be a mapping of keys to values',
    ]);
  });

  it('suggests the closest key for an unknown one and lists the allowed keys', function () {
    const data: any = minimal();
    data.workflow = { quietHour: { start: '09:00' } };
    data.clinc = {};
    const { problems } = check(data);
    expect(problems).to.include(
      'clinicarrivals.config.yaml: workflow.quietHour: unknown key "quietHour"; did you mean "quietHours"? (allowed keys: registrationDaysAhead, screeningMinutes, videoInviteMinutes, closeRoomsAfterMinutes, inProgressStatus, cancellationMessages, quietHours, dailyCapPerNumber, whitelist, adminNumber, keywords, keywordsByLanguage, confirm, runningLate, pollSeconds, upcomingPollSeconds)',
    );
    expect(problems.find((p) => p.includes('"clinc"'))).to.match(/unknown key "clinc"; did you mean "clinic"\?/);
  });

  it('checks that clinic.timeZone is a real IANA zone', function () {
    for (const zone of ['Australia/Sydney', 'Pacific/Auckland', 'UTC']) {
      const data: any = minimal();
      data.clinic.timeZone = zone;
      expect(check(data).problems, zone).to.deep.equal([]);
    }
    const data: any = minimal();
    data.clinic.timeZone = 'Australia/Melborne';
    expect(check(data).problems).to.deep.equal([
      'clinicarrivals.config.yaml: clinic.timeZone: must be an IANA time zone like Australia/Melbourne (got "Australia/Melborne")',
    ]);
  });

  it('accepts a non-loopback API host without a token (staff sign in there), and never prints a token', function () {
    const data: any = minimal();
    data.api = { host: '0.0.0.0' };
    expect(check(data).problems).to.deep.equal([]);
    const short: any = minimal();
    short.api = { host: '0.0.0.0', token: 'tiny-secret' };
    const problems = check(short).problems;
    expect(problems).to.deep.equal(['clinicarrivals.config.yaml: api.token: must be at least 16 characters long']);
  });

  it('rejects quiet hours that end before they start', function () {
    const data: any = minimal();
    data.workflow = { quietHours: { start: '21:00', end: '07:00' } };
    expect(check(data).problems).to.deep.equal([
      'clinicarrivals.config.yaml: workflow.quietHours: start (21:00) must be earlier than end (07:00); messages go out between the two',
    ]);
  });

  it('runs the engine keyword checks (carrier opt-out words are refused)', function () {
    const data: any = minimal();
    data.workflow = { keywords: { no: ['STOP'] } };
    const problems = check(data).problems;
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^clinicarrivals\.config\.yaml: workflow\.keywords\.no: .*opt-out/);
  });

  it("refuses a carrier opt-out word as the GUEST keyword, and a guest word that is another intent's", function () {
    const data: any = minimal();
    data.workflow = { keywords: { guest: ['Stop', 'yes'] } };
    expect(check(data).problems).to.deep.equal([
      'clinicarrivals.config.yaml: workflow.keywords.guest: "Stop" is a carrier opt-out word and cannot be a workflow keyword',
      'clinicarrivals.config.yaml: workflow.keywords.guest: "yes" is already a keyword for "yes"; a word can mean only one thing',
    ]);
  });

  it('takes video.maxGuests as a whole number from 0 (guests off)', function () {
    const zero: any = minimal();
    zero.video = { use: 'none', maxGuests: 0 };
    expect(check(zero).problems).to.deep.equal([]);
    const negative: any = minimal();
    negative.video = { use: 'none', maxGuests: -1 };
    expect(check(negative).problems).to.have.length(1);
    expect(check(negative).problems[0]).to.match(/^clinicarrivals\.config\.yaml: video\.maxGuests: /);
    const fraction: any = minimal();
    fraction.video = { use: 'none', maxGuests: 1.5 };
    expect(check(fraction).problems[0]).to.match(/video\.maxGuests/);
  });

  it('takes video.verifyJoin as a boolean and video.joinCodeMinutes from 5 to 60', function () {
    const on: any = minimal();
    on.video = { use: 'none', verifyJoin: true, joinCodeMinutes: 5 };
    expect(check(on).problems).to.deep.equal([]);
    const short: any = minimal();
    short.video = { use: 'none', joinCodeMinutes: 4 };
    expect(check(short).problems).to.have.length(1);
    expect(check(short).problems[0]).to.match(/^clinicarrivals\.config\.yaml: video\.joinCodeMinutes: /);
    const long: any = minimal();
    long.video = { use: 'none', joinCodeMinutes: 61 };
    expect(check(long).problems[0]).to.match(/video\.joinCodeMinutes/);
    const text: any = minimal();
    text.video = { use: 'none', verifyJoin: 'yes' };
    expect(check(text).problems[0]).to.match(/video\.verifyJoin/);
  });

  it('accepts an optional free-form proxy section', function () {
    const data: any = minimal();
    data.proxy = { url: 'https://proxy.example', anything: { goes: true } };
    expect(check(data).problems).to.deep.equal([]);
  });

  it('does not print values that came from the environment', function () {
    const data: any = minimal();
    data.logging = { level: 'from-env-value' };
    const problems = check(data, new Set(['logging.level'])).problems;
    expect(problems).to.deep.equal(['clinicarrivals.config.yaml: logging.level: must be one of: "trace", "debug", "info", "warn", "error", "fatal", "silent"']);
  });
});

describe('config: plugin options', function () {
  const plugin = definePlugin({
    manifest: { id: 'sms-acme', role: 'sms', hostApi: '^2' },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'apiKey'],
      properties: {
        from: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', 'x-message': 'must be an E.164 number, e.g. +61412345678' },
        apiKey: { type: 'string', pattern: '^ak_', 'x-secret': true },
        password: { type: 'string', minLength: 40 },
        region: { type: 'string', enum: ['au1', 'us1'], default: 'au1' },
        auth: {
          type: 'object',
          default: { type: 'none' },
          oneOf: [
            { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'none' } } },
            { type: 'object', additionalProperties: false, required: ['type', 'token'], properties: { type: { const: 'bearer' }, token: { type: 'string' } } },
          ],
        },
      },
    },
    create: () => ({ service: { send: async () => ({ providerId: 'x' }) } }),
  });
  const validate = (options: Record<string, unknown>) => validatePluginOptions(plugin, 'sms', options, { fileLabel: FILE });

  it('applies defaults and deep-freezes the result', function () {
    const input = { from: '+61400000000', apiKey: 'ak_123' };
    const { options, problems } = validate(input);
    expect(problems).to.deep.equal([]);
    expect(options).to.deep.equal({ from: '+61400000000', apiKey: 'ak_123', region: 'au1', auth: { type: 'none' } });
    expect(Object.isFrozen(options)).to.equal(true);
    expect(Object.isFrozen((options as any).auth)).to.equal(true);
    expect(input).to.not.have.property('region');
  });

  it('uses x-message, names role.options.key and the plugin id', function () {
    const { problems } = validate({ from: '0412345678', apiKey: 'ak_1', fro: 1 });
    expect(problems).to.have.members([
      'clinicarrivals.config.yaml: sms.options.fro: unknown key "fro"; did you mean "from"? (allowed keys: from, apiKey, password, region, auth) [sms-acme]',
      'clinicarrivals.config.yaml: sms.options.from: must be an E.164 number, e.g. +61412345678 (got "0412345678") [sms-acme]',
    ]);
  });

  it('never echoes secrets (x-secret or a secret-looking key name)', function () {
    const { problems } = validate({ from: '+61400000000', apiKey: 'sk_live_do_not_print', password: 'hunter2-do-not-print' });
    expect(problems).to.have.length(2);
    expect(problems.join('\n')).to.not.include('do_not_print').and.not.include('do-not-print');
    expect(problems).to.include('clinicarrivals.config.yaml: sms.options.apiKey: must start with "ak_" [sms-acme]');
  });

  it('reports a missing required option', function () {
    expect(validate({ from: '+61400000000' }).problems).to.deep.equal(['clinicarrivals.config.yaml: sms.options: missing required key "apiKey" [sms-acme]']);
  });

  it('reports the useful branch of a discriminated union, or the allowed discriminators', function () {
    expect(validate({ from: '+61400000000', apiKey: 'ak_1', auth: { type: 'bearer' } }).problems).to.deep.equal([
      'clinicarrivals.config.yaml: sms.options.auth: missing required key "token" [sms-acme]',
    ]);
    expect(validate({ from: '+61400000000', apiKey: 'ak_1', auth: { type: 'oauth' } }).problems).to.deep.equal([
      'clinicarrivals.config.yaml: sms.options.auth.type: must be one of: "none", "bearer" [sms-acme]',
    ]);
  });

  it('lets a union with its own x-message speak for all its branches', function () {
    const either = definePlugin({
      manifest: { id: 'either', role: 'sms', hostApi: '^2' },
      optionsSchema: {
        type: 'object',
        additionalProperties: false,
        properties: { from: { type: 'string' }, serviceId: { type: 'string' } },
        oneOf: [{ required: ['from'] }, { required: ['serviceId'] }],
        'x-message': 'set exactly one of from or serviceId',
      },
      create: () => ({ service: { send: async () => ({ providerId: 'x' }) } }),
    });
    const check = (options: Record<string, unknown>) => validatePluginOptions(either, 'sms', options, { fileLabel: FILE }).problems;
    expect(check({})).to.deep.equal(['clinicarrivals.config.yaml: sms.options: set exactly one of from or serviceId [either]']);
    expect(check({ from: 'a', serviceId: 'b' })).to.deep.equal(['clinicarrivals.config.yaml: sms.options: set exactly one of from or serviceId [either]']);
    expect(check({ from: 'a' })).to.deep.equal([]);
  });

  it('reports a plugin whose schema does not compile as one problem', function () {
    const broken = definePlugin({
      manifest: { id: 'broken', role: 'sms', hostApi: '^2' },
      // Not a JSON Schema type: cast past the compiler to reach the host's own check.
      optionsSchema: { type: 'object', properties: { a: { type: 'no-such-type' as 'string' } } },
      create: () => ({ service: { send: async () => ({ providerId: 'x' }) } }),
    });
    const { problems } = validatePluginOptions(broken, 'sms', {}, { fileLabel: FILE });
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^clinicarrivals\.config\.yaml: sms\.use: plugin "broken" has an invalid options schema/);
  });

  it('says in words what a pattern asks for, never just the regular expression', function () {
    const patterned = definePlugin({
      manifest: { id: 'patterned', role: 'pms', hostApi: '^2' },
      optionsSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          baseUrl: { type: 'string', pattern: '^https?://' },
          url: { type: 'string', pattern: '^https?://[^\\s?#]+$' },
          accountSid: { type: 'string', pattern: '^AC[0-9a-fA-F]{32}$' },
          odd: { type: 'string', pattern: '^[a-z]{3}$' },
        },
      },
      create: () => ({ service: {} as never }),
    });
    const { problems } = validatePluginOptions(
      patterned,
      'pms',
      { baseUrl: 'ftp://pms.example', url: 'https://x.example/?a', accountSid: 'AB1', odd: 'ABCD' },
      { fileLabel: FILE },
    );
    expect(problems).to.have.members([
      'clinicarrivals.config.yaml: pms.options.baseUrl: must start with http:// or https:// (got "ftp://pms.example") [patterned]',
      'clinicarrivals.config.yaml: pms.options.url: must be a web address starting with http:// or https://, without spaces, "?" or "#" (got "https://x.example/?a") [patterned]',
      'clinicarrivals.config.yaml: pms.options.accountSid: must be a Twilio Account SID: AC followed by 32 hexadecimal digits (got "AB1") [patterned]',
      'clinicarrivals.config.yaml: pms.options.odd: is not in the form this setting expects (it must match the regular expression ^[a-z]{3}$; see the plugin\'s README) (got "ABCD") [patterned]',
    ]);
  });

  it('lists the x-file values of valid options (inside a union too), for the loader to check', function () {
    const withKey = definePlugin({
      manifest: { id: 'with-key', role: 'pms', hostApi: '^2' },
      optionsSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          auth: {
            type: 'object',
            oneOf: [
              { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'none' } } },
              {
                type: 'object',
                additionalProperties: false,
                required: ['type'],
                properties: { type: { const: 'key' }, keyPath: { type: 'string', 'x-file': true } },
              },
            ],
          },
        },
      },
      create: () => ({ service: {} as never }),
    });
    const checked = validatePluginOptions(withKey, 'pms', { auth: { type: 'key', keyPath: 'keys/k.pem' } }, { fileLabel: FILE });
    expect(checked.problems).to.deep.equal([]);
    expect(checked.files).to.deep.equal([{ instancePath: '/auth/keyPath', value: 'keys/k.pem' }]);
    expect(validatePluginOptions(withKey, 'pms', { auth: { type: 'none' } }, { fileLabel: FILE }).files).to.deep.equal([]);
  });
});
