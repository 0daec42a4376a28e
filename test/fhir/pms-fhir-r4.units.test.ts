import { expect } from 'chai';
import { pickMobile } from '../../plugins/pms-fhir-r4/people.js';
import { phoneNumbersIn } from '../../core/phone/normalise.js';

const AU = phoneNumbersIn('AU');
import { localReference } from '../../plugins/pms-fhir-r4/references.js';
import { dateParameters } from '../../plugins/pms-fhir-r4/search.js';
import { versionFromEtag } from '../../plugins/pms-fhir-r4/client.js';

describe('pms-fhir-r4: pure helpers', function () {
  it('writes the window with the clinic offset of each end, across a daylight-saving change', function () {
    // Melbourne moves from +10:00 to +11:00 at 02:00 on 2026-10-04: that day has 23 hours.
    const from = Date.parse('2026-10-04T00:00:00+10:00');
    const to = Date.parse('2026-10-05T00:00:00+11:00');
    expect(dateParameters('range', { from, to }, 'Australia/Melbourne')).to.deep.equal([['ge2026-10-04T00:00:00+10:00', 'lt2026-10-05T00:00:00+11:00']]);
    expect(dateParameters('day', { from, to }, 'Australia/Melbourne')).to.deep.equal(['2026-10-04']);
    expect(dateParameters('day', { from, to: to + 1 }, 'Australia/Melbourne')).to.deep.equal(['2026-10-04', '2026-10-05']);
  });

  it('picks the flagged mobile, else a number typed as mobile, never a landline or an old number', function () {
    expect(
      pickMobile(
        [
          { system: 'phone', value: '0411 111 111' },
          { system: 'phone', use: 'mobile', value: '0422 222 222' },
        ],
        AU,
      ),
    ).to.equal('0422 222 222');
    expect(
      pickMobile(
        [
          { system: 'phone', use: 'home', value: '03 9000 1234' },
          { system: 'phone', use: 'home', value: '0411 111 111' },
        ],
        AU,
      ),
    ).to.equal('0411 111 111');
    expect(
      pickMobile(
        [
          { system: 'phone', use: 'old', value: '0411 111 111' },
          { system: 'email', value: 'a@b.c' },
        ],
        AU,
      ),
    ).to.equal(undefined);
    expect(
      pickMobile(
        [
          { system: 'phone', use: 'mobile', value: '0433 333 333', rank: 2 },
          { system: 'sms', use: 'mobile', value: '0444 444 444', rank: 1 },
        ],
        AU,
      ),
    ).to.equal('0444 444 444');
  });

  it('reads local references in their usual spellings and refuses foreign ones', function () {
    const base = 'https://pms.example/fhir';
    expect(localReference('Patient/1', base)).to.equal('Patient/1');
    expect(localReference('Patient/1/_history/4', base)).to.equal('Patient/1');
    expect(localReference('https://pms.example/fhir/Patient/1', base)).to.equal('Patient/1');
    expect(localReference('https://other.example/fhir/Patient/1', base)).to.equal(undefined);
    expect(localReference('#contained', base)).to.equal(undefined);
  });

  it('takes the version from a weak or strong ETag', function () {
    expect(versionFromEtag('W/"7"')).to.equal('7');
    expect(versionFromEtag('"abc"')).to.equal('abc');
    expect(versionFromEtag(undefined)).to.equal(undefined);
  });
});
