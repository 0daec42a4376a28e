import { expect } from 'chai';
import { validateCoreConfig } from '../../core/config/validate.js';

const FILE = 'clinicarrivals.config.yaml';
const minimal = (alerts: unknown) => ({
  clinic: { name: 'Test Street Medical', timeZone: 'Australia/Melbourne' },
  pms: { use: 'pms-simulator' },
  sms: { use: 'sms-simulator' },
  inbox: { use: 'inbox-simulator' },
  video: { use: 'none' },
  alerts,
});

describe('alerts: config', () => {
  it('fills in the SMTP defaults', () => {
    const { value, problems } = validateCoreConfig(
      minimal({ email: { to: 'it@clinic.example', from: 'ca@clinic.example', smtp: { host: 'mail.clinic.example' } } }),
      { fileLabel: FILE },
    );
    expect(problems).to.deep.equal([]);
    expect((value as any).alerts.email.smtp).to.deep.equal({ host: 'mail.clinic.example', port: 587, secure: false });
  });

  it('names each bad key, and never prints the SMTP password', () => {
    const password = 'hunter2-is-not-a-number';
    const { problems } = validateCoreConfig(
      minimal({
        afterMinutes: 0,
        every: 5,
        email: { to: 'it@clinic.example', from: 'ca@clinic.example', smtp: { host: 'mail.clinic.example', port: 'smtp', password: { value: password } } },
      }),
      { fileLabel: FILE },
    );
    const text = problems.join('\n');
    expect(text).to.include('alerts.afterMinutes');
    expect(text).to.include('alerts.every');
    expect(text).to.include('alerts.email.smtp.port');
    expect(text).to.include('alerts.email.smtp.password');
    expect(text).not.to.include(password);
  });

  it('needs to, from and smtp.host for email', () => {
    const { problems } = validateCoreConfig(minimal({ email: { to: 'it@clinic.example' } }), { fileLabel: FILE });
    expect(problems.join('\n'))
      .to.match(/alerts\.email/)
      .and.to.match(/from|smtp/);
  });
});
