import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveState } from '../live';
import { api, ApiError, unwrap } from './client';
import type { paths } from './schema';

/*
 * Hooks of the Inbox and "Sends to check" screens. Keys start with the live topic that makes
 * them stale (live.ts): conversations and sent texts under `messages`, unknown sends under `sends`.
 */

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type InboxState = 'open' | 'done';
export type ConversationSummary = Json<'/api/inbox', 'get'>['items'][number];
type ConversationFromApi = Json<'/api/inbox/{conversationId}', 'get'>;
/** Delivery fields are being added to the host; until then they are simply absent. */
export type ConversationMessage = ConversationFromApi['messages'][number] & { deliveryStatus?: string; deliveryError?: string };
export type Conversation = Omit<ConversationFromApi, 'messages'> & { messages: ConversationMessage[] };

/** GET /api/messages/unknown items (the route publishes no response schema yet). */
export interface UnknownSend {
  id: number;
  appointmentId?: string;
  template: string;
  /** Masked by the host. */
  to: string;
  status: string;
  createdAt: string;
  attempts: number;
  error?: string;
  lastCheck?: { at: string; note: string; nextAt?: string };
  resolution?: { outcome: 'delivered' | 'resent' | 'dismissed' | string; at: string; by: string; note?: string };
}

/** GET /api/messages/sent items, only the fields this app shows (the number is masked here, the text never shown). */
export interface SentText {
  id: number;
  appointmentId?: string;
  to: string;
  template: string;
  status: string;
  error?: string;
  createdAt: string;
  updatedAt: string;
  deliveryStatus?: string;
  deliveryError?: string;
}

/** An ApiError that keeps the host's error code (CA_ERR_OPTED_OUT…), for refusals the screen explains in words. */
export class CodedApiError extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly code: string | undefined,
  ) {
    super(status, message);
  }
}

function unwrapCoded<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  const body = (result.error ?? {}) as { error?: unknown; code?: unknown };
  const message = typeof body.error === 'string' ? body.error : `the host answered ${result.response.status}`;
  throw new CodedApiError(result.response.status, message, typeof body.code === 'string' ? body.code : undefined);
}

export const inboxKeys = {
  list: (state: InboxState) => ['messages', 'inbox', state] as const,
  conversation: (id: string) => ['messages', 'conversation', id] as const,
  sent: ['messages', 'sent'] as const,
  unknown: (state: 'open' | 'resolved') => ['sends', 'unknown', state] as const,
};

const POLL_WITHOUT_LIVE_MS = 4000;

function usePollingFallback(): number | false {
  const { connection } = useLiveState();
  return connection === 'lost' || connection === 'unavailable' ? POLL_WITHOUT_LIVE_MS : false;
}

export function useConversations(state: InboxState) {
  const refetchInterval = usePollingFallback();
  return useQuery({
    queryKey: inboxKeys.list(state),
    queryFn: async () => unwrap(await api.GET('/api/inbox', { params: { query: { state } } })).items,
    refetchInterval,
  });
}

export function useConversation(id: string | undefined) {
  const refetchInterval = usePollingFallback();
  return useQuery({
    queryKey: inboxKeys.conversation(id ?? ''),
    queryFn: async () => unwrap(await api.GET('/api/inbox/{conversationId}', { params: { path: { conversationId: id! } } })) as Conversation,
    enabled: Boolean(id),
    refetchInterval,
  });
}

/** Everything about texts is stale after an action: the live event follows, but the answer is sooner. */
function useInvalidateMessages() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ['messages'] }), client.invalidateQueries({ queryKey: ['status'] })]);
}

export function useReply(conversationId: string) {
  const invalidate = useInvalidateMessages();
  return useMutation({
    mutationFn: async (reply: { text: string; requestId: string }) =>
      unwrapCoded(await api.POST('/api/inbox/{conversationId}/reply', { params: { path: { conversationId } }, body: reply })),
    onSuccess: invalidate,
  });
}

export function useMarkDone(conversationId: string) {
  const invalidate = useInvalidateMessages();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/inbox/{conversationId}/done', { params: { path: { conversationId } }, body: {} })),
    onSuccess: invalidate,
  });
}

export function useLinkAppointment(conversationId: string) {
  const invalidate = useInvalidateMessages();
  return useMutation({
    mutationFn: async (appointmentId: string) =>
      unwrap(await api.POST('/api/inbox/{conversationId}/link', { params: { path: { conversationId } }, body: { appointmentId } })),
    onSuccess: invalidate,
  });
}

/** The full number is an answer, never cached: it lives only in the component that asked for it. */
export function useRevealNumber(conversationId: string) {
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/inbox/{conversationId}/reveal-number', { params: { path: { conversationId } }, body: {} })).phone,
  });
}

export function useUnknownSends(state: 'open' | 'resolved') {
  const refetchInterval = usePollingFallback();
  return useQuery({
    queryKey: inboxKeys.unknown(state),
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/messages/unknown', { params: { query: { state } } });
      // The assertion chooses unwrap's type argument (the rule misses that it changes inference).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      return unwrap({ data: data as unknown as { items: UnknownSend[] } | undefined, error, response }).items;
    },
    refetchInterval,
  });
}

export function useRecentSent() {
  const refetchInterval = usePollingFallback();
  return useQuery({
    queryKey: inboxKeys.sent,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/messages/sent', { params: { query: { limit: 200 } } });
      // The assertion chooses unwrap's type argument (the rule misses that it changes inference).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      return unwrap({ data: data as unknown as { items: SentText[] } | undefined, error, response }).items;
    },
    refetchInterval,
  });
}

export type UnknownAction = 'delivered' | 'send-again' | 'dismiss';

export function useResolveUnknown() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, action }: { id: number; action: UnknownAction }) => {
      const path = `/api/messages/unknown/{id}/${action}` as '/api/messages/unknown/{id}/delivered';
      const result = await api.POST(path, { params: { path: { id } }, body: {} } as never);
      // The assertion chooses unwrap's type argument (the rule misses that it changes inference).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      return unwrapCoded({ data: (result.data ?? (result.response.ok ? {} : undefined)) as unknown, error: result.error, response: result.response });
    },
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['sends'] }),
        client.invalidateQueries({ queryKey: ['messages'] }),
        client.invalidateQueries({ queryKey: ['status'] }),
      ]),
  });
}
