/*
 * Generated from the host's OpenAPI document (GET /api/openapi.json) by
 * `npm run generate:api -w web`. Do not edit: change the route schemas in core/api and
 * regenerate; a test fails while this file is out of date.
 */

export interface paths {
    "/api/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** staff actions, newest first (?limit=N) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
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
    "/api/appointments/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** cancel an appointment whose patient replied NO (waiting for reception): 409 otherwise */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        by?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            closedTexts: number;
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/{id}/guests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** an appointment's guests: state, who granted, when (never the link) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
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
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                displayName: string;
                                /** Format: date-time */
                                expiresAt: string;
                                /** @enum {string} */
                                grantedBy: "patient" | "reception";
                                grantId: string;
                                /** Format: date-time */
                                joinedAt?: string;
                                /** @enum {string} */
                                kind?: "interpreter" | "clinician";
                                /** Format: date-time */
                                patientToldAt?: string;
                                /** @description last digits only, e.g. •••123 (booked guests) */
                                phoneMasked?: string;
                                /** Format: date-time */
                                revokedAt?: string;
                                revokedBy?: string;
                                /** Format: date-time */
                                sentAt?: string;
                                /** @enum {string} */
                                state: "booked" | "granted" | "linked" | "sent" | "revoked" | "expired";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** book an interpreter or clinician into a video consult: texted their own link at the patient's invite (at once when it is out) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description shown in the call and in the patient's text; never the patient's name */
                        displayName: string;
                        /** @enum {string} */
                        kind: "interpreter" | "clinician";
                        /** @description the guest's mobile, read in the clinic's region */
                        phone: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            grant: {
                                /** Format: date-time */
                                createdAt: string;
                                displayName: string;
                                /** Format: date-time */
                                expiresAt: string;
                                /** @enum {string} */
                                grantedBy: "patient" | "reception";
                                grantId: string;
                                /** Format: date-time */
                                joinedAt?: string;
                                /** @enum {string} */
                                kind?: "interpreter" | "clinician";
                                /** Format: date-time */
                                patientToldAt?: string;
                                /** @description last digits only, e.g. •••123 (booked guests) */
                                phoneMasked?: string;
                                /** Format: date-time */
                                revokedAt?: string;
                                revokedBy?: string;
                                /** Format: date-time */
                                sentAt?: string;
                                /** @enum {string} */
                                state: "booked" | "granted" | "linked" | "sent" | "revoked" | "expired";
                            };
                            inviteOut: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/{id}/guests/{grantId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** revoke a guest's link (and take them out of the call where the provider can); idempotent */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    grantId: string;
                    id: string;
                };
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
                            changed: boolean;
                            grant: {
                                /** Format: date-time */
                                createdAt: string;
                                displayName: string;
                                /** Format: date-time */
                                expiresAt: string;
                                /** @enum {string} */
                                grantedBy: "patient" | "reception";
                                grantId: string;
                                /** Format: date-time */
                                joinedAt?: string;
                                /** @enum {string} */
                                kind?: "interpreter" | "clinician";
                                /** Format: date-time */
                                patientToldAt?: string;
                                /** @description last digits only, e.g. •••123 (booked guests) */
                                phoneMasked?: string;
                                /** Format: date-time */
                                revokedAt?: string;
                                revokedBy?: string;
                                /** Format: date-time */
                                sentAt?: string;
                                /** @enum {string} */
                                state: "booked" | "granted" | "linked" | "sent" | "revoked" | "expired";
                            };
                            removedFromCall: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/coming": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** the coming days' appointments (as last read): state, last text, confirm state */
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
                            items: {
                                appointment: {
                                    created?: string;
                                    end?: string;
                                    id: string;
                                    /** @description the PMS says the patient needs an interpreter */
                                    interpreterRequired?: boolean;
                                    isVideo: boolean;
                                    patient: {
                                        firstName?: string;
                                        id: string;
                                        name: string;
                                    };
                                    practitioner: {
                                        id: string;
                                        name: string;
                                    };
                                    start: string;
                                    status: string;
                                    videoLink?: string;
                                };
                                /** @enum {string} */
                                attention?: "failed" | "unknown" | "undelivered";
                                /** @description the confirm question: asked, confirmed, wants-cancel (a NO waiting for reception), cancel (being cancelled), cancelled; answeredAt when the patient answered */
                                confirm?: {
                                    /** Format: date-time */
                                    answeredAt?: string;
                                    /** @enum {string} */
                                    state: "asked" | "confirmed" | "cancel" | "wants-cancel" | "cancelled";
                                };
                                /** @description when the practitioner is expected to call the patient in (today's waiting patients), and minutes past the start */
                                estimate?: {
                                    /** Format: date-time */
                                    at: string;
                                    delayMinutes: number;
                                };
                                /** @description a video consult whose patient needs an interpreter (the PMS says so) with no live interpreter guest booked yet */
                                interpreterNeeded?: boolean;
                                isVideo: boolean;
                                lastText?: {
                                    /** Format: date-time */
                                    at: string;
                                    deliveryErrorCode?: string;
                                    /** @enum {string} */
                                    deliveryStatus?: "queued" | "sent" | "delivered" | "undelivered" | "failed";
                                    /** @enum {string} */
                                    status: "pending" | "sent" | "failed" | "retry" | "unknown";
                                    template: string;
                                };
                                /** @description running-late texts sent, and the delay in minutes the last one told */
                                lateTexts?: {
                                    count: number;
                                    toldMinutes?: number;
                                };
                                nextStep?: {
                                    /** Format: date-time */
                                    at: string;
                                    step: string;
                                    template?: string;
                                };
                                patientFirstName: string;
                                /** @description last three digits only, e.g. •••678 */
                                phoneMasked?: string;
                                pmsStatus: string;
                                practitioner: {
                                    id: string;
                                    name: string;
                                };
                                progress?: {
                                    appointmentId: string;
                                    /** Format: date-time */
                                    arrivedAt?: string;
                                    arrivedBy?: string;
                                    /** Format: date-time */
                                    calledAt?: string;
                                    /** Format: date-time */
                                    cancellationSentAt?: string;
                                    /** @enum {string} */
                                    confirm?: "asked" | "confirmed" | "cancel" | "wants-cancel" | "cancelled";
                                    /** Format: date-time */
                                    confirmAnsweredAt?: string;
                                    /** Format: date-time */
                                    doctorReadySentAt?: string;
                                    /** Format: date-time */
                                    doneAt?: string;
                                    lastStatus?: string;
                                    lateTexts?: number;
                                    lateToldMinutes?: number;
                                    plannedStart?: string;
                                    /** Format: date-time */
                                    registrationSentAt?: string;
                                    /** Format: date-time */
                                    replyUnclearAt?: string;
                                    room?: {
                                        expiresAt?: string;
                                        patientLink: string;
                                        practitionerLink: string;
                                        roomId: string;
                                    };
                                    /** Format: date-time */
                                    roomClosedAt?: string;
                                    /** @enum {string} */
                                    screening?: "asked" | "video" | "in-person";
                                    /** Format: date-time */
                                    screeningSentAt?: string;
                                    /** Format: date-time */
                                    videoInviteSentAt?: string;
                                    videoRecordedInPms?: boolean;
                                    /** Format: date-time */
                                    waitAnsweredAt?: string;
                                } & {
                                    [key: string]: unknown;
                                };
                                /**
                                 * Format: date-time
                                 * @description a reply to the confirm question the host could not read: reception should call
                                 */
                                replyUnclearAt?: string;
                                /** @description start in the clinic time zone, HH:MM */
                                startLocal: string;
                                /** @description workflow state code, e.g. awaiting-screening-reply */
                                state: string;
                                /** @description the workflow state in words, at clinic time */
                                stateText: string;
                                /** @description the latest text did not (surely) go: failed, outcome unknown, waiting to retry, or retried out; code is the host's CA_ERR_ code */
                                textProblem?: {
                                    /** Format: date-time */
                                    at: string;
                                    attempts: number;
                                    code?: string;
                                    /** @enum {string} */
                                    status: "failed" | "unknown" | "retry" | "retried-out";
                                };
                            }[];
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
    "/api/appointments/today": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** today's appointments: workflow state in words, last text, next step, confirm state, wait estimate */
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
                            items: {
                                appointment: {
                                    created?: string;
                                    end?: string;
                                    id: string;
                                    /** @description the PMS says the patient needs an interpreter */
                                    interpreterRequired?: boolean;
                                    isVideo: boolean;
                                    patient: {
                                        firstName?: string;
                                        id: string;
                                        name: string;
                                    };
                                    practitioner: {
                                        id: string;
                                        name: string;
                                    };
                                    start: string;
                                    status: string;
                                    videoLink?: string;
                                };
                                /** @enum {string} */
                                attention?: "failed" | "unknown" | "undelivered";
                                /** @description the confirm question: asked, confirmed, wants-cancel (a NO waiting for reception), cancel (being cancelled), cancelled; answeredAt when the patient answered */
                                confirm?: {
                                    /** Format: date-time */
                                    answeredAt?: string;
                                    /** @enum {string} */
                                    state: "asked" | "confirmed" | "cancel" | "wants-cancel" | "cancelled";
                                };
                                /** @description when the practitioner is expected to call the patient in (today's waiting patients), and minutes past the start */
                                estimate?: {
                                    /** Format: date-time */
                                    at: string;
                                    delayMinutes: number;
                                };
                                /** @description a video consult whose patient needs an interpreter (the PMS says so) with no live interpreter guest booked yet */
                                interpreterNeeded?: boolean;
                                isVideo: boolean;
                                lastText?: {
                                    /** Format: date-time */
                                    at: string;
                                    deliveryErrorCode?: string;
                                    /** @enum {string} */
                                    deliveryStatus?: "queued" | "sent" | "delivered" | "undelivered" | "failed";
                                    /** @enum {string} */
                                    status: "pending" | "sent" | "failed" | "retry" | "unknown";
                                    template: string;
                                };
                                /** @description running-late texts sent, and the delay in minutes the last one told */
                                lateTexts?: {
                                    count: number;
                                    toldMinutes?: number;
                                };
                                nextStep?: {
                                    /** Format: date-time */
                                    at: string;
                                    step: string;
                                    template?: string;
                                };
                                patientFirstName: string;
                                /** @description last three digits only, e.g. •••678 */
                                phoneMasked?: string;
                                pmsStatus: string;
                                practitioner: {
                                    id: string;
                                    name: string;
                                };
                                progress?: {
                                    appointmentId: string;
                                    /** Format: date-time */
                                    arrivedAt?: string;
                                    arrivedBy?: string;
                                    /** Format: date-time */
                                    calledAt?: string;
                                    /** Format: date-time */
                                    cancellationSentAt?: string;
                                    /** @enum {string} */
                                    confirm?: "asked" | "confirmed" | "cancel" | "wants-cancel" | "cancelled";
                                    /** Format: date-time */
                                    confirmAnsweredAt?: string;
                                    /** Format: date-time */
                                    doctorReadySentAt?: string;
                                    /** Format: date-time */
                                    doneAt?: string;
                                    lastStatus?: string;
                                    lateTexts?: number;
                                    lateToldMinutes?: number;
                                    plannedStart?: string;
                                    /** Format: date-time */
                                    registrationSentAt?: string;
                                    /** Format: date-time */
                                    replyUnclearAt?: string;
                                    room?: {
                                        expiresAt?: string;
                                        patientLink: string;
                                        practitionerLink: string;
                                        roomId: string;
                                    };
                                    /** Format: date-time */
                                    roomClosedAt?: string;
                                    /** @enum {string} */
                                    screening?: "asked" | "video" | "in-person";
                                    /** Format: date-time */
                                    screeningSentAt?: string;
                                    /** Format: date-time */
                                    videoInviteSentAt?: string;
                                    videoRecordedInPms?: boolean;
                                    /** Format: date-time */
                                    waitAnsweredAt?: string;
                                } & {
                                    [key: string]: unknown;
                                };
                                /**
                                 * Format: date-time
                                 * @description a reply to the confirm question the host could not read: reception should call
                                 */
                                replyUnclearAt?: string;
                                /** @description start in the clinic time zone, HH:MM */
                                startLocal: string;
                                /** @description workflow state code, e.g. awaiting-screening-reply */
                                state: string;
                                /** @description the workflow state in words, at clinic time */
                                stateText: string;
                                /** @description the latest text did not (surely) go: failed, outcome unknown, waiting to retry, or retried out; code is the host's CA_ERR_ code */
                                textProblem?: {
                                    /** Format: date-time */
                                    at: string;
                                    attempts: number;
                                    code?: string;
                                    /** @enum {string} */
                                    status: "failed" | "unknown" | "retry" | "retried-out";
                                };
                            }[];
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
    "/api/cycle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** run the today loop now */
        post: {
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** live change events (text/event-stream) */
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
    "/api/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** conversations needing a person (?state=open|done|all&days=14&limit=100) */
        get: {
            parameters: {
                query?: {
                    days?: number;
                    limit?: number;
                    state?: "open" | "done" | "all";
                };
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
                            items: {
                                appointmentId?: string;
                                id: string;
                                /** Format: date-time */
                                lastAt: string;
                                patientFirstName?: string;
                                /** @description last three digits only, e.g. •••678 */
                                phoneMasked: string;
                                reasons: string[];
                                unread: number;
                            }[];
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
    "/api/inbox/{conversationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** one conversation: texts both ways over the last ?days=14, newest last */
        get: {
            parameters: {
                query?: {
                    days?: number;
                };
                header?: never;
                path: {
                    conversationId: string;
                };
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
                            appointmentId?: string;
                            appointments: {
                                id: string;
                                patientFirstName: string;
                                practitionerName: string;
                                start: string;
                                status: string;
                            }[];
                            id: string;
                            /** Format: date-time */
                            lastAt: string;
                            messages: {
                                appointmentId?: string;
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                author: "patient" | "host" | "staff";
                                /** Format: date-time */
                                closedAt?: string;
                                closedBy?: string;
                                deliveryErrorCode?: string;
                                /** @enum {string} */
                                deliveryStatus?: "queued" | "sent" | "delivered" | "undelivered" | "failed";
                                /** @enum {string} */
                                direction: "in" | "out";
                                error?: string;
                                id: string;
                                label: string;
                                reason?: string;
                                sentBy?: string;
                                /** @enum {string} */
                                state?: "pending" | "handled" | "unprocessed" | "dismissed";
                                /** @enum {string} */
                                status?: "pending" | "sent" | "failed" | "retry" | "unknown";
                                template?: string;
                                text: string | null;
                            }[];
                            open: boolean;
                            patientFirstName?: string;
                            /** @description last three digits only, e.g. •••678 */
                            phoneMasked: string;
                            reasons: string[];
                            unread: number;
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
    "/api/inbox/{conversationId}/done": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** mark a conversation done (its texts dismissed, with who) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    conversationId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        by?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            closed: number;
                            ok: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{conversationId}/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** link a conversation's texts to a known appointment */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    conversationId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appointmentId: string;
                        by?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            linked: number;
                            ok: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{conversationId}/reply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** send a free-text reply through the outbox (once per requestId) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    conversationId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        by?: string;
                        requestId: string;
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            message: {
                                appointmentId?: string;
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                author: "patient" | "host" | "staff";
                                /** Format: date-time */
                                closedAt?: string;
                                closedBy?: string;
                                deliveryErrorCode?: string;
                                /** @enum {string} */
                                deliveryStatus?: "queued" | "sent" | "delivered" | "undelivered" | "failed";
                                /** @enum {string} */
                                direction: "in" | "out";
                                error?: string;
                                id: string;
                                label: string;
                                reason?: string;
                                sentBy?: string;
                                /** @enum {string} */
                                state?: "pending" | "handled" | "unprocessed" | "dismissed";
                                /** @enum {string} */
                                status?: "pending" | "sent" | "failed" | "retry" | "unknown";
                                template?: string;
                                text: string | null;
                            };
                            repeated: boolean;
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{conversationId}/reveal-number": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** the full number of a conversation (recorded) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    conversationId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        by?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description E.164 */
                            phone: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** messages sent (?since=ISO time&limit=N) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    since?: string;
                };
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
    "/api/messages/unknown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** sends whose outcome is unknown (?state=open|resolved|all; open by default) */
        get: {
            parameters: {
                query?: {
                    state?: "open" | "resolved" | "all";
                };
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
    "/api/messages/unknown/{id}/delivered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** record that an unknown send did arrive ({ by? }) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        by?: string;
                    };
                };
            };
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/unknown/{id}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** record that nothing will be done about an unknown send ({ by? }) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        by?: string;
                    };
                };
            };
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/unknown/{id}/send-again": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** send the same text once more and record it ({ by? }) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        by?: string;
                    };
                };
            };
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/unprocessed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** replies kept for a person to handle */
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
    "/api/messages/unprocessed/{id}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** mark an unprocessed reply as dealt with */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/opt-outs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** opted-out numbers, masked, newest first */
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
                            items: {
                                /** Format: date-time */
                                at: string;
                                phoneMasked: string;
                            }[];
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
    "/api/practitioners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** practitioners and their settings in effect (config, then app changes), seen or not */
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
                            items: {
                                ignore?: boolean;
                                name?: string;
                                noVideo?: boolean;
                                practitionerId: string;
                                room?: string;
                                seen: boolean;
                            }[];
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
    "/api/practitioners/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** change room, ignore or noVideo (an id not seen yet is created) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ignore?: boolean;
                        noVideo?: boolean;
                        room?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ignore?: boolean;
                            name?: string;
                            noVideo?: boolean;
                            practitionerId: string;
                            room?: string;
                            seen: boolean;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/practitioners/{id}/late-texts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** mute (or unmute) a practitioner's running-late texts for today */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        muted: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the consult length the estimate uses: the median today, or the configured default */
                            consultMinutes: number;
                            current?: {
                                appointmentId: string;
                                /** Format: date-time */
                                calledAt: string;
                            };
                            /** @description minutes behind: reception's override when set today, else the estimate's */
                            delayMinutes: number;
                            /** @description running-late texts muted for today */
                            muted: boolean;
                            name?: string;
                            override?: {
                                minutes: number;
                                /** Format: date-time */
                                setAt: string;
                            };
                            practitionerId: string;
                            /** @description consults measured today */
                            samples: number;
                            /** @enum {string} */
                            source: "estimate" | "override";
                            /** @description patients not yet called in, in the order the estimate expects: ids and times only */
                            waiting: {
                                appointmentId: string;
                                /** Format: date-time */
                                arrivedAt?: string;
                                delayMinutes: number;
                                /** Format: date-time */
                                estimateAt: string;
                                /** Format: date-time */
                                scheduledAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/practitioners/{id}/running-late": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** set (minutes 0–240) or clear (null) "running late by N minutes" for today */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        minutes: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the consult length the estimate uses: the median today, or the configured default */
                            consultMinutes: number;
                            current?: {
                                appointmentId: string;
                                /** Format: date-time */
                                calledAt: string;
                            };
                            /** @description minutes behind: reception's override when set today, else the estimate's */
                            delayMinutes: number;
                            /** @description running-late texts muted for today */
                            muted: boolean;
                            name?: string;
                            override?: {
                                minutes: number;
                                /** Format: date-time */
                                setAt: string;
                            };
                            practitionerId: string;
                            /** @description consults measured today */
                            samples: number;
                            /** @enum {string} */
                            source: "estimate" | "override";
                            /** @description patients not yet called in, in the order the estimate expects: ids and times only */
                            waiting: {
                                appointmentId: string;
                                /** Format: date-time */
                                arrivedAt?: string;
                                delayMinutes: number;
                                /** Format: date-time */
                                estimateAt: string;
                                /** Format: date-time */
                                scheduledAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/practitioners/queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** today's queue per practitioner: delay, consult median, waiting patients' estimates (ids only) */
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
                            items: {
                                /** @description the consult length the estimate uses: the median today, or the configured default */
                                consultMinutes: number;
                                current?: {
                                    appointmentId: string;
                                    /** Format: date-time */
                                    calledAt: string;
                                };
                                /** @description minutes behind: reception's override when set today, else the estimate's */
                                delayMinutes: number;
                                /** @description running-late texts muted for today */
                                muted: boolean;
                                name?: string;
                                override?: {
                                    minutes: number;
                                    /** Format: date-time */
                                    setAt: string;
                                };
                                practitionerId: string;
                                /** @description consults measured today */
                                samples: number;
                                /** @enum {string} */
                                source: "estimate" | "override";
                                /** @description patients not yet called in, in the order the estimate expects: ids and times only */
                                waiting: {
                                    appointmentId: string;
                                    /** Format: date-time */
                                    arrivedAt?: string;
                                    delayMinutes: number;
                                    /** Format: date-time */
                                    estimateAt: string;
                                    /** Format: date-time */
                                    scheduledAt: string;
                                }[];
                            }[];
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
        /** readiness check: 503 while the store or the PMS/SMS plugin cannot work (no token needed) */
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
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** who is signed in, whether sign-in is required, the CSRF token */
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
        /** sign in ({ name, password }); sets the session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        password: string;
                    };
                };
            };
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
        /** sign out */
        delete: {
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
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/simulator/appointments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** simulated PMS appointments */
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
                            items: {
                                /**
                                 * @description set when the host cancelled because the patient asked to
                                 * @enum {string}
                                 */
                                cancellationReason?: "patient";
                                /** @description when the patient confirmed by text (ISO 8601) */
                                confirmedAt?: string;
                                created?: string;
                                end?: string;
                                id: string;
                                interpreterRequired?: boolean;
                                isVideo: boolean;
                                /** @description the patient's preferred language (BCP 47) */
                                language?: string;
                                patient: {
                                    firstName?: string;
                                    id: string;
                                    mobile?: string;
                                    name: string;
                                };
                                practitioner: {
                                    id: string;
                                    name: string;
                                };
                                /** @description ISO 8601 with offset */
                                start: string;
                                status: string;
                                videoLink?: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** add (or replace, by id) an appointment */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created?: string;
                        /** Format: date-time */
                        end?: string;
                        id?: string;
                        interpreterRequired?: boolean;
                        /** @default false */
                        isVideo?: boolean;
                        language?: string;
                        patient: {
                            firstName?: string;
                            id: string;
                            mobile?: string;
                            name: string;
                        };
                        practitioner: {
                            id: string;
                            name: string;
                        };
                        /** Format: date-time */
                        start: string;
                        /**
                         * @default booked
                         * @enum {unknown}
                         */
                        status?: "proposed" | "pending" | "booked" | "arrived" | "fulfilled" | "cancelled" | "noshow" | "entered-in-error" | "checked-in" | "waitlist";
                        /** Format: uri */
                        videoLink?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description set when the host cancelled because the patient asked to
                             * @enum {string}
                             */
                            cancellationReason?: "patient";
                            /** @description when the patient confirmed by text (ISO 8601) */
                            confirmedAt?: string;
                            created?: string;
                            end?: string;
                            id: string;
                            interpreterRequired?: boolean;
                            isVideo: boolean;
                            /** @description the patient's preferred language (BCP 47) */
                            language?: string;
                            patient: {
                                firstName?: string;
                                id: string;
                                mobile?: string;
                                name: string;
                            };
                            practitioner: {
                                id: string;
                                name: string;
                            };
                            /** @description ISO 8601 with offset */
                            start: string;
                            status: string;
                            videoLink?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/simulator/appointments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** remove an appointment */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
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
        options?: never;
        head?: never;
        /** edit an appointment (status, start…) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created?: string;
                        /** Format: date-time */
                        end?: string;
                        interpreterRequired?: boolean;
                        isVideo?: boolean;
                        language?: string;
                        patient?: {
                            firstName?: string;
                            id: string;
                            mobile?: string;
                            name: string;
                        };
                        practitioner?: {
                            id: string;
                            name: string;
                        };
                        /** Format: date-time */
                        start?: string;
                        /** @enum {unknown} */
                        status?: "proposed" | "pending" | "booked" | "arrived" | "fulfilled" | "cancelled" | "noshow" | "entered-in-error" | "checked-in" | "waitlist";
                        /** Format: uri */
                        videoLink?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description set when the host cancelled because the patient asked to
                             * @enum {string}
                             */
                            cancellationReason?: "patient";
                            /** @description when the patient confirmed by text (ISO 8601) */
                            confirmedAt?: string;
                            created?: string;
                            end?: string;
                            id: string;
                            interpreterRequired?: boolean;
                            isVideo: boolean;
                            /** @description the patient's preferred language (BCP 47) */
                            language?: string;
                            patient: {
                                firstName?: string;
                                id: string;
                                mobile?: string;
                                name: string;
                            };
                            practitioner: {
                                id: string;
                                name: string;
                            };
                            /** @description ISO 8601 with offset */
                            start: string;
                            status: string;
                            videoLink?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/simulator/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** how many injected replies wait to be read */
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
                            /** @description injected replies the host has not read yet */
                            pending: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** inject a patient reply ({ from, body }) → { id } */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        from: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/simulator/sms/sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** texts the simulated SMS provider sent */
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
                            items: {
                                /** Format: date-time */
                                at: string;
                                body: string;
                                providerId: string;
                                /** @description the number texted (E.164) */
                                to: string;
                            }[];
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
    "/api/simulator/sms/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** a delivery status callback for a sent text ({ providerId, status, errorCode? }) → { id }, once the host stored it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        errorCode?: string;
                        providerId: string;
                        /** @enum {string} */
                        status: "queued" | "sent" | "delivered" | "undelivered" | "failed";
                    };
                };
            };
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/simulator/video/{roomId}/guest-join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** simulate a guest opening their link (never counts as the patient joining) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roomId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        grantId: string;
                    };
                };
            };
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/simulator/video/{roomId}/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** simulate the patient joining a room */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roomId: string;
                };
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/simulator/video/rooms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** simulated video rooms */
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
                            items: {
                                closed: boolean;
                                patientJoined: boolean;
                                roomId: string;
                            }[];
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
    "/api/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** host status: plugins, loops, counters */
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
                            clinic: {
                                name: string;
                                timeZone: string;
                            };
                            languages?: {
                                /** @description the clinic's default language (BCP 47) */
                                default: string;
                                /** @description languages texts were asked in without a text (sent in the default language instead), most recent first */
                                gaps: {
                                    count: number;
                                    language: string;
                                    /** Format: date-time */
                                    lastSeen: string;
                                    templates: {
                                        count: number;
                                        /** Format: date-time */
                                        lastSeen: string;
                                        template: string;
                                    }[];
                                }[];
                                offered: string[];
                            };
                            loops: {
                                [key: string]: {
                                    errors: number;
                                    lastDurationMs?: number;
                                    lastError?: string;
                                    /** Format: date-time */
                                    lastRunAt?: string;
                                    runs: number;
                                };
                            };
                            messagesToday: {
                                failed: number;
                                received: number;
                                sent: number;
                                unknown: number;
                                unprocessed: number;
                            };
                            /**
                             * Format: date-time
                             * @description the host's clock: what today means
                             */
                            now: string;
                            /** @description numbers that texted STOP and have not texted START since */
                            optOuts: number;
                            plugins: {
                                /** @description the plugin's own report, made no better than its window */
                                health: {
                                    data?: {
                                        [key: string]: unknown;
                                    };
                                    detail?: string;
                                    /** @enum {string} */
                                    status: "ok" | "degraded" | "down";
                                };
                                id: string;
                                notes?: string[];
                                /** @enum {string} */
                                role: "pms" | "sms" | "inbox" | "video";
                                window?: {
                                    calls: number;
                                    failed: number;
                                    lastError?: {
                                        /** Format: date-time */
                                        at: string;
                                        code: string;
                                    };
                                    retried: number;
                                    /** Format: date-time */
                                    since: string;
                                    /** @enum {string} */
                                    status: "ok" | "degraded" | "down";
                                    windowSeconds: number;
                                };
                            }[];
                            recentErrors: {
                                /** Format: date-time */
                                at: string;
                                error: string;
                                where: string;
                            }[];
                            skippedAppointments: {
                                [key: string]: number;
                            };
                            /** Format: date-time */
                            startedAt: string;
                            /** @description sends whose outcome is unknown and nobody has resolved yet, of any day (GET /api/messages/unknown) */
                            unknownSends: number;
                            version: string;
                            workflowCounts: {
                                [key: string]: number;
                            };
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
    "/api/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** message templates, with variables, default text and SMS cost */
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
                            items: {
                                characters: number;
                                default: string;
                                /** @enum {string} */
                                encoding: "GSM-7" | "UCS-2";
                                /** @description the language of `text`: the clinic's default */
                                language?: string;
                                /** @description the template in every offered language that has a text for it, the default first */
                                languages?: {
                                    characters: number;
                                    /** @description the shipped text in this language ('' when none ships) */
                                    default: string;
                                    /** @enum {string} */
                                    encoding: "GSM-7" | "UCS-2";
                                    /** @description BCP 47 */
                                    language: string;
                                    segments: number;
                                    /** @enum {string} */
                                    source: "default" | "config" | "edited";
                                    text: string;
                                    /** @description rendered with the longest plausible names, dates and links */
                                    worstCase: {
                                        characters: number;
                                        /** @enum {string} */
                                        encoding: "GSM-7" | "UCS-2";
                                        segments: number;
                                    };
                                }[];
                                /** @description offered languages without a text for this template (their patients get the default language's) */
                                missingLanguages?: string[];
                                name: string;
                                segments: number;
                                /** @enum {string} */
                                source: "default" | "config" | "edited";
                                text: string;
                                variables: string[];
                                /** @description rendered with the longest plausible names, dates and links */
                                worstCase?: {
                                    characters: number;
                                    /** @enum {string} */
                                    encoding: "GSM-7" | "UCS-2";
                                    segments: number;
                                };
                            }[];
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
    "/api/templates/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** replace a template ({ text }), in ?language= or the default language */
        put: {
            parameters: {
                query?: {
                    language?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            characters: number;
                            default: string;
                            /** @enum {string} */
                            encoding: "GSM-7" | "UCS-2";
                            /** @description the language of `text`: the clinic's default */
                            language?: string;
                            /** @description the template in every offered language that has a text for it, the default first */
                            languages?: {
                                characters: number;
                                /** @description the shipped text in this language ('' when none ships) */
                                default: string;
                                /** @enum {string} */
                                encoding: "GSM-7" | "UCS-2";
                                /** @description BCP 47 */
                                language: string;
                                segments: number;
                                /** @enum {string} */
                                source: "default" | "config" | "edited";
                                text: string;
                                /** @description rendered with the longest plausible names, dates and links */
                                worstCase: {
                                    characters: number;
                                    /** @enum {string} */
                                    encoding: "GSM-7" | "UCS-2";
                                    segments: number;
                                };
                            }[];
                            /** @description offered languages without a text for this template (their patients get the default language's) */
                            missingLanguages?: string[];
                            name: string;
                            segments: number;
                            /** @enum {string} */
                            source: "default" | "config" | "edited";
                            text: string;
                            variables: string[];
                            /** @description rendered with the longest plausible names, dates and links */
                            worstCase?: {
                                characters: number;
                                /** @enum {string} */
                                encoding: "GSM-7" | "UCS-2";
                                segments: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            error: string;
                            problems: {
                                column?: number;
                                fix?: string;
                                line?: number;
                                problem: string;
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        /** restore the default text (of ?language=, or the default language) */
        delete: {
            parameters: {
                query?: {
                    language?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
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
                            characters: number;
                            default: string;
                            /** @enum {string} */
                            encoding: "GSM-7" | "UCS-2";
                            /** @description the language of `text`: the clinic's default */
                            language?: string;
                            /** @description the template in every offered language that has a text for it, the default first */
                            languages?: {
                                characters: number;
                                /** @description the shipped text in this language ('' when none ships) */
                                default: string;
                                /** @enum {string} */
                                encoding: "GSM-7" | "UCS-2";
                                /** @description BCP 47 */
                                language: string;
                                segments: number;
                                /** @enum {string} */
                                source: "default" | "config" | "edited";
                                text: string;
                                /** @description rendered with the longest plausible names, dates and links */
                                worstCase: {
                                    characters: number;
                                    /** @enum {string} */
                                    encoding: "GSM-7" | "UCS-2";
                                    segments: number;
                                };
                            }[];
                            /** @description offered languages without a text for this template (their patients get the default language's) */
                            missingLanguages?: string[];
                            name: string;
                            segments: number;
                            /** @enum {string} */
                            source: "default" | "config" | "edited";
                            text: string;
                            variables: string[];
                            /** @description rendered with the longest plausible names, dates and links */
                            worstCase?: {
                                characters: number;
                                /** @enum {string} */
                                encoding: "GSM-7" | "UCS-2";
                                segments: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            error: string;
                            problems: {
                                column?: number;
                                fix?: string;
                                line?: number;
                                problem: string;
                            }[];
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{name}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** render with a sample appointment ({ text? }), in ?language= or the default language, with its SMS cost */
        post: {
            parameters: {
                query?: {
                    language?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            characters: number;
                            /** @enum {string} */
                            encoding: "GSM-7" | "UCS-2";
                            segments: number;
                            text: string;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            error: string;
                            problems: {
                                column?: number;
                                fix?: string;
                                line?: number;
                                problem: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** staff accounts (admins) */
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
        /** add a staff account ({ name, password, role? }) (admins) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        password: string;
                        /** @enum {string} */
                        role?: "reception" | "admin";
                    };
                };
            };
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** remove a staff account and sign it out (admins) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
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
        /** host metrics in the Prometheus text format (for a local Prometheus) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text format 0.0.4 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
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
