import {
  auditPageSchema,
  auditQuerySchema,
  auditVerificationSchema,
  auditVerifyQuerySchema,
} from "../client/schemas.js";
import { invalid } from "../core/errors.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import type { Store } from "../store/database.js";
import { listAudit, verifyAuditLog } from "./store.js";

/** The audit log over HTTP, for admins: read it, and check its chain. */
export function auditRoutes(store: Store): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      access: "admin",
      url: "/api/v1/audit",
      tag: "audit",
      summary: "Audit records, newest first, optionally of one kind, object name or actor",
      query: auditQuerySchema,
      response: auditPageSchema,
      handler: async ({ query }) => ({
        ...(await listAudit(store.db, query)),
        limit: query.limit,
        offset: query.offset,
      }),
    }),
    defineRoute({
      method: "GET",
      access: "admin",
      url: "/api/v1/audit/verify",
      tag: "audit",
      summary: "Check the audit log's hash chain, and with seq and hash that an anchored head is still there",
      query: auditVerifyQuerySchema,
      response: auditVerificationSchema,
      handler: ({ query }) => {
        if ((query.seq === undefined) !== (query.hash === undefined))
          throw invalid("an anchor needs both seq and hash");
        const anchor = query.seq !== undefined && query.hash ? { seq: query.seq, hash: query.hash } : undefined;
        return verifyAuditLog(store.db, anchor);
      },
    }),
  ];
}
