/*
 * How a text will travel as SMS, in the browser: the host's own rules (GSM-7 160/153, UCS-2
 * 70/67), bundled from core so the page and the host can never count differently.
 */
export { smsLength, type SmsLength } from '../../core/templates/sms-length.js';
