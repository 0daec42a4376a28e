import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

/*
 * The simulator screen's reads and actions (GET/POST/PATCH/DELETE /api/simulator/…, POST
 * /api/cycle). Keys start with the live topic that changes them (see live.ts), so the
 * host's change events refresh them without a word here.
 */

type Json<P extends keyof paths, M extends keyof paths[P], C extends number = 200> = paths[P][M] extends {
  responses: { [K in C]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type SimAppointment = Json<'/api/simulator/appointments', 'get'>['items'][number];
export type SimText = Json<'/api/simulator/sms/sent', 'get'>['items'][number];
export type SimRoom = Json<'/api/simulator/video/rooms', 'get'>['items'][number];
export type SimStatus = 'booked' | 'arrived' | 'fulfilled' | 'cancelled' | 'noshow';

/** What the add/edit form sends: an appointment without its id. */
export interface SimAppointmentFields {
  start: string;
  end: string;
  patient: { id: string; name: string; firstName: string; mobile?: string };
  practitioner: { id: string; name: string };
  isVideo: boolean;
  /** The PMS says the patient needs an interpreter. */
  interpreterRequired: boolean;
  /** The patient's language (BCP 47) as the PMS gives it; empty clears it on an edit. */
  language?: string;
}

export const simKeys = {
  appointments: ['appointments', 'simulator', 'list'] as const,
  rooms: ['appointments', 'simulator', 'rooms'] as const,
  texts: ['sends', 'simulator', 'texts'] as const,
  inbox: ['messages', 'simulator', 'inbox'] as const,
};

export function useSimAppointments() {
  return useQuery({ queryKey: simKeys.appointments, queryFn: async () => unwrap(await api.GET('/api/simulator/appointments')).items });
}

export function useSimTexts() {
  return useQuery({ queryKey: simKeys.texts, queryFn: async () => unwrap(await api.GET('/api/simulator/sms/sent')).items });
}

export function useSimRooms() {
  return useQuery({ queryKey: simKeys.rooms, queryFn: async () => unwrap(await api.GET('/api/simulator/video/rooms')).items });
}

/** Replies typed here that the host has not read yet (it reads them within seconds when its loops run). */
export function useSimInboxPending() {
  return useQuery({ queryKey: simKeys.inbox, queryFn: async () => unwrap(await api.GET('/api/simulator/inbox')).pending });
}

/** After a change in the simulated PMS: its list, and Today once the host has read it. */
function useRefreshAppointments() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['appointments'] });
}

export function useAddSimAppointment() {
  const refresh = useRefreshAppointments();
  return useMutation({
    mutationFn: async (fields: SimAppointmentFields) => unwrap(await api.POST('/api/simulator/appointments', { body: { ...fields, status: 'booked' } })),
    onSuccess: refresh,
  });
}

export function useEditSimAppointment() {
  const refresh = useRefreshAppointments();
  return useMutation({
    mutationFn: async ({ id, changes }: { id: string; changes: Partial<SimAppointmentFields> & { status?: SimStatus } }) =>
      unwrap(await api.PATCH('/api/simulator/appointments/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: refresh,
  });
}

export function useDeleteSimAppointment() {
  const refresh = useRefreshAppointments();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/api/simulator/appointments/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
  });
}

export function useTextAsPatient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (text: { from: string; body: string }) => unwrap(await api.POST('/api/simulator/inbox', { body: text })),
    onSuccess: () => client.invalidateQueries({ queryKey: simKeys.inbox }),
  });
}

export function useJoinAsPatient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (roomId: string) => unwrap(await api.POST('/api/simulator/video/{roomId}/join', { params: { path: { roomId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: simKeys.rooms }),
  });
}

/** Runs the host's today pass now; everything it may have changed is read again. */
export function useRunCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/cycle')),
    onSuccess: () => client.invalidateQueries(),
  });
}
