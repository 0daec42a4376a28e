import { expect } from 'chai';
import { pluginRoute } from '@clinic-arrivals/plugin-kit';
import { startupBanner } from './startup-banner.js';

describe('start-up banner', () => {
  const route = (method: 'GET' | 'POST', path: string, summary: string) =>
    pluginRoute({ method, path, schema: { summary }, handler: async () => ({ body: {} }) });

  it('offers the plain reads active plugins added as curl commands, with the token header when one is needed', () => {
    const text = startupBanner({
      clinicName: 'Test Street Medical',
      apiUrl: 'http://127.0.0.1:7171',
      tokenRequired: true,
      pluginRoutes: [
        {
          pluginId: 'sms-simulator',
          routes: [
            route('GET', '/api/simulator/sms/sent', 'texts sent'),
            route('POST', '/api/simulator/sms/x', 'a change'),
            route('GET', '/api/simulator/sms/:id', 'one text'),
          ],
        },
      ],
    });
    expect(text).to.include(
      '  texts sent [sms-simulator]: curl -s -H "authorization: Bearer $CLINIC_ARRIVALS_API_TOKEN" http://127.0.0.1:7171/api/simulator/sms/sent\n',
    );
    expect(text).not.to.include('a change');
    expect(text).not.to.include('one text');
  });

  it('says only where the app and API are when no plugin adds routes', () => {
    const text = startupBanner({ clinicName: 'Test Street Medical', apiUrl: 'http://127.0.0.1:7171', tokenRequired: false, pluginRoutes: [] });
    expect(text.trimEnd().split('\n')).to.have.length(3);
  });
});
