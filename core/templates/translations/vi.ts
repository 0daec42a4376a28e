// Needs review by a native speaker at the clinic before use.
import type { TemplateName } from '../../engine/decisions.js';

/*
 * Vietnamese (vi), addressing the patient as "quý vị" (polite, gender-free). Reply words are
 * the Vietnamese defaults (CÓ, KHÔNG, ĐÃ ĐẾN, ĐÃ VÀO, MÃ, KHÔNG KHÁCH). The day words a reply
 * may name (WhichAppointment) are hôm nay and ngày mai, in lower case: they are not reply words.
 */

/** "…gọi lễ tân số 02 9999 9999", reading well without a clinic phone. */
const CALL_RECEPTION = 'gọi lễ tân{% if clinic.phone %} số {{ clinic.phone }}{% endif %}';

export const VI_TEMPLATES: Readonly<Partial<Record<TemplateName, string>>> = Object.freeze({
  Registration:
    'Chào {{ Patient.firstName }}, lịch hẹn: {{ Practitioner.name }}, {{ clinic.name }}, {{ Appointment.start.time }}' +
    ' {{ Appointment.start.date }}. Hôm đó sẽ nhắn lại.',
  ConsiderTeleHealth:
    'Chào {{ Patient.firstName }}, về hẹn lúc {{ Appointment.start.time }} với {{ Practitioner.name }}: trả lời CÓ để khám' +
    ' qua video tại nhà, hoặc KHÔNG để đến phòng khám.',
  CantConsiderTeleHealth:
    'Chào {{ Patient.firstName }}, về hẹn lúc {{ Appointment.start.time }} với {{ Practitioner.name }}: xin trả lời ĐÃ ĐẾN' +
    ' khi quý vị ở bãi đỗ xe hoặc phòng chờ.',
  VideoWelcome:
    'Chào {{ Patient.firstName }}, hẹn lúc {{ Appointment.start.time }} với {{ Practitioner.name }} là khám qua video.' +
    ' Chúng tôi sẽ gửi link vài phút trước giờ khám.',
  ScreeningYesToVideo: 'Cảm ơn. Quý vị sẽ khám qua video với {{ Practitioner.name }}. Chúng tôi sẽ gửi link vài phút trước {{ Appointment.start.time }}.',
  ScreeningNoToVideo: 'Cảm ơn. Xin mời đến khám lúc {{ Appointment.start.time }} với {{ Practitioner.name }}, và trả lời ĐÃ ĐẾN khi tới nơi.',
  ScreeningDontUnderstand: `Xin lỗi, chúng tôi chưa hiểu. Xin trả lời CÓ để khám qua video, KHÔNG để đến phòng khám, hoặc ${CALL_RECEPTION}.`,
  VideoInvite: 'Buổi khám qua video với {{ Practitioner.name }} đã sẵn sàng:\n{{ url }}\nXin trả lời ĐÃ VÀO khi đã vào.',
  VideoThanks: 'Cảm ơn. {{ Practitioner.name }} sẽ gặp quý vị ngay. Xin để video mở.',
  VideoDontUnderstand: `Xin lỗi, chúng tôi chưa hiểu. Xin trả lời ĐÃ VÀO khi đã vào buổi khám qua video, hoặc ${CALL_RECEPTION}.`,
  ArrivedThanks: 'Cảm ơn {{ Patient.firstName }}. Chúng tôi sẽ nhắn tin khi {{ Practitioner.name }} sẵn sàng gặp quý vị.',
  ArrivingDontUnderstand: `Xin lỗi, chúng tôi chưa hiểu. Xin trả lời ĐÃ ĐẾN khi tới nơi, hoặc ${CALL_RECEPTION}.`,
  DoctorReady: '{{ Practitioner.name }} đã sẵn sàng gặp quý vị. Xin mời đến {{ room }}.',
  DoctorReadyVideo: '{{ Practitioner.name }} đã sẵn sàng gặp quý vị. Xin vào buổi khám qua video:\n{{ url }}',
  UnknownPhone: `{{ clinic.name }}: xin lỗi, chúng tôi không tìm thấy lịch hẹn nào cho số này. Xin ${CALL_RECEPTION}.`,
  TooManyAppointments: `{{ clinic.name }}: quý vị có nhiều lịch hẹn nên chúng tôi không biết là hẹn nào. Xin ${CALL_RECEPTION}.`,
  Unexpected: `{{ clinic.name }}: xin lỗi, lúc này chúng tôi không chờ tin nhắn của quý vị. Xin ${CALL_RECEPTION}.`,
  Cancellation:
    'Chào {{ Patient.firstName }}, đã hủy hẹn với {{ Practitioner.name }}, {{ Appointment.start.time }} {{ Appointment.start.date }}.' +
    ` Để đặt lại, xin ${CALL_RECEPTION}.`,
  GuestLink: 'Link để khách của quý vị vào khám qua video. Chỉ gửi cho người đó:\n{{ url }}\nChỉ dùng cho lần khám này.',
  GuestNoVideo: `Xin lỗi, chỉ gửi được link cho khách sau khi đã gửi link khám qua video cho quý vị. Cần giúp, xin ${CALL_RECEPTION}.`,
  GuestLimit: `Xin lỗi, buổi khám qua video này không thể thêm khách nữa. Cần giúp, xin ${CALL_RECEPTION}.`,
  GuestUnavailable: `Xin lỗi, hiện {{ clinic.name }} chưa thể thêm khách vào buổi khám qua video. Cần giúp, xin ${CALL_RECEPTION}.`,
  JoinCode: 'Mã khám qua video của quý vị: {{ code }}. Nhập mã vào trang mà link mở ra. Mã dùng được {{ minutes }} phút.' + ' Trả lời MÃ để nhận mã mới.',
  JoinCodeLimit: `Xin lỗi, chúng tôi không thể gửi thêm mã cho buổi khám qua video này. Xin ${CALL_RECEPTION}.`,
  JoinCodeNone: `Xin lỗi, hiện không có mã khám qua video nào để gửi quý vị. Cần giúp, xin ${CALL_RECEPTION}.`,
  GuestBooked: 'Quý vị được mời vào buổi khám qua video tại {{ clinic.name }} với tên {{ guestName }}:\n{{ url }}',
  GuestAdded: '{{ guestName }} ({{ guestKind }}) sẽ vào buổi khám qua video của quý vị. Nếu không muốn, xin trả lời KHÔNG KHÁCH.',
  GuestRefused: `Cảm ơn. {{ guestNames }} sẽ không vào buổi khám. Cần giúp, xin ${CALL_RECEPTION}.`,
  GuestNoneToRefuse: `Phòng khám chưa thêm ai vào buổi khám qua video của quý vị, nên không có gì thay đổi. Cần giúp, xin ${CALL_RECEPTION}.`,
  RegistrationConfirm:
    'Chào {{ Patient.firstName }}, quý vị có hẹn tại {{ clinic.name }} lúc {{ Appointment.start.time }} {{ Appointment.start.date }}.' +
    ' Trả lời CÓ để xác nhận, KHÔNG nếu không đến.',
  ConfirmThanks: 'Cảm ơn {{ Patient.firstName }}. Đã xác nhận hẹn lúc {{ Appointment.start.time }} {{ Appointment.start.date }}. Hôm đó sẽ nhắn lại.',
  CancelRequested:
    'Cảm ơn {{ Patient.firstName }}. Lễ tân sẽ hủy hẹn lúc {{ Appointment.start.time }} {{ Appointment.start.date }} và nhắn tin' +
    ` cho quý vị. Để đặt lại, xin ${CALL_RECEPTION}.`,
  ConfirmDontUnderstand:
    'Xin lỗi, chúng tôi chưa hiểu. Hẹn {{ Appointment.start.time }} {{ Appointment.start.date }}: trả lời CÓ nếu đến, KHÔNG' +
    ` nếu không, hoặc ${CALL_RECEPTION}.`,
  WhichAppointment: '{{ clinic.name }}: hẹn nào ({{ choices }})? Trả lời như: CÓ hôm nay, KHÔNG ngày mai.',
  RunningLate: '{{ Practitioner.name }} đang trễ khoảng {{ delay }} phút. Dự kiến quý vị được khám lúc khoảng {{ estimate }}.' + ' Xin lỗi đã để quý vị chờ.',
  WaitEstimate: '{{ Practitioner.name }} đang trễ khoảng {{ delay }} phút. Dự kiến quý vị được khám lúc khoảng {{ estimate }}.',
  WaitOnTime: '{{ Practitioner.name }} đang đúng giờ. Dự kiến quý vị được khám lúc khoảng {{ estimate }}.',
  StaffReply: '{{ clinic.name }}: {{ text }}',
  Help: `{{ clinic.name }}: tin nhắn về lịch hẹn. Cần giúp, xin ${CALL_RECEPTION}. Trả lời STOP để ngừng nhận tin.`,
});
