import type { z } from "zod";
import type {
  alertDetailSchema,
  alertGroupSchema,
  alertHistoryEntrySchema,
  alertViewSchema,
  GettableAlert,
  GettableSilence,
  wireMatcherSchema,
} from "../alerts/views.js";
import type { NotificationView } from "../notify/views.js";

/**
 * The alerting shapes the client names that src/alerts/views.ts declares as schemas only, and the
 * body of POST /api/v2/silences (Alertmanager's postableSilence). Type-only.
 */
export type AlertGroupView = z.infer<typeof alertGroupSchema>;
export type AlertDetailView = z.infer<typeof alertDetailSchema>;
export type AlertHistoryEntryView = z.infer<typeof alertHistoryEntrySchema>;
export type AlertView = z.infer<typeof alertViewSchema>;
export type MatcherView = z.infer<typeof wireMatcherSchema>;
export type AlertState = GettableAlert["status"]["state"];
export type SilenceStateView = GettableSilence["status"]["state"];
export type LabelSetView = Record<string, string>;
export type NotificationStateView = NotificationView["state"];

/** With an `id`, replaces that silence. */
export interface PostableSilence {
  id?: string;
  matchers: MatcherView[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}
