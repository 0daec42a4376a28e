import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveState } from '../live';
import { api, unwrap } from './client';
import type { paths } from './schema';

/** One practitioner's queue today: delay, consult length, waiting patients by appointment id. */
export type PractitionerQueue = paths['/api/practitioners/queues']['get']['responses'][200]['content']['application/json']['items'][number];
/** A coming day's appointment row (the same shape as today's). */
export type ComingItem = paths['/api/appointments/coming']['get']['responses'][200]['content']['application/json']['items'][number];

/** Under `['appointments']`: the appointments and practitioners topics of the live stream refresh them. */
export const waitKeys = {
  queues: ['appointments', 'queues'] as const,
  coming: ['appointments', 'coming'] as const,
};

/** The queue moves with the clock too (estimates age): ask again every half minute, more often without the live stream. */
function useRefresh(): number {
  const { connection } = useLiveState();
  return connection === 'lost' || connection === 'unavailable' ? 4000 : 30_000;
}

export function useQueues() {
  const refetchInterval = useRefresh();
  return useQuery({
    queryKey: waitKeys.queues,
    queryFn: async () => unwrap(await api.GET('/api/practitioners/queues')).items,
    refetchInterval,
  });
}

export function useComingAppointments() {
  const refetchInterval = useRefresh();
  return useQuery({
    queryKey: waitKeys.coming,
    queryFn: async () => unwrap(await api.GET('/api/appointments/coming')).items,
    refetchInterval,
  });
}

/** After a change: the queue, the rows and the activity log (the live event follows as well). */
function useRefreshAfter() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ['appointments'] }), client.invalidateQueries({ queryKey: ['activity'] })]);
}

/** Sets (`minutes`) or clears (`null`) today's "running late by N minutes". */
export function useSetRunningLate(practitionerId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: async (minutes: number | null) =>
      unwrap(await api.PUT('/api/practitioners/{id}/running-late', { params: { path: { id: practitionerId } }, body: { minutes } })),
    onSuccess: refresh,
  });
}

/** Mutes or unmutes a practitioner's running-late texts for today. */
export function useMuteLateTexts(practitionerId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: async (muted: boolean) =>
      unwrap(await api.PUT('/api/practitioners/{id}/late-texts', { params: { path: { id: practitionerId } }, body: { muted } })),
    onSuccess: refresh,
  });
}

/** Reception's one-click cancel of a patient who replied NO; the inbox refreshes too. */
export function useCancelForPatient(appointmentId: string) {
  const client = useQueryClient();
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/appointments/{id}/cancel', { params: { path: { id: appointmentId } }, body: {} })),
    onSuccess: () => Promise.all([refresh(), client.invalidateQueries({ queryKey: ['messages'] })]),
  });
}
