/**
 * The JSON shapes of Nines' HTTP API (`/api/v1`), as each module declares them. Type-only, so the
 * browser bundle carries no schema code.
 */
import type { z } from "zod";
import type * as schemas from "./schemas.js";

export type {
  ApiDocument as Document,
  ApplyRequest,
  ChangeAction,
  FieldChange,
  KindInfo,
  Plan,
  PlannedChange,
  PlanSummary,
} from "../config/views.js";
export type { Page } from "../http/page.js";
export type { Issue, Problem } from "../http/problem-schema.js";
export type { PageDetailView, PageEventView, PageList, PageView } from "../oncall/page-views.js";
export type {
  OnCallEntryView,
  OnCallView,
  OverrideChangeView,
  ScheduleShiftsView,
  ShiftView,
} from "../oncall/views.js";
export type { CheckStatus, MonitorState, PhaseTimings } from "../probes/model.js";
export type {
  CheckResultView,
  MonitorEvent,
  MonitorPage,
  MonitorView,
  UptimeBucket,
  UptimeReport,
} from "../probes/views.js";
export type {
  BudgetView,
  BurnRates,
  BurnWindow,
  GroupView,
  ObjectiveView,
  SloAlertView,
  SloDetailView,
  SloGateView,
  SloHistoryView,
  SloStatus,
  SloView,
  WindowView,
} from "../slo/views.js";

export type SloHistoryPoint = z.infer<typeof schemas.sloHistoryPointSchema>;
export type DemoControl = z.infer<typeof schemas.demoControlSchema>;
export type ServerInfo = z.infer<typeof schemas.serverInfoSchema>;
export type AuditRecordView = z.infer<typeof schemas.auditRecordSchema>;
export type AuditPage = z.infer<typeof schemas.auditPageSchema>;
export type AuditVerification = z.infer<typeof schemas.auditVerificationSchema>;
export type TokenInfo = z.infer<typeof schemas.tokenInfoSchema>;
export type CreatedToken = z.infer<typeof schemas.createdTokenSchema>;
export type { GettableAlert, GettableSilence } from "../alerts/views.js";
export type { InboxMessageView, NotificationDetail, NotificationView } from "../notify/views.js";
export type { EscalationPolicySpec, ScheduleSpec } from "../oncall/model.js";
export type { OnCallHealthView } from "../oncall/views.js";
export type {
  AlertDetailView,
  AlertGroupView,
  AlertHistoryEntryView,
  AlertState,
  AlertView,
  LabelSetView,
  MatcherView,
  NotificationStateView,
  PostableSilence,
  SilenceStateView,
} from "./alerting-types.js";

export type PageStateView = import("../oncall/page-views.js").PageView["state"];
