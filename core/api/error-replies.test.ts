import { expect } from 'chai';
import { ClinicArrivalsError, CODES, ConflictError, NotFoundError, NotReadyError, UnavailableError } from '@clinic-arrivals/plugin-kit';
import { replyForError } from './error-replies.js';

describe('replyForError', () => {
  it('answers code-specific statuses first, then by kind, then 500', () => {
    const cases: Array<[unknown, number]> = [
      [new NotFoundError('no such thing'), 404],
      [new ConflictError('changed under us'), 409],
      [new ClinicArrivalsError(CODES.TEMPLATE, 'bad template'), 422],
      [new NotReadyError('the PMS is not ready'), 503],
      [new ClinicArrivalsError(CODES.SEND_FAILED, 'provider down; try later', { kind: 'not-ready' }), 503],
      [new ClinicArrivalsError(CODES.SEND_FAILED, 'provider refused'), 502],
      [new UnavailableError('answer lost', { outcomeUnknown: true }), 500],
      [new Error('bug'), 500],
    ];
    for (const [error, status] of cases) expect(replyForError(error).status, String(error)).to.equal(status);
  });

  it('answers an error from another copy of the kit by its code and kind', () => {
    const foreign = { message: 'the store is busy', code: 'CA_ERR_SOMETHING_NEW', kind: 'not-ready' };
    expect(replyForError(foreign)).to.deep.equal({ status: 503, body: { error: 'the store is busy', code: 'CA_ERR_SOMETHING_NEW' } });
    expect(replyForError({ message: 'gone', code: CODES.NOT_FOUND, kind: 'permanent' }).status).to.equal(404);
  });

  it('keeps the detail of anything else out of the reply', () => {
    expect(replyForError(new Error('database is locked at /var/x')).body).to.deep.equal({ error: 'internal error; see the host log' });
  });
});
