// Needs review by a native speaker at the clinic before use.
import type { TemplateName } from '../../engine/decisions.js';

/*
 * Simplified Chinese (zh-Hans), polite "您". Reply words are the Chinese defaults, quoted as
 * 「是」「否」「到了」「已加入」「验证码」「不要客人」 so that they stand out without capitals. The day
 * words a reply may name (WhichAppointment), 今天 and 明天, are not quoted: they are not reply words.
 */

/** "…致电前台（02 9999 9999）", reading well without a clinic phone. */
const CALL_RECEPTION = '致电前台{% if clinic.phone %}（{{ clinic.phone }}）{% endif %}';

export const ZH_HANS_TEMPLATES: Readonly<Partial<Record<TemplateName, string>>> = Object.freeze({
  Registration:
    '{{ Patient.firstName }}您好，您已预约{{ clinic.name }}的{{ Practitioner.name }}，时间：{{ Appointment.start.date }}' +
    ' {{ Appointment.start.time }}。就诊当天我们会再发短信给您。',
  ConsiderTeleHealth:
    '{{ Patient.firstName }}您好，关于您{{ Appointment.start.time }}与{{ Practitioner.name }}的预约：' + '在家视频问诊请回复「是」，来诊所就诊请回复「否」。',
  CantConsiderTeleHealth:
    '{{ Patient.firstName }}您好，关于您{{ Appointment.start.time }}与{{ Practitioner.name }}的预约：' + '到达停车场或候诊室后，请回复「到了」。',
  VideoWelcome: '{{ Patient.firstName }}您好，您{{ Appointment.start.time }}与{{ Practitioner.name }}的预约是视频问诊。' + '开始前几分钟我们会把链接发给您。',
  ScreeningYesToVideo: '谢谢。您与{{ Practitioner.name }}的预约将以视频问诊进行。我们会在{{ Appointment.start.time }}前几分钟把链接发给您。',
  ScreeningNoToVideo: '谢谢。请来诊所参加{{ Appointment.start.time }}与{{ Practitioner.name }}的预约，到达后请回复「到了」。',
  ScreeningDontUnderstand: `抱歉，我们没有看懂。视频问诊请回复「是」，来诊所请回复「否」，或请${CALL_RECEPTION}。`,
  VideoInvite: '您与{{ Practitioner.name }}的视频问诊现在可以进入了：\n{{ url }}\n进入后请回复「已加入」。',
  VideoThanks: '谢谢。{{ Practitioner.name }}很快就会为您看诊，请保持视频开启。',
  VideoDontUnderstand: `抱歉，我们没有看懂。进入视频问诊后请回复「已加入」，或请${CALL_RECEPTION}。`,
  ArrivedThanks: '谢谢，{{ Patient.firstName }}。{{ Practitioner.name }}准备好后我们会发短信通知您。',
  ArrivingDontUnderstand: `抱歉，我们没有看懂。到达后请回复「到了」，或请${CALL_RECEPTION}。`,
  DoctorReady: '{{ Practitioner.name }}现在可以为您看诊了，请到{{ room }}。',
  DoctorReadyVideo: '{{ Practitioner.name }}现在可以为您看诊了，请进入视频问诊：\n{{ url }}',
  UnknownPhone: `{{ clinic.name }}：抱歉，我们找不到这个号码的预约。请${CALL_RECEPTION}。`,
  TooManyAppointments: `{{ clinic.name }}：您在我们这里有不止一个预约，我们无法确定您指的是哪一个。请${CALL_RECEPTION}。`,
  Unexpected: `{{ clinic.name }}：抱歉，我们现在没有在等您的短信。请${CALL_RECEPTION}。`,
  Cancellation:
    '{{ Patient.firstName }}您好，您{{ Appointment.start.date }} {{ Appointment.start.time }}与{{ Practitioner.name }}的预约已取消。' +
    `如需重新预约，请${CALL_RECEPTION}。`,
  GuestLink: '这是供您的客人进入视频问诊的链接，请只转发给这位客人：\n{{ url }}\n此链接仅限本次问诊使用。',
  GuestNoVideo: `抱歉，要先发出您的视频问诊链接，我们才能发送客人的链接。如需帮助，请${CALL_RECEPTION}。`,
  GuestLimit: `抱歉，本次视频问诊不能再加入更多客人。如需帮助，请${CALL_RECEPTION}。`,
  GuestUnavailable: `抱歉，{{ clinic.name }}目前无法在视频问诊中添加客人。如需帮助，请${CALL_RECEPTION}。`,
  JoinCode: '您的视频问诊验证码：{{ code }}。请在链接打开的页面输入。{{ minutes }}分钟内有效。如需新的验证码，请回复「验证码」。',
  JoinCodeLimit: `抱歉，我们无法再为本次视频问诊发送验证码。请${CALL_RECEPTION}。`,
  JoinCodeNone: `抱歉，目前没有可以发给您的视频问诊验证码。如需帮助，请${CALL_RECEPTION}。`,
  GuestBooked: '您受邀以“{{ guestName }}”的身份参加{{ clinic.name }}的视频问诊：\n{{ url }}',
  GuestAdded: '{{ guestName }}（{{ guestKind }}）将加入您的视频问诊。如您不同意，请回复「不要客人」。',
  GuestRefused: `谢谢。{{ guestNames }}不会加入您的视频问诊。如需帮助，请${CALL_RECEPTION}。`,
  GuestNoneToRefuse: `诊所没有为您的视频问诊添加任何人，所以一切不变。如需帮助，请${CALL_RECEPTION}。`,
  RegistrationConfirm:
    '{{ Patient.firstName }}您好，您在{{ clinic.name }}的预约时间为{{ Appointment.start.date }} {{ Appointment.start.time }}。' +
    '确认请回复「是」，不能来请回复「否」。',
  ConfirmThanks: '谢谢，{{ Patient.firstName }}。您{{ Appointment.start.date }} {{ Appointment.start.time }}的预约已确认。就诊当天我们会再发短信给您。',
  CancelRequested:
    '谢谢，{{ Patient.firstName }}。前台将取消您{{ Appointment.start.date }} {{ Appointment.start.time }}的预约，并发短信通知您。' +
    `如需重新预约，请${CALL_RECEPTION}。`,
  ConfirmDontUnderstand:
    '抱歉，我们没有看懂。关于您{{ Appointment.start.date }} {{ Appointment.start.time }}的预约：确认请回复「是」，不能来请回复「否」，' +
    `或请${CALL_RECEPTION}。`,
  WhichAppointment: '{{ clinic.name }}：您指的是哪个预约（{{ choices }}）？请再次回复「是」或「否」并加上今天或明天，例如：是 今天。',
  RunningLate: '{{ Practitioner.name }}目前约延误{{ delay }}分钟，预计约{{ estimate }}为您看诊。抱歉让您久等。',
  WaitEstimate: '{{ Practitioner.name }}目前约延误{{ delay }}分钟，预计约{{ estimate }}为您看诊。',
  WaitOnTime: '{{ Practitioner.name }}目前没有延误，预计约{{ estimate }}为您看诊。',
  // A plain colon: the staff's own words may be in any script, and stay GSM-7 when they can.
  StaffReply: '{{ clinic.name }}: {{ text }}',
  Help: `{{ clinic.name }}预约短信。如需帮助，请${CALL_RECEPTION}。回复STOP可停止接收短信。`,
});
