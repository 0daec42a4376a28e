import type { InjectionToken } from 'tsyringe';
import type { AppointmentSource } from '@clinic-arrivals/plugin-kit';
import type { MessageSender } from '@clinic-arrivals/plugin-kit';
import type { Inbox } from '@clinic-arrivals/plugin-kit';
import type { VideoProvider } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';

/*
 * DI tokens. Symbol.for so that a plugin bundling its own copy of core still resolves the
 * same tokens. Everything is injected by token (never by type) so tsc and tsx behave alike.
 */
export const TOKENS = {
  AppointmentSource: Symbol.for('clinic-arrivals.AppointmentSource') as InjectionToken<AppointmentSource>,
  MessageSender: Symbol.for('clinic-arrivals.MessageSender') as InjectionToken<MessageSender>,
  Inbox: Symbol.for('clinic-arrivals.Inbox') as InjectionToken<Inbox>,
  /** Absent when config says `video: none`; resolve with `container.isRegistered` first. */
  VideoProvider: Symbol.for('clinic-arrivals.VideoProvider') as InjectionToken<VideoProvider>,
  Store: Symbol.for('clinic-arrivals.Store') as InjectionToken<Store>,
  Clock: Symbol.for('clinic-arrivals.Clock') as InjectionToken<Clock>,
  Logger: Symbol.for('clinic-arrivals.Logger') as InjectionToken<Logger>,
  /** The validated host config (core/config/types HostConfig). */
  Config: Symbol.for('clinic-arrivals.Config') as InjectionToken<unknown>,
} as const;
