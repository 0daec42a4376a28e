import type { ComponentType } from 'react';
import { ActivityPage } from './pages/ActivityPage';
import { ComingDaysPage } from './pages/ComingDaysPage';
import { InboxPage } from './pages/InboxPage';
import { PractitionersPage } from './pages/PractitionersPage';
import { SendsPage } from './pages/SendsPage';
import { SimulatorPage } from './pages/SimulatorPage';
import { StatusPage } from './pages/StatusPage';
import { TemplatesPage } from './pages/TemplatesPage';
import { TodayPage } from './pages/TodayPage';
import { UsersPage } from './pages/UsersPage';

export type ScreenKey = 'today' | 'coming' | 'inbox' | 'sends' | 'practitioners' | 'templates' | 'simulator' | 'activity' | 'users' | 'status';

export interface Screen {
  key: ScreenKey;
  path: string;
  component: ComponentType;
  /** Only admins see it (and reach it). */
  adminOnly?: boolean;
  /** Shown only when the host runs simulator plugins. */
  simulatorOnly?: boolean;
}

/**
 * Every screen, in the order of the navigation. Paths are the app's own: under a fleet host's
 * `/c/<id>/` the prefix is added by routing.ts and base-path.ts, never written here.
 */
export const SCREENS: Screen[] = [
  { key: 'today', path: '/today', component: TodayPage },
  { key: 'coming', path: '/coming', component: ComingDaysPage },
  { key: 'inbox', path: '/inbox', component: InboxPage },
  { key: 'sends', path: '/sends', component: SendsPage },
  { key: 'practitioners', path: '/practitioners', component: PractitionersPage, adminOnly: true },
  { key: 'templates', path: '/templates', component: TemplatesPage, adminOnly: true },
  { key: 'simulator', path: '/simulator', component: SimulatorPage, simulatorOnly: true },
  { key: 'activity', path: '/activity', component: ActivityPage },
  { key: 'users', path: '/users', component: UsersPage, adminOnly: true },
  { key: 'status', path: '/status', component: StatusPage },
];

export const HOME_PATH = '/today';

/** The screen at a path (a trailing slash is the same screen). */
export function screenAt(path: string): Screen | undefined {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return SCREENS.find((screen) => screen.path === bare);
}
