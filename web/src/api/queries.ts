import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { retryLiveNow, useLiveState } from '../live';
import { api, readSession, signIn, signOut, unwrap } from './client';

/**
 * Query keys, by the topic of the server's change events (see live.ts): invalidating
 * `['appointments']` refreshes every query about appointments.
 */
export const queryKeys = {
  session: ['session'] as const,
  status: ['status'] as const,
  today: ['appointments', 'today'] as const,
};

/** While the live stream is lost or refused, lists fall back to asking every few seconds. */
const POLL_WITHOUT_LIVE_MS = 4000;

function usePollingFallback(): number | false {
  const { connection } = useLiveState();
  return connection === 'lost' || connection === 'unavailable' ? POLL_WITHOUT_LIVE_MS : false;
}

export function useSession() {
  return useQuery({ queryKey: queryKeys.session, queryFn: readSession, staleTime: Infinity });
}

/** `enabled: false` while signed out: the host would only answer 401. */
export function useHostStatus(enabled = true) {
  const refetchInterval = usePollingFallback();
  return useQuery({
    queryKey: queryKeys.status,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/status')),
    refetchInterval,
  });
}

export function useTodaysAppointments() {
  const refetchInterval = usePollingFallback();
  return useQuery({
    queryKey: queryKeys.today,
    queryFn: async () => unwrap(await api.GET('/api/appointments/today')).items,
    refetchInterval,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { name: string; password: string }) => signIn(credentials.name, credentials.password),
    onSuccess: () => {
      // The host refused the event stream before sign-in: ask again now rather than at the next retry.
      retryLiveNow();
      return client.invalidateQueries();
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({ mutationFn: signOut, onSuccess: () => client.resetQueries() });
}
