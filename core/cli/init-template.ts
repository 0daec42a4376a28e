import { systemTimeZone } from '../config/default-config.js';
import { DEFAULT_CHOICES, type WorkflowChoices } from './init-choices.js';

/** What `clinic-arrivals init` writes. */
export interface InitTemplateOptions extends Partial<WorkflowChoices> {
  /** Real services (FHIR PMS, Twilio, reply proxy, OpenVidu) instead of simulators. */
  real: boolean;
  /** @default this machine's time zone */
  timeZone?: string;
  /** @default AU */
  region?: string;
  /** @default en-AU */
  locale?: string;
}

/** A commented `clinicarrivals.config.yaml` that passes `check-config` as written (real: once its env vars are set). */
export function initConfigText(options: InitTemplateOptions): string {
  const timeZone = options.timeZone ?? systemTimeZone();
  return [
    header(options.real),
    clinic(timeZone, options.region ?? 'AU', options.locale ?? 'en-AU'),
    options.real ? realPlugins() : simulatorPlugins(),
    common(options.real, { ...DEFAULT_CHOICES, ...definedOnly(options) }),
  ].join('\n');
}

/** The choices given, leaving out keys that are present but undefined (they take the default). */
function definedOnly(options: Partial<WorkflowChoices>): Partial<WorkflowChoices> {
  const { confirm, onNo, runningLateTexts } = options;
  return {
    ...(confirm === undefined ? {} : { confirm }),
    ...(onNo === undefined ? {} : { onNo }),
    ...(runningLateTexts === undefined ? {} : { runningLateTexts }),
  };
}

function header(real: boolean): string {
  return `# clinic-arrivals configuration, written by \`clinic-arrivals init${real ? ' --real' : ''}\`.
# Check it with \`clinic-arrivals check-config\`; start with \`clinic-arrivals start\`.
#
# Any value may read an environment variable: \${NAME}, or \${NAME:-fallback}.
# Write $\${ for a literal \${. Keep secrets in the environment, not in this file.
# Relative paths (plugins, the store) are relative to this file's folder.
`;
}

function clinic(timeZone: string, region: string, locale: string): string {
  return `clinic:
  name: My Clinic                # shown in texts
  # phone: "+61390000000"        # shown in texts that ask patients to call
  timeZone: ${timeZone}${' '.repeat(Math.max(1, 21 - timeZone.length))}# IANA zone of the clinic, e.g. Australia/Melbourne
  region: ${region}${' '.repeat(Math.max(1, 23 - region.length))}# how local mobile numbers are read (0412 345 678 → +61412345678)
  locale: ${locale}${' '.repeat(Math.max(1, 23 - locale.length))}# how dates are written in texts
`;
}

function simulatorPlugins(): string {
  return `# Each role is filled by a plugin: a built-in name, a path starting with ./ or /,
# or an npm package installed next to this file. These simulators need no outside service:
# appointments, replies and video joins are driven through the local API.
pms:
  use: pms-simulator             # real PMS: pms-fhir-r4 (see \`clinic-arrivals init --real\`)
sms:
  use: sms-simulator             # records texts instead of sending them; real: sms-twilio
inbox:
  use: inbox-simulator           # replies injected through the local API; real: proxy-default
video:
  use: video-simulator           # real: video-openvidu or video-jitsi; none turns video off
  maxGuests: 2                   # guests a patient may invite by replying GUEST; 0 turns guests off
  verifyJoin: false              # true: the video link asks for a code texted to the patient (needs proxy-default)
  joinCodeMinutes: 15            # with verifyJoin: how long a code works; the patient replies CODE for a new one
`;
}

function realPlugins(): string {
  return `# Each role is filled by a plugin: a built-in name, a path starting with ./ or /,
# or an npm package installed next to this file. Secrets come from the environment.
pms:
  use: pms-fhir-r4
  options:
    baseUrl: \${FHIR_BASE_URL}     # e.g. https://pms.example/fhir/R4
    auth:
      type: bearer               # or none, basic, smart-backend
      token: \${FHIR_TOKEN}
sms:
  use: sms-twilio
  options:
    accountSid: \${TWILIO_ACCOUNT_SID}
    authToken: \${TWILIO_AUTH_TOKEN}
    from: \${TWILIO_FROM}          # the clinic's Twilio number, E.164 (+61…)
inbox:
  use: proxy-default             # replies arrive through the reply proxy (clinic-arrivals proxy)
  options:
    url: \${PROXY_URL}            # the proxy's public https URL
    accountSid: \${TWILIO_ACCOUNT_SID}
    clientKey: \${PROXY_CLIENT_KEY}   # this clinic's client key; the proxy stores only its hash
video:
  use: video-openvidu            # or video-jitsi; none turns video off
  maxGuests: 2                   # guests a patient may invite by replying GUEST; 0 turns guests off
  verifyJoin: false              # true: the video link asks for a code texted to the patient (needs proxy-default)
  joinCodeMinutes: 15            # with verifyJoin: how long a code works; the patient replies CODE for a new one
  options:
    url: \${OPENVIDU_URL}         # scheme, host and port, e.g. https://openvidu.example.org
    secret: \${OPENVIDU_SECRET}
    joinPageUrl: \${OPENVIDU_JOIN_PAGE_URL}   # the join page the reply proxy serves
`;
}

