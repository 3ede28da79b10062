/**
 * The JSON shapes of Nines' HTTP API (`/api/v1`), inferred from `schemas.ts`. Type-only, so the
 * browser bundle carries no schema code.
 */
import type { z } from "zod";
import type * as schemas from "./schemas.js";

export type Issue = z.infer<typeof schemas.issueSchema>;
export type Problem = z.infer<typeof schemas.problemSchema>;
export type Document = z.infer<typeof schemas.documentSchema>;
export type KindInfo = z.infer<typeof schemas.kindInfoSchema>;
export type ChangeAction = z.infer<typeof schemas.changeActionSchema>;
export type FieldChange = z.infer<typeof schemas.fieldChangeSchema>;
export type PlannedChange = z.infer<typeof schemas.plannedChangeSchema>;
export type PlanSummary = z.infer<typeof schemas.planSummarySchema>;
export type Plan = z.infer<typeof schemas.planSchema>;
export type ApplyRequest = z.infer<typeof schemas.applyRequestSchema>;
export type MonitorState = z.infer<typeof schemas.monitorStateSchema>;
export type PhaseTimings = z.infer<typeof schemas.phaseTimingsSchema>;
export type CheckResultView = z.infer<typeof schemas.checkResultSchema>;
export type MonitorView = z.infer<typeof schemas.monitorViewSchema>;
export type MonitorPage = z.infer<typeof schemas.monitorPageSchema>;
export type MonitorEvent = z.infer<typeof schemas.monitorEventSchema>;
export type UptimeBucket = z.infer<typeof schemas.uptimeBucketSchema>;
export type UptimeReport = z.infer<typeof schemas.uptimeReportSchema>;
export type CheckStatus = z.infer<typeof schemas.checkStatusSchema>;
export type DemoControl = z.infer<typeof schemas.demoControlSchema>;
export type ServerInfo = z.infer<typeof schemas.serverInfoSchema>;
export type TokenInfo = z.infer<typeof schemas.tokenInfoSchema>;
export type CreatedToken = z.infer<typeof schemas.createdTokenSchema>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
