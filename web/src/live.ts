import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { hostPath } from './base-path';

/*
 * The app's one EventSource on GET /api/events. The host sends `event: change` with
 * `{ topic, id? }` whenever something changes; each topic invalidates the queries that show
 * it, so every screen refreshes from the API (the event carries no data of its own).
 */

export type Topic = 'appointments' | 'messages' | 'sends' | 'status' | 'practitioners' | 'templates' | 'activity';

/** What each topic makes stale. Today's rows show texts and their delivery, so those topics refresh them too. */
export const TOPIC_QUERIES: Record<Topic, QueryKey[]> = {
  appointments: [['appointments'], ['status']],
  messages: [['messages'], ['appointments'], ['status']],
  sends: [['sends'], ['appointments'], ['status']],
  status: [['status']],
  practitioners: [['practitioners'], ['appointments']],
  templates: [['templates']],
  activity: [['activity']],
};

/**
 * `connecting` before the first answer; `open` while events flow; `lost` when an open stream
 * broke (the browser retries by itself); `unavailable` when the host refused the stream
 * (an older host without /api/events, or a session that ended): we try again now and then.
 */
export type Connection = 'connecting' | 'open' | 'lost' | 'unavailable';

export interface LiveState {
  connection: Connection;
  /** True for a few seconds after a lost connection came back. */
  recovered: boolean;
}

const RETRY_REFUSED_MS = 15_000;
const RECOVERED_NOTICE_MS = 5_000;

let state: LiveState = { connection: 'connecting', recovered: false };
const listeners = new Set<() => void>();

function setState(next: Partial<LiveState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && Object.hasOwn(TOPIC_QUERIES, value);
}

let tryNow: (() => void) | undefined;

/**
 * Asks for the stream again at once when it was refused (e.g. the host refused it before
 * sign-in); an open or reconnecting stream is left alone.
 */
export function retryLiveNow(): void {
  tryNow?.();
}

/** Opens the stream; returns a function that closes it. Call once, at start. */
export function startLive(queryClient: QueryClient, url = hostPath('/api/events')): () => void {
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let recoveredTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const connect = () => {
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => {
      const previous = state.connection;
      const cameBack = previous === 'lost';
      setState({ connection: 'open', recovered: cameBack });
      // Whatever changed while we were not listening: read it again.
      if (previous !== 'connecting') void queryClient.invalidateQueries();
      if (cameBack) {
        clearTimeout(recoveredTimer);
        recoveredTimer = setTimeout(() => setState({ recovered: false }), RECOVERED_NOTICE_MS);
      }
    });
    source.addEventListener('change', (event) => {
      let topic: unknown;
      try {
        topic = (JSON.parse((event as MessageEvent<string>).data) as { topic?: unknown }).topic;
      } catch {
        return; // not ours to guess at
      }
      if (!isTopic(topic)) return;
      for (const queryKey of TOPIC_QUERIES[topic]) void queryClient.invalidateQueries({ queryKey });
    });
    source.addEventListener('error', () => {
      if (!source || stopped) return;
      if (source.readyState === EventSource.CLOSED) {
        // Refused (not an event stream, 404, 401…): the browser will not retry this one.
        source.close();
        setState({ connection: state.connection === 'open' || state.connection === 'lost' ? 'lost' : 'unavailable', recovered: false });
        retry = setTimeout(connect, RETRY_REFUSED_MS);
      } else {
        setState({ connection: 'lost', recovered: false });
      }
    });
  };

  tryNow = () => {
    if (stopped || state.connection !== 'unavailable') return;
    clearTimeout(retry);
    connect();
  };
  connect();
  return () => {
    stopped = true;
    tryNow = undefined;
    clearTimeout(retry);
    clearTimeout(recoveredTimer);
    source?.close();
  };
}
