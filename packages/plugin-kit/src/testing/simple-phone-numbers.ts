import type { PhoneNumbers } from '../plugin/define-plugin.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A stand-in for the host's phone service: accepts numbers already in E.164 (spaces and
 * dashes ignored) and treats every valid one as a mobile. The host itself uses full
 * numbering-plan data; pass its service (or your own) where a test needs national formats.
 */
export const simplePhoneNumbers: PhoneNumbers = {
  toE164(raw) {
    const compact = typeof raw === 'string' ? raw.replace(/[\s().-]/g, '') : '';
    return E164.test(compact) ? compact : undefined;
  },
  isLikelyMobile(raw) {
    return this.toE164(raw) !== undefined;
  },
};
