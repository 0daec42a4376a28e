import type { FastifyInstance } from 'fastify';
import type { HostControl } from '../host-api.js';

/** One resource's routes, registered on the API's fastify instance. */
export type RouteModule = (app: FastifyInstance, control: HostControl) => void;

declare module 'fastify' {
  interface FastifySchema {
    /** One line shown on the API's index page (`GET /`). */
    summary?: string;
  }
}