/** `key: value` (indented by 4) and a comment in the template's comment column, as the lines around it. */
function commented(key: string, value: string | boolean, comment: string): string {
  const line = `${key}: ${value}`;
  return `${line}${' '.repeat(Math.max(1, 29 - line.length))}# ${comment}`;
}

function common(real: boolean, choices: WorkflowChoices): string {
  return `workflow:
  registrationDaysAhead: 2       # registration text this many days before the appointment
  screeningMinutes: 180          # screening text ("reply YES for video / NO to come in") before the start
  videoInviteMinutes: 10         # video link this many minutes before a video consult
  closeRoomsAfterMinutes: 60     # video rooms are closed this long after the appointment's end
  inProgressStatus: fulfilled    # PMS status that means "the doctor is ready"
  cancellationMessages: false
  confirm:                       # confirm or cancel by reply to the registration text
    ${commented('ask', choices.confirm, 'true: it asks YES to confirm, or NO if they cannot come (once)')}
    ${commented('onNo', choices.onNo, 'a NO: reception (an inbox item with a one-click cancel; nothing changes')}
                                 #   until reception acts) or cancel (cancelled in the PMS with reason "pat",
                                 #   and the patient gets the cancellation text)
  runningLate:                   # the wait estimate per practitioner (shown in the app either way)
    ${commented('texts', choices.runningLateTexts, 'true: arrived and soon-due patients get a text when their practitioner runs late')}
    thresholdMinutes: 15         # the first text once a patient's estimate is this late
    stepMinutes: 15              # another only when the delay grows by this much more
    maxTexts: 2                  # running-late texts per appointment at most
    videoBeforeInvite: false     # true: also text video patients whose link has not gone out yet
    defaultConsultMinutes: 15    # consult length assumed until today's consults can be measured
  quietHours:                    # non-urgent texts only between these clinic-local times
    start: "08:00"
    end: "20:00"
  dailyCapPerNumber: 20
  whitelist: []                  # test mode: when not empty, only these numbers (E.164) get texts
  # adminNumber: "+61400000000"  # gets a text when the host starts and stops, and alerts
  keywords:                      # extra reply words, added to the built-in ones
    yes: []
    no: []
    arrived: []
    joined: []
    guest: []                    # GUEST (built in) texts a patient in a video consult a link for a guest
    code: []                     # CODE (built in) texts a new join code (with video.verifyJoin)
    refuseGuest: []              # NO GUEST (built in) removes the guests reception booked
    wait: []                     # WAIT or "how long?" (built in) gets the current wait estimate
  # keywordsByLanguage:          # extra reply words for one language's patients (BCP 47 tag), on top of
  #   uk:                        #   the built-in lists (es, vi, zh-Hans, ar) and English, which every
  #     yes: ["так"]             #   language falls back to
  #     no: ["ні"]
  pollSeconds: 10
  upcomingPollSeconds: 60

templates: {}                    # text overrides by template name (Liquid)

practitioners: {}                # settings by the PMS's practitioner id, applied from the first poll:
#  "1234":                       #   the id as the PMS gives it (GET /api/practitioners lists them)
#    room: room 7                #   shown in the "doctor is ready" text
#    ignore: true                #   never text this practitioner's patients
#    noVideo: true               #   never offer video
# (starting values: a change made in the app wins and is kept in the store)

store:
  path: ./data/clinic-arrivals.sqlite
  retentionDays: 30              # message texts are deleted after this many days

api:
  host: 127.0.0.1                # elsewhere staff sign in (clinic-arrivals users add NAME); machines use token: \${CLINIC_ARRIVALS_API_TOKEN}
  port: 7171

logging:
  level: info                    # trace, debug, info, warn, error, fatal or silent (LOG_LEVEL wins)
  # format: auto                 # auto (readable on a terminal, JSON otherwise), json or pretty
  # file: { path: ./logs/clinic-arrivals.log, size: 10m, keep: 10 }   # also a rotated log file

health:
  windowSeconds: 300             # a plugin is degraded/down by its calls over this many recent seconds

alerts:                          # one text to workflow.adminNumber when texting or the PMS keeps failing
  afterMinutes: 10               # ... for this long; one "works again" message after recovery
  # email:                       # also by email (it still gets out when texting is what fails)
  #   to: practice-manager@clinic.example
  #   from: clinic-arrivals@clinic.example
  #   smtp: { host: mail.clinic.example, port: 587, user: clinic-arrivals, password: "\${SMTP_PASSWORD}" }

demo: ${real ? 'false' : 'true'}${real ? '' : '                     # seed the simulator with a demo day'}
`;
}
