import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

/** One guest of a video consult as the host shows it (never the link). */
export type GuestGrant = paths['/api/appointments/{id}/guests']['get']['responses'][200]['content']['application/json']['items'][number];

/** Under `['appointments']`, so the appointments topic of the live stream refreshes it. */
export const guestsKey = (appointmentId: string) => ['appointments', appointmentId, 'guests'] as const;

/** An appointment's guests; asked only while `enabled` (the row's guest list is open). */
export function useGuests(appointmentId: string, enabled: boolean) {
  return useQuery({
    queryKey: guestsKey(appointmentId),
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/appointments/{id}/guests', { params: { path: { id: appointmentId } } })).items,
  });
}

/** Revokes one guest's link; the row's list and the activity log refresh. */
export function useRevokeGuest(appointmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (grantId: string) =>
      unwrap(await api.POST('/api/appointments/{id}/guests/{grantId}/revoke', { params: { path: { id: appointmentId, grantId } } })),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: guestsKey(appointmentId) }), client.invalidateQueries({ queryKey: ['activity'] })]),
  });
}

/** What reception types to book a guest (interpreter or clinician). */
export type GuestBooking = NonNullable<paths['/api/appointments/{id}/guests']['post']['requestBody']>['content']['application/json'];

/** Books a guest into the consult; the row's list (and the Today flag) and the activity log refresh. */
export function useBookGuest(appointmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (booking: GuestBooking) =>
      unwrap(await api.POST('/api/appointments/{id}/guests', { params: { path: { id: appointmentId } }, body: booking })),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: guestsKey(appointmentId) }),
        client.invalidateQueries({ queryKey: ['appointments'] }),
        client.invalidateQueries({ queryKey: ['activity'] }),
      ]),
  });
}
