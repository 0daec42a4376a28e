// Needs review by a native speaker at the clinic before use.
import type { TemplateName } from '../../engine/decisions.js';

/*
 * Arabic (ar), Modern Standard Arabic, right to left. Reply words are the Arabic defaults,
 * quoted «نعم» «لا» «وصلت» «دخلت» «رمز» «بدون ضيف»; the day words a reply may name
 * (WhichAppointment), اليوم and غدا, are not quoted: they are not reply words. Wording avoids
 * gendered verbs for the practitioner and guests where it can ("بإمكان … استقبالك", "هناك تأخير
 * لدى …"). No direction marks: the names, numbers and links the variables print are laid out by
 * the phone's own bidi rules.
 */

/** "…الاتصال بالاستقبال على 02 9999 9999", reading well without a clinic phone. */
const CALL_RECEPTION = 'الاتصال بالاستقبال{% if clinic.phone %} على {{ clinic.phone }}{% endif %}';

/** The same, shorter ("…اتصل بنا على …"), where the longest names leave no room for more. */
const CALL_US = 'اتصل بنا{% if clinic.phone %} على {{ clinic.phone }}{% endif %}';

export const AR_TEMPLATES: Readonly<Partial<Record<TemplateName, string>>> = Object.freeze({
  Registration:
    'مرحبًا {{ Patient.firstName }}، موعدك في {{ clinic.name }} مع {{ Practitioner.name }} {{ Appointment.start.date }}،' +
    ' {{ Appointment.start.time }}. سنراسلك يومها.',
  ConsiderTeleHealth:
    'مرحبًا {{ Patient.firstName }}، موعدك الساعة {{ Appointment.start.time }} مع {{ Practitioner.name }}:' +
    ' يرجى إرسال «نعم» لاستشارة بالفيديو من المنزل، أو «لا» للحضور.',
  CantConsiderTeleHealth:
    'مرحبًا {{ Patient.firstName }}، موعدك الساعة {{ Appointment.start.time }} مع {{ Practitioner.name }}:' +
    ' يرجى إرسال «وصلت» عندما تكون في موقف السيارات أو غرفة الانتظار.',
  VideoWelcome:
    'مرحبًا {{ Patient.firstName }}، موعدك الساعة {{ Appointment.start.time }} مع {{ Practitioner.name }} استشارة بالفيديو.' +
    ' سنرسل لك الرابط قبل بدئها ببضع دقائق.',
  ScreeningYesToVideo: 'شكرًا. سيكون موعدك مع {{ Practitioner.name }} استشارة بالفيديو. سنرسل لك الرابط قبل الساعة {{ Appointment.start.time }} ببضع دقائق.',
  ScreeningNoToVideo: 'شكرًا. يرجى الحضور لموعدك الساعة {{ Appointment.start.time }} مع {{ Practitioner.name }}، وإرسال «وصلت» عند وصولك.',
  ScreeningDontUnderstand: `عذرًا، لم نفهم ردك. يرجى إرسال «نعم» لاستشارة بالفيديو أو «لا» للحضور، أو ${CALL_RECEPTION}.`,
  VideoInvite: 'استشارتك بالفيديو مع {{ Practitioner.name }} جاهزة للدخول:\n{{ url }}\nيرجى إرسال «دخلت» بعد الدخول.',
  VideoThanks: 'شكرًا. ستبدأ الاستشارة مع {{ Practitioner.name }} قريبًا. يرجى إبقاء الفيديو مفتوحًا.',
  VideoDontUnderstand: `عذرًا، لم نفهم ردك. يرجى إرسال «دخلت» بعد دخول الاستشارة بالفيديو، أو ${CALL_RECEPTION}.`,
  ArrivedThanks: 'شكرًا {{ Patient.firstName }}. سنراسلك عندما يصبح بإمكان {{ Practitioner.name }} استقبالك.',
  ArrivingDontUnderstand: `عذرًا، لم نفهم ردك. يرجى إرسال «وصلت» عند وصولك، أو ${CALL_RECEPTION}.`,
  DoctorReady: 'بإمكان {{ Practitioner.name }} استقبالك الآن. يرجى التوجه إلى {{ room }}.',
  DoctorReadyVideo: 'بإمكان {{ Practitioner.name }} استقبالك الآن. يرجى الدخول إلى استشارتك بالفيديو:\n{{ url }}',
  UnknownPhone: `{{ clinic.name }}: عذرًا، لم نجد موعدًا لهذا الرقم. يرجى ${CALL_RECEPTION}.`,
  TooManyAppointments: `{{ clinic.name }}: لديك أكثر من موعد لدينا، فلم نعرف أيها تقصد. يرجى ${CALL_RECEPTION}.`,
  Unexpected: `{{ clinic.name }}: عذرًا، لم نكن ننتظر رسالة منك الآن. يرجى ${CALL_RECEPTION}.`,
  Cancellation:
    'مرحبًا {{ Patient.firstName }}، أُلغي موعدك مع {{ Practitioner.name }} {{ Appointment.start.date }}،' +
    ` {{ Appointment.start.time }}. للحجز مجددًا، ${CALL_US}.`,
  GuestLink: 'هذا رابط لضيفك للانضمام إلى استشارتك بالفيديو. يرجى إرساله إليه وحده:\n{{ url }}\nيصلح لهذه الاستشارة فقط.',
  GuestNoVideo: `عذرًا، لا نستطيع إرسال رابط لضيف إلا بعد إرسال رابط استشارتك بالفيديو. للمساعدة، يرجى ${CALL_RECEPTION}.`,
  GuestLimit: `عذرًا، لا يمكن انضمام ضيوف آخرين إلى هذه الاستشارة بالفيديو. للمساعدة، يرجى ${CALL_RECEPTION}.`,
  GuestUnavailable: `عذرًا، لا يمكن حاليًا إضافة ضيوف لاستشارات الفيديو في {{ clinic.name }}. للمساعدة، يرجى ${CALL_RECEPTION}.`,
  JoinCode: 'رمز استشارتك بالفيديو: {{ code }}. أدخله في الصفحة التي يفتحها الرابط. صالح لمدة {{ minutes }} دقيقة.' + ' للحصول على رمز جديد، يرجى إرسال «رمز».',
  JoinCodeLimit: `عذرًا، لا نستطيع إرسال رموز أخرى لهذه الاستشارة بالفيديو. يرجى ${CALL_RECEPTION}.`,
  JoinCodeNone: `عذرًا، لا يوجد حاليًا رمز استشارة بالفيديو لإرساله إليك. للمساعدة، يرجى ${CALL_RECEPTION}.`,
  GuestBooked: 'ندعوك إلى استشارة بالفيديو في {{ clinic.name }} باسم {{ guestName }}:\n{{ url }}',
  GuestAdded: 'أضافت العيادة {{ guestName }} ({{ guestKind }}) إلى استشارتك بالفيديو. إن كنت لا تريد ذلك، يرجى إرسال «بدون ضيف».',
  GuestRefused: `شكرًا. ألغينا دعوة {{ guestNames }}. للمساعدة، يرجى ${CALL_RECEPTION}.`,
  GuestNoneToRefuse: `لم تضف العيادة أحدًا إلى استشارتك بالفيديو، فلم يتغير شيء. للمساعدة، يرجى ${CALL_RECEPTION}.`,
  RegistrationConfirm:
    'مرحبًا {{ Patient.firstName }}، موعدك في {{ clinic.name }} {{ Appointment.start.date }}، {{ Appointment.start.time }}.' +
    ' للتأكيد أرسل «نعم»، أو «لا» إن تعذر حضورك.',
  ConfirmThanks: 'شكرًا {{ Patient.firstName }}. تم تأكيد موعدك {{ Appointment.start.date }}، {{ Appointment.start.time }}. سنراسلك يومها.',
  CancelRequested:
    'شكرًا {{ Patient.firstName }}. سيلغي الاستقبال موعدك {{ Appointment.start.date }}، {{ Appointment.start.time }} ويراسلك.' + ` للحجز مجددًا، ${CALL_US}.`,
  ConfirmDontUnderstand:
    'عذرًا، لم نفهم ردك. موعدك {{ Appointment.start.date }}، {{ Appointment.start.time }}: أرسل «نعم» للتأكيد أو «لا» إن تعذر' + ` حضورك، أو ${CALL_US}.`,
  WhichAppointment: '{{ clinic.name }}: أي موعد ({{ choices }})؟ أرسل مثلًا «نعم» اليوم أو «لا» غدا.',
  RunningLate: 'هناك تأخير لدى {{ Practitioner.name }} بنحو {{ delay }} دقيقة. نتوقع استقبالك نحو الساعة {{ estimate }}.' + ' نعتذر عن الانتظار.',
  WaitEstimate: 'هناك تأخير لدى {{ Practitioner.name }} بنحو {{ delay }} دقيقة. نتوقع استقبالك نحو الساعة {{ estimate }}.',
  WaitOnTime: 'لا تأخير لدى {{ Practitioner.name }}. نتوقع استقبالك نحو الساعة {{ estimate }}.',
  StaffReply: '{{ clinic.name }}: {{ text }}',
  Help: `رسائل مواعيد {{ clinic.name }}. للمساعدة، يرجى ${CALL_RECEPTION}. أرسل STOP لإيقاف هذه الرسائل.`,
});
