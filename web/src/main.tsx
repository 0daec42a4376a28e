import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { isFleetPage } from './base-path';
import { i18n } from './i18n';
import { followLanguage } from './i18n/direction';
import { startLive } from './live';
import { FleetPage } from './pages/FleetPage';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Fresh until the server says otherwise (live.ts); a refocused tab checks anyway.
      staleTime: 30_000,
      retry: 1,
    },
  },
});

// A fleet host's own page lists its clinics; everywhere else (a one-clinic host, a fleet's
// `/c/<id>/`) this is a clinic's reception app, kept up to date by its event stream.
const fleet = isFleetPage();
if (!fleet) startLive(queryClient);
followLanguage(document.documentElement, i18n);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>{fleet ? <FleetPage /> : <App />}</QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
