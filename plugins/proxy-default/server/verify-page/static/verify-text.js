/*
 * Every text of the join gate's page, in one place (English). `{n}` is replaced by a number.
 * No clinic's name or any other clinic data: the page is the same for every clinic.
 */
window.VERIFY_TEXT = {
  title: 'Video appointment',
  noLinkTitle: 'This link is not complete',
  noLinkBody: 'Part of the link seems to be missing. Please open the link from your text message again: tap on it rather than copying it.',
  callClinic: 'If it still does not work, please call the clinic.',
  unsupportedTitle: 'This browser cannot open this link',
  unsupportedBody: 'Please open the link in another browser, such as Chrome or Safari.',
  codePrompt: 'Enter the 6-digit code we texted you',
  codeHint: 'It came in a separate text message.',
  join: 'Join',
  checking: 'Checking…',
  notSixDigits: 'Please enter the 6 digits from our text.',
  wrongOne: 'That code is not right. 1 try left.',
  wrongMany: 'That code is not right. {n} tries left.',
  locked: 'Too many wrong codes. Reply CODE to our text to get a new code.',
  codeExpired: 'This code has expired. Reply CODE to our text to get a new one.',
  tooManyTries: 'Too many tries from here. Please wait a few minutes.',
  offline: 'We could not check the code. Please check your internet connection and try again.',
  opening: 'Opening your video appointment…',
  expired: 'This link has expired. Please call the clinic.',
  broken: 'This link does not work. Please call the clinic.',
};
