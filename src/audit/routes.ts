import { z } from "zod";
import { auditPageSchema, auditVerificationSchema } from "../client/schemas.js";
import { invalid } from "../core/errors.js";
import { defineRoute, pagingQuery, type RouteDefinition } from "../http/route.js";
import type { Store } from "../store/database.js";
import { listAudit, verifyAuditLog } from "./store.js";

const auditQuery = pagingQuery.extend({
  kind: z.string().optional().describe("records of this kind only, e.g. Monitor"),
  name: z.string().optional().describe("records of objects (or tokens) of this name only"),
  actor: z.string().optional().describe("records of this actor only"),
});

const anchorQuery = z.strictObject({
  seq: z.coerce.number().int().min(1).optional().describe("an anchored head: the record that must still be there"),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .describe("the anchored head's hash, as `nines audit verify` printed it"),
});

/** The audit log over HTTP, for admins: read it, and check its chain. */
export function auditRoutes(store: Store): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      access: "admin",
      url: "/api/v1/audit",
      tag: "audit",
      summary: "Audit records, newest first, optionally of one kind, object name or actor",
      query: auditQuery,
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
      query: anchorQuery,
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
