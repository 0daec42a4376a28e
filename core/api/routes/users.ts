import { CODES } from '@clinic-arrivals/plugin-kit';
import { addStaffUser, listStaffUsers, removeStaffUser, StaffUserInputError, USER_NAME_PATTERN, type StaffUserView } from '../../auth/staff-users.js';
import { recordActivity } from '../activity-recorder.js';
import { ApiHttpError, badRequest } from '../http-errors.js';
import { isoTime, list } from '../views.js';
import type { RouteModule } from './route-module.js';

const newUserBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'password'],
  properties: {
    name: { type: 'string', pattern: USER_NAME_PATTERN },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
    role: { type: 'string', enum: ['reception', 'admin'] },
  },
} as const;

const nameParams = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', pattern: USER_NAME_PATTERN } },
} as const;

function userView(user: StaffUserView) {
  return { name: user.name, role: user.role, createdAt: isoTime(user.createdAt), updatedAt: isoTime(user.updatedAt) };
}

/** Staff accounts, for admins (access.ts): list, add, remove. */
export const userRoutes: RouteModule = (app) => {
  app.get('/api/users', { schema: { summary: 'staff accounts (admins)' } }, async (request) =>
    list((await listStaffUsers(request.server.staffAuth.store)).map(userView)),
  );

  app.post<{ Body: { name: string; password: string; role?: 'reception' | 'admin' } }>(
    '/api/users',
    { schema: { summary: 'add a staff account ({ name, password, role? }) (admins)', body: newUserBody } },
    async (request, reply) => {
      const { name, password, role = 'reception' } = request.body;
      const auth = request.server.staffAuth;
      try {
        const user = await addStaffUser(auth.store, { name, password, role }, auth.now());
        await recordActivity(request, 'user-add', { user: user.name, role: user.role });
        return reply.code(201).send(userView(user));
      } catch (error) {
        if (error instanceof StaffUserInputError) throw badRequest(`body: ${error.message}`);
        throw error;
      }
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/api/users/:name',
    { schema: { summary: 'remove a staff account and sign it out (admins)', params: nameParams } },
    async (request) => {
      const { name } = request.params;
      if (request.staff?.name.toLowerCase() === name.toLowerCase()) {
        throw new ApiHttpError(409, 'you cannot remove your own account', CODES.CONFLICT);
      }
      await removeStaffUser(request.server.staffAuth.store, name);
      await recordActivity(request, 'user-remove', { user: name });
      return { ok: true };
    },
  );
};
