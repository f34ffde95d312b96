/**
 * The HTTP API's types, generated from the server's OpenAPI document by
 * openapi-typescript. Do not edit: run `pnpm --filter @mlskit/server gen:client-types`
 * (apps/server/test/client-types.test.ts fails while this file is stale).
 */
export type paths = {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: 200 while the process works (also during shutdown) */
        get: operations["getHealthLive"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: 200 when the service is healthy or degraded; 503 when unhealthy or shutting down */
        get: operations["getHealthReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's events (server-sent events; `event:` is the type, `data:` the JSON event) */
        get: operations["getEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's groups, ordered by groupId, one page at a time */
        get: operations["getGroups"];
        put?: never;
        /** Create a group with the caller as its only member */
        post: operations["postGroups"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{groupId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A group's epoch and members as the caller sees them */
        get: operations["getGroupsByGroupId"];
        put?: never;
        post?: never;
        /** Delete the caller's state of a group it was removed from (status removed); 409 CONFLICT while still a member (leave instead) */
        delete: operations["deleteGroupsByGroupId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{groupId}/group-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The group's GroupInfo with external_pub and ratchet_tree, for joining by external commit (members only) */
        get: operations["getGroupsByGroupIdGroupInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{groupId}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Leave a group: returns a self-remove proposal to deliver to the other members (one of them commits it); the caller's state of the group is deleted */
        post: operations["postGroupsByGroupIdLeave"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{groupId}/log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The group's ordered log after a seq (current members only); `wait` long-polls for a first entry */
        get: operations["getGroupsByGroupIdLog"];
        put?: never;
        /** Append a message made by a member whose keys live elsewhere; a commit that lost the epoch gets 409 COMMIT_CONFLICT with the winner's seq */
        post: operations["postGroupsByGroupIdLog"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{groupId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add members by key package or (delivery on) by identity name; returns the commit and the Welcome */
        post: operations["postGroupsByGroupIdMembers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{groupId}/members/remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove members by leaf index or (delivery on) identity name; returns the commit */
        post: operations["postGroupsByGroupIdMembersRemove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{groupId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Encrypt an application message; with delivery on it is appended to the group's log for every member, else deliver the returned MLSMessage yourself */
        post: operations["postGroupsByGroupIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{groupId}/process": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Process a received MLSMessage by hand (delivery off; with delivery on: 409, members apply the log themselves) */
        post: operations["postGroupsByGroupIdProcess"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{groupId}/update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the caller's own leaf keys (self-update); returns the commit */
        post: operations["postGroupsByGroupIdUpdate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Join a group from a Welcome addressed to one of the caller's key packages */
        post: operations["postGroupsJoin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/join-external": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Join a group by external commit from its GroupInfo; deliver the returned commit to the members */
        post: operations["postGroupsJoinExternal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a group the caller (an identity whose keys live elsewhere) created: it is the only member until its commits add others */
        post: operations["postGroupsRegister"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List identities (admin token), ordered by id, one page at a time */
        get: operations["getIdentities"];
        put?: never;
        /** Create an identity (admin token); its bearer token is returned once. Names are unique: 409 CONFLICT when taken */
        post: operations["postIdentities"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an identity with its key packages and groups (admin token); its token stops working */
        delete: operations["deleteIdentitiesById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identities/{id}/key-packages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate key packages for the caller's identity */
        post: operations["postIdentitiesByIdKeyPackages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identities/{id}/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new bearer token for an identity and revoke its old one (admin token or the identity's own) */
        post: operations["postIdentitiesByIdToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's delivered messages and group events after a cursor; `wait` long-polls */
        get: operations["getInbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inbox/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's inbox as server-sent events: `id` is the cursor, `event` the entry type; resumes after `Last-Event-ID` */
        get: operations["getInboxEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/key-packages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish key packages the caller made itself (an identity whose keys live elsewhere); checked, all or nothing */
        post: operations["postKeyPackages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/key-packages/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim one published key package of each named identity (atomically: never handed out twice) */
        post: operations["postKeyPackagesClaim"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/welcomes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Welcomes addressed to the caller that it has not acknowledged yet, oldest first */
        get: operations["getWelcomes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/welcomes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Acknowledge one of the caller's Welcomes so it is not served again */
        delete: operations["deleteWelcomesById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    getHealthLive: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checkedAt: string;
                        components: {
                            details?: string;
                            durationMs: number;
                            name: string;
                            status: string;
                        }[];
                        /** @enum {string} */
                        status: "healthy" | "degraded" | "unhealthy";
                    };
                };
            };
            /** @description not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checkedAt: string;
                        components: {
                            details?: string;
                            durationMs: number;
                            name: string;
                            status: string;
                        }[];
                        /** @enum {string} */
                        status: "healthy" | "degraded" | "unhealthy";
                    };
                };
            };
        };
    };
    getHealthReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checkedAt: string;
                        components: {
                            details?: string;
                            durationMs: number;
                            name: string;
                            status: string;
                        }[];
                        /** @enum {string} */
                        status: "healthy" | "degraded" | "unhealthy";
                    };
                };
            };
            /** @description not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checkedAt: string;
                        components: {
                            details?: string;
                            durationMs: number;
                            name: string;
                            status: string;
                        }[];
                        /** @enum {string} */
                        status: "healthy" | "degraded" | "unhealthy";
                    };
                };
            };
        };
    };
    getEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description an endless text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
        };
    };
    getGroups: {
        parameters: {
            query?: {
                /** @description `nextCursor` of the previous page */
                cursor?: string;
                /** @description groups per page, 1 to 1000 (default 100) */
                limit?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        groups: {
                            epoch: number;
                            /** @description base64url of the MLS group id */
                            groupId: string;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "removed";
                            /** @description increases with every stored change of the caller's state */
                            version: number;
                        }[];
                        /** @description present when more groups follow: pass it as `cursor` */
                        nextCursor?: string;
                    };
                };
            };
        };
    };
    postGroups: {
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
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description base64url of the MLS group id */
                        groupId: string;
                    };
                };
            };
        };
    };
    getGroupsByGroupId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description delivery on: the last group log entry applied for the caller */
                        appliedSeq?: number;
                        ciphersuite: string;
                        epoch: number;
                        /** @description the epoch authenticator (RFC 9420 section 8.7, base64url): equal for every member of the epoch unless the group forked */
                        epochAuthenticator: string;
                        /** @description base64url of the MLS group id */
                        groupId: string;
                        members: {
                            credentialType: string;
                            /** @description the basic credential's identity */
                            identity: string;
                            leafIndex: number;
                        }[];
                        name: string;
                        ownLeafIndex: number;
                        /** @enum {string} */
                        status: "active" | "removed";
                        /** @description increases with every stored change of the caller's state */
                        version: number;
                    };
                };
            };
        };
    };
    deleteGroupsByGroupId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getGroupsByGroupIdGroupInfo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description GroupInfo MLSMessage (base64url) */
                        groupInfo: string;
                    };
                };
            };
        };
    };
    postGroupsByGroupIdLeave: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the self-remove proposal MLSMessage (base64url) */
                        proposal: string;
                    };
                };
            };
        };
    };
    getGroupsByGroupIdLog: {
        parameters: {
            query?: {
                /** @description entries after this seq (default 0) */
                after?: string;
                /** @description entries per page, 1 to 1000 (default 100) */
                limit?: string;
                /** @description seconds to wait for a first entry, 0 to 60 (default 0) */
                wait?: string;
            };
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: {
                            epoch: number;
                            /** @enum {string} */
                            kind: "commit" | "proposal" | "application";
                            /** @description MLSMessage (base64url) */
                            message: string;
                            seq: number;
                            /** @description when it was appended (ms since the Unix epoch) */
                            time: number;
                        }[];
                        /** @description the seq to pass as `after` next time */
                        next: number;
                    };
                };
            };
        };
    };
    postGroupsByGroupIdLog: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description PublicMessage or PrivateMessage MLSMessage (base64url, no padding) */
                    message: string;
                    /** @description with a commit that adds members: its Welcome MLSMessage, handed to the added identities (base64url, no padding) */
                    welcome?: string;
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        epoch: number;
                        /** @enum {string} */
                        kind: "commit" | "proposal" | "application";
                        /** @description the entry's seq in the group log */
                        seq: number;
                    };
                };
            };
        };
    };
    postGroupsByGroupIdMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description delivery on: claim a published key package of each */
                    identities?: string[];
                    keyPackages?: string[];
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description commit MLSMessage (base64url) */
                        commit: string;
                        /** @description delivery on: the epoch the commit started */
                        epoch?: number;
                        /** @description delivery on: the commit's seq in the group's log */
                        seq?: number;
                        /** @description Welcome MLSMessage for the new members (base64url) */
                        welcome: string;
                    };
                };
            };
        };
    };
    postGroupsByGroupIdMembersRemove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    identities?: string[];
                    leafIndices?: number[];
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description commit MLSMessage (base64url) */
                        commit: string;
                        /** @description delivery on: the epoch the commit started */
                        epoch?: number;
                        /** @description delivery on: the commit's seq in the group's log */
                        seq?: number;
                    };
                };
            };
        };
    };
    postGroupsByGroupIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        /** @description give exactly one of plaintext (base64url bytes) or text (UTF-8 text) */
        requestBody: {
            content: {
                "application/json": {
                    /** @description authenticated data: sent in the clear, integrity-protected, returned on process (base64url, no padding) */
                    aad?: string;
                    /** @description the plaintext as bytes (base64url, no padding) */
                    plaintext?: string;
                    /** @description the plaintext as text, sent as its UTF-8 bytes */
                    text?: string;
                } & (unknown | unknown);
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description delivery on: the epoch it was sent in */
                        epoch?: number;
                        /** @description PrivateMessage MLSMessage (base64url) */
                        message: string;
                        /** @description delivery on: its seq in the group's log */
                        seq?: number;
                    };
                };
            };
        };
    };
    postGroupsByGroupIdProcess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description MLSMessage (base64url, no padding) */
                    message: string;
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description application: the authenticated data (base64url) */
                        authenticatedData?: string;
                        epoch: number;
                        /** @description application: the sender's ratchet generation in the epoch (gaps: skipped messages) */
                        generation?: number;
                        /** @enum {string} */
                        kind: "application" | "proposal" | "commit" | "removed";
                        /** @description commit: members it added */
                        membersAdded?: {
                            credentialType: string;
                            /** @description the basic credential's identity */
                            identity: string;
                            leafIndex: number;
                        }[];
                        /** @description commit: members it removed */
                        membersRemoved?: {
                            credentialType: string;
                            /** @description the basic credential's identity */
                            identity: string;
                            leafIndex: number;
                        }[];
                        /** @description application: the plaintext (base64url) */
                        plaintext?: string;
                        /** @description proposal: add, remove, update, ... */
                        proposalType?: string;
                        sender?: {
                            identity: string;
                            leafIndex: number;
                        };
                        /** @description application: the plaintext as text, present when it is valid UTF-8 */
                        text?: string;
                    };
                };
            };
        };
    };
    postGroupsByGroupIdUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description base64url of the MLS group id */
                groupId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description commit MLSMessage (base64url) */
                        commit: string;
                        /** @description delivery on: the epoch the commit started */
                        epoch?: number;
                        /** @description delivery on: the commit's seq in the group's log */
                        seq?: number;
                    };
                };
            };
        };
    };
    postGroupsJoin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the caller's name for the group (MLS carries none); default: the other members' names, e.g. "alice, bob" */
                    name?: string;
                    /** @description ratchet tree, when the Welcome lacks the extension (base64url, no padding) */
                    ratchetTree?: string;
                    /** @description Welcome MLSMessage (base64url, no padding) */
                    welcome: string;
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description base64url of the MLS group id */
                        groupId: string;
                    };
                };
            };
        };
    };
    postGroupsJoinExternal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description GroupInfo MLSMessage with external_pub and ratchet_tree, as GET /v1/groups/{groupId}/group-info returns (base64url, no padding) */
                    groupInfo: string;
                    /** @description the caller's name for the group; default: the other members' names, e.g. "alice, bob" */
                    name?: string;
                    /** @description true when the caller is already in the group (another device or lost state): its old leaf is replaced */
                    resync?: boolean;
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description external commit MLSMessage for the group's members (base64url) */
                        commit: string;
                        /** @description the epoch the commit starts */
                        epoch: number;
                        /** @description base64url of the MLS group id */
                        groupId: string;
                    };
                };
            };
        };
    };
    postGroupsRegister: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description base64url of the MLS group id */
                    groupId: string;
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        groupId: string;
                    };
                };
            };
        };
    };
    getIdentities: {
        parameters: {
            query?: {
                /** @description `nextCursor` of the previous page */
                cursor?: string;
                /** @description identities per page, 1 to 1000 (default 100) */
                limit?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        identities: {
                            ciphersuite: string;
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            name: string;
                        }[];
                        /** @description present when more identities follow: pass it as `cursor` */
                        nextCursor?: string;
                    };
                };
            };
        };
    };
    postIdentities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description false: the identity keeps its keys in its own MLS client and uploads its key packages (default true) */
                    hosted?: boolean;
                    /** @description the basic credential's identity */
                    name: string;
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description whether the server keeps its keys */
                        hosted: boolean;
                        id: string;
                        name: string;
                        /** @description the identity's bearer token; store it, it is not shown again */
                        token: string;
                    };
                };
            };
        };
    };
    deleteIdentitiesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description identity id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postIdentitiesByIdKeyPackages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description identity id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 1 */
                    count?: number;
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keyPackages: string[];
                    };
                };
            };
        };
    };
    postIdentitiesByIdToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description identity id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @description the identity's new bearer token; store it, it is not shown again */
                        token: string;
                    };
                };
            };
        };
    };
    getInbox: {
        parameters: {
            query?: {
                /** @description entries after this cursor (default 0) */
                after?: string;
                /** @description entries per page, 1 to 1000 (default 100) */
                limit?: string;
                /** @description seconds to wait for a first entry, 0 to 60 (default 0) */
                wait?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: {
                            /** @description message: authenticated data (base64url) */
                            authenticatedData?: string;
                            /** @description per identity, growing: resume after it */
                            cursor: number;
                            epoch: number;
                            /** @description message: the sender's ratchet generation in the epoch (gaps: lost messages) */
                            generation?: number;
                            /** @description base64url of the MLS group id */
                            groupId: string;
                            /** @description who joined, was added or removed */
                            members?: {
                                credentialType: string;
                                /** @description the basic credential's identity */
                                identity: string;
                                leafIndex: number;
                            }[];
                            /** @description message: the plaintext (base64url) */
                            plaintext?: string;
                            sender?: {
                                identity: string;
                                leafIndex: number;
                            };
                            /** @description the group log entry it came from */
                            seq: number;
                            /** @description message: the plaintext as text, when it is UTF-8 */
                            text?: string;
                            /** @description when it was delivered (ms since the Unix epoch) */
                            time: number;
                            /** @enum {string} */
                            type: "message" | "joined" | "welcome" | "membersAdded" | "membersRemoved" | "removed" | "epoch";
                            /** @description welcome: the Welcome MLSMessage (base64url) when auto-join is off */
                            welcome?: string;
                        }[];
                        /** @description the cursor to pass as `after` next time */
                        next: number;
                    };
                };
            };
        };
    };
    getInboxEvents: {
        parameters: {
            query?: {
                /** @description start after this cursor when no Last-Event-ID is sent */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description an endless text/event-stream of inbox entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
        };
    };
    postKeyPackages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    keyPackages: string[];
                    /** @description one package kept until replaced, handed out once no other is left (default false) */
                    lastResort?: boolean;
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        published: number;
                    };
                };
            };
        };
    };
    postKeyPackagesClaim: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    identities: string[];
                };
            };
        };
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keyPackages: {
                            identity: string;
                            /** @description KeyPackage MLSMessage (base64url) */
                            keyPackage: string;
                        }[];
                    };
                };
            };
        };
    };
    getWelcomes: {
        parameters: {
            query?: {
                /** @description Welcomes per answer, 1 to 1000 (default 100) */
                limit?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        welcomes: {
                            /** @description base64url of the MLS group id */
                            groupId: string;
                            /** @description acknowledge it with DELETE /v1/welcomes/{id} */
                            id: string;
                            /** @description Welcome MLSMessage (base64url) */
                            welcome: string;
                        }[];
                    };
                };
            };
        };
    };
    deleteWelcomesById: {
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
            /** @description client error: `{ error: { code, message, reason? } }` */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description server error: `{ error: { code, message } }` */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            /** @enum {string} */
                            reason?: "wrong_group" | "past_epoch" | "future_epoch" | "own_message" | "replayed" | "too_far_ahead" | "missing_proposal" | "key_package_lifetime" | "ciphersuite_mismatch" | "unsupported" | "ratchet_tree_required" | "protocol_violation" | "malformed";
                            /** @description ALREADY_APPENDED: the seq the message already has */
                            seq?: number;
                            /** @description COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo */
                            winner?: number;
                        };
                    };
                };
            };
            /** @description acknowledged */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
