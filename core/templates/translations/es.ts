// Needs review by a native speaker at the clinic before use.
import type { TemplateName } from '../../engine/decisions.js';

/*
 * Spanish (es), formal "usted". Reply words are the Spanish defaults (SI, NO, LLEGUÉ, DENTRO,
 * CÓDIGO, SIN INVITADO). Where a natural word allows, the texts avoid á, í, ó and ú (é and ñ
 * are GSM characters), so that most travel as GSM-7, 160 characters a segment rather than 70:
 * "consultorio" rather than "recepción", for one. So the yes word is written SI: Í is not a
 * GSM character, and the reply is read without accents anyway (SÍ, Sí and si all mean yes).
 * The day words a reply may name (WhichAppointment) are hoy and mañana.
 */

/** "…llame al consultorio al 02 9999 9999", reading well without a clinic phone. */
const CALL_RECEPTION = 'llame al consultorio{% if clinic.phone %} al {{ clinic.phone }}{% endif %}';

export const ES_TEMPLATES: Readonly<Partial<Record<TemplateName, string>>> = Object.freeze({
  Registration:
    'Hola {{ Patient.firstName }}, tiene cita en {{ clinic.name }} con {{ Practitioner.name }} el {{ Appointment.start.date }}' +
    ' a las {{ Appointment.start.time }}. Le volveremos a escribir antes de la cita.',
  ConsiderTeleHealth:
    'Hola {{ Patient.firstName }}. Su cita de las {{ Appointment.start.time }} con {{ Practitioner.name }}:' +
    ' responda SI para verle por video o NO para venir en persona.',
  CantConsiderTeleHealth:
    'Hola {{ Patient.firstName }}, para su cita de las {{ Appointment.start.time }} con {{ Practitioner.name }},' +
    ' responda LLEGUÉ cuando esté en el estacionamiento o en la sala de espera.',
  VideoWelcome:
    'Hola {{ Patient.firstName }}, su cita de las {{ Appointment.start.time }} con {{ Practitioner.name }} es por' +
    ' videoconsulta. Le enviaremos el enlace unos minutos antes de empezar.',
  ScreeningYesToVideo:
    'Gracias. Su cita con {{ Practitioner.name }} es por videoconsulta. Le enviaremos el enlace unos minutos antes de las' + ' {{ Appointment.start.time }}.',
  ScreeningNoToVideo: 'Gracias. Le esperamos a las {{ Appointment.start.time }} para su cita con {{ Practitioner.name }}. Responda LLEGUÉ al llegar.',
  ScreeningDontUnderstand: `Perdone, no le entendimos. Responda SI para una videoconsulta o NO para venir en persona, o ${CALL_RECEPTION}.`,
  VideoInvite: 'Ya puede entrar en su videoconsulta con {{ Practitioner.name }}:\n{{ url }}\nResponda DENTRO cuando haya entrado.',
  VideoThanks: 'Gracias. {{ Practitioner.name }} le va a atender enseguida. Por favor, mantenga abierta la videollamada.',
  VideoDontUnderstand: `Perdone, no le entendimos. Responda DENTRO cuando haya entrado en la videoconsulta, o ${CALL_RECEPTION}.`,
  ArrivedThanks: 'Gracias, {{ Patient.firstName }}. Le avisaremos cuando {{ Practitioner.name }} pueda atenderle.',
  ArrivingDontUnderstand: `Perdone, no le entendimos. Responda LLEGUÉ al llegar, o ${CALL_RECEPTION}.`,
  DoctorReady: '{{ Practitioner.name }} ya puede atenderle. Por favor, pase a {{ room }}.',
  DoctorReadyVideo: '{{ Practitioner.name }} ya puede atenderle. Por favor, entre en su videoconsulta:\n{{ url }}',
  UnknownPhone: `{{ clinic.name }}: lo sentimos, no encontramos ninguna cita para este teléfono. Por favor, ${CALL_RECEPTION}.`,
  TooManyAppointments: `{{ clinic.name }}: tiene varias citas y no sabemos a qué cita se refiere. Por favor, ${CALL_RECEPTION}.`,
  Unexpected: `{{ clinic.name }}: lo sentimos, ahora mismo no esperamos un mensaje suyo. Por favor, ${CALL_RECEPTION}.`,
  Cancellation:
    'Hola {{ Patient.firstName }}, su cita con {{ Practitioner.name }} del {{ Appointment.start.date }} a las' +
    ` {{ Appointment.start.time }} ha sido cancelada. Para pedir otra, ${CALL_RECEPTION}.`,
  GuestLink: 'Este es el enlace para que su invitado entre en su videoconsulta. Déselo solo a esa persona:\n{{ url }}\nSirve solo para esta consulta.',
  GuestNoVideo: `Lo sentimos, solo podemos mandar un enlace para un invitado después de mandarle el de su videoconsulta. Si necesita ayuda, ${CALL_RECEPTION}.`,
  GuestLimit: `Lo sentimos, no pueden entrar otros invitados en esta videoconsulta. Si necesita ayuda, ${CALL_RECEPTION}.`,
  GuestUnavailable: `Lo sentimos, ahora mismo {{ clinic.name }} no puede añadir invitados a las videoconsultas. Si necesita ayuda, ${CALL_RECEPTION}.`,
  JoinCode:
    'Su código de videoconsulta: {{ code }}. Escríbalo en la página que abre el enlace. Vale {{ minutes }} minutos.' + ' Responda CÓDIGO para recibir otro.',
  JoinCodeLimit: `Lo sentimos, no podemos enviar más códigos para esta videoconsulta. Por favor, ${CALL_RECEPTION}.`,
  JoinCodeNone: `Lo sentimos, ahora no hay ningún código de videoconsulta que enviarle. Si necesita ayuda, ${CALL_RECEPTION}.`,
  GuestBooked: 'Le invitamos a una videoconsulta de {{ clinic.name }} como {{ guestName }}:\n{{ url }}',
  GuestAdded: '{{ guestName }} ({{ guestKind }}) va a entrar en su videoconsulta. Si no lo desea, responda SIN INVITADO.',
  GuestRefused: `Gracias. Hemos quitado a {{ guestNames }} de su videoconsulta. Si necesita ayuda, ${CALL_RECEPTION}.`,
  GuestNoneToRefuse: `El consultorio no ha añadido a nadie a su videoconsulta, por lo que no ha cambiado nada. Si necesita ayuda, ${CALL_RECEPTION}.`,
  // Confirm or cancel by reply: SI and NO, never a word that opts the number out.
  RegistrationConfirm:
    'Hola {{ Patient.firstName }}, tiene cita en {{ clinic.name }} el {{ Appointment.start.date }} a las {{ Appointment.start.time }}.' +
    ' Responda SI para confirmar o NO si no puede venir.',
  ConfirmThanks:
    'Gracias, {{ Patient.firstName }}. Su cita del {{ Appointment.start.date }} a las {{ Appointment.start.time }} queda confirmada.' +
    ' Le volveremos a escribir antes de la cita.',
  CancelRequested:
    'Gracias, {{ Patient.firstName }}. El consultorio va a anular su cita del {{ Appointment.start.date }} a las' +
    ` {{ Appointment.start.time }} y le va a escribir. Para pedir otra, ${CALL_RECEPTION}.`,
  ConfirmDontUnderstand:
    'Perdone, no le entendimos. Para su cita del {{ Appointment.start.date }} a las {{ Appointment.start.time }}, responda SI' +
    ` para confirmar o NO si no puede venir, o ${CALL_RECEPTION}.`,
  WhichAppointment: '{{ clinic.name }}: ¿a qué cita se refiere ({{ choices }})? Responda de nuevo, por ejemplo SI hoy o NO mañana.',
  RunningLate:
    '{{ Practitioner.name }} lleva unos {{ delay }} minutos de retraso. Ahora esperamos atenderle hacia las {{ estimate }}.' + ' Disculpe la espera.',
  WaitEstimate: '{{ Practitioner.name }} lleva unos {{ delay }} minutos de retraso. Esperamos atenderle hacia las {{ estimate }}.',
  WaitOnTime: '{{ Practitioner.name }} no lleva retraso. Esperamos atenderle hacia las {{ estimate }}.',
  StaffReply: '{{ clinic.name }}: {{ text }}',
  Help: `{{ clinic.name }}: mensajes sobre sus citas. Si necesita ayuda, ${CALL_RECEPTION}. Responda STOP para dejar de recibirlos.`,
});
