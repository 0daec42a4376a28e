import type { Store, StaffRole, StaffUser } from '../store/store.js';
import { ConflictError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import { DEFAULT_SCRYPT_COST, hashPassword, passwordProblem, type ScryptCost } from './passwords.js';

export type { StaffRole } from '../store/store.js';
export const STAFF_ROLES: readonly StaffRole[] = ['reception', 'admin'];

/** Letters, digits and `. _ @ -`, 1–64 characters: safe in URLs, logs and the activity list. */
export const USER_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$';
const USER_NAME = new RegExp(USER_NAME_PATTERN);

/** A staff account as the API and CLI show it (never the hash). */
export interface StaffUserView {
  name: string;
  role: StaffRole;
  createdAt: number;
  updatedAt: number;
}

/** Bad input for an account: the message says what to change. */
export class StaffUserInputError extends Error {
  readonly code = 'CA_ERR_VALIDATION';
  constructor(message: string) {
    super(message);
    this.name = 'StaffUserInputError';
  }
}

export function isValidUserName(name: string): boolean {
  return USER_NAME.test(name);
}

export function viewOf(user: StaffUser): StaffUserView {
  return { name: user.name, role: user.role, createdAt: user.createdAt, updatedAt: user.updatedAt };
}

/**
 * Creates a staff account, or with `reset` replaces the password and role of an existing one
 * (signing it out everywhere). Refuses an existing name without `reset` (ConflictError).
 */
export async function addStaffUser(
  store: Store,
  input: { name: string; password: string; role: StaffRole; reset?: boolean },
  now: number,
  /** Tests may pass a cheaper cost; the hash records it. */
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<StaffUserView> {
  if (!isValidUserName(input.name)) {
    throw new StaffUserInputError('name must be 1-64 letters, digits or . _ @ - (starting with a letter or digit)');
  }
  const problem = passwordProblem(input.password);
  if (problem) throw new StaffUserInputError(problem);
  if (!STAFF_ROLES.includes(input.role)) throw new StaffUserInputError(`role must be one of ${STAFF_ROLES.join(', ')}`);
  const existing = await store.getStaffUser(input.name);
  if (existing && !input.reset) throw new ConflictError(`a user named "${existing.name}" already exists (use --reset to change the password)`);
  const passwordHash = await hashPassword(input.password, cost);
  const name = existing?.name ?? input.name;
  await store.saveStaffUser({ name, role: input.role, passwordHash }, now);
  if (existing) await store.deleteStaffSessionsOf(name);
  return viewOf((await store.getStaffUser(name))!);
}

/** Removes an account and its sessions. NotFoundError when there is none by that name. */
export async function removeStaffUser(store: Store, name: string): Promise<void> {
  if (!(await store.deleteStaffUser(name))) throw new NotFoundError(`no user named "${name}"`);
}

export async function listStaffUsers(store: Store): Promise<StaffUserView[]> {
  return (await store.listStaffUsers()).map(viewOf);
}
