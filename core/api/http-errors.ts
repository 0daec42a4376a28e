import { CODES } from '@clinic-arrivals/plugin-kit';

/**
 * Errors the API raises itself (bad query values, missing resources, inactive simulators).
 * Route handlers throw these; the error handler turns them into JSON replies.
 */
export class ApiHttpError extends Error {
  constructor(
    /** HTTP status code to answer with. */
    readonly statusCode: number,
    message: string,
    /** Stable machine-readable code, when there is one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

/** 400: the request is well-formed JSON but a value makes no sense. */
export function badRequest(message: string): ApiHttpError {
  return new ApiHttpError(400, message, CODES.VALIDATION);
}

/** 404: the resource named in the URL does not exist. */
export function notFound(message: string): ApiHttpError {
  return new ApiHttpError(404, message, CODES.NOT_FOUND);
}
