/*
 * Generated from the fleet host's OpenAPI document (GET /api/openapi.json at its root) by
 * `npm run generate:api -w web`. Do not edit: change the route schemas in core/api and
 * regenerate; a test fails while this file is out of date.
 */

export interface paths {
    "/api/clinics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** every clinic of the fleet with its state, health, last poll, texts today and failures (fleet token) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description every clinic of the fleet, by id */
                            clinics: {
                                /** @description recent errors on the clinic's status board */
                                failures: number;
                                /**
                                 * @description worst plugin health; unknown when not running here
                                 * @enum {string}
                                 */
                                health: "ok" | "degraded" | "down" | "unknown";
                                /** @description the clinic's id; its app and API are under /c/<id>/ */
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description when the PMS was last read
                                 */
                                lastPollAt?: string;
                                name: string;
                                /** @description why it is failed: the config file, key and fix, or a start error */
                                problem?: {
                                    file?: string;
                                    fix?: string;
                                    key?: string;
                                    message: string;
                                };
                                /** @description the replica working it, when known */
                                replica?: string;
                                /**
                                 * @description running: worked by this replica; standby: by another; failed: see problem
                                 * @enum {string}
                                 */
                                state: "starting" | "running" | "standby" | "failed" | "stopped";
                                textsToday: {
                                    failed: number;
                                    sent: number;
                                    unknown: number;
                                };
                                /** @description IANA zone, e.g. Australia/Melbourne ("" while its config cannot be read) */
                                timeZone: string;
                            }[];
                        };
                    };
                };
                /** @description missing or wrong fleet token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** liveness check (no token needed) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** readiness: 503 while a clinic is still starting (failed and stopped clinics are shown, not waited for; no token needed) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ready: boolean;
                            /** @description Why not ready, e.g. "store: unusable", "pms: down (CA_ERR_AUTH)"; empty when ready. */
                            reasons: string[];
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ready: boolean;
                            /** @description Why not ready, e.g. "store: unusable", "pms: down (CA_ERR_AUTH)"; empty when ready. */
                            reasons: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus text of every clinic served here, each series labelled with its clinic (fleet token) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
