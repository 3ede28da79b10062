import { z } from "zod";
import { objectName } from "../config/document.js";
import { durationShorthand, inlineDocument, operator, optionalDescription } from "./fields.js";

export const alertNotificationTargetSpec = z.strictObject({
  target: z.string().min(1).describe('Where notifications go, such as "email", "slack" or a webhook name.'),
  description: optionalDescription,
});

export const alertConditionSpec = z.strictObject({
  description: optionalDescription,
  severity: z.string().min(1).describe('How urgent the alert is, such as "page" or "ticket".'),
  condition: z.strictObject({
    kind: z
      .literal("burnrate", { error: 'expected "burnrate" (the only kind of alert condition)' })
      .default("burnrate")
      .describe("The kind of condition; only burnrate."),
    op: operator.describe("How to compare the burn rate with threshold."),
    threshold: z.number().describe("The burn rate to compare with, e.g. 2 for twice the sustainable rate."),
    lookbackWindow: durationShorthand().describe("The window the burn rate is computed over, e.g. 1h."),
    alertAfter: durationShorthand({ allowZero: true })
      .default("0m")
      .describe("How long the condition must hold before the alert fires."),
  }),
});

const inlineAlertCondition = inlineDocument("AlertCondition", alertConditionSpec);
const inlineAlertNotificationTarget = inlineDocument("AlertNotificationTarget", alertNotificationTargetSpec);

export const alertPolicySpec = z.strictObject({
  description: optionalDescription,
  alertWhenNoData: z.boolean().default(false).describe("Alert when the SLO has no data."),
  alertWhenResolved: z.boolean().default(false).describe("Alert when the condition stops breaching."),
  alertWhenBreaching: z.boolean().default(false).describe("Alert when the condition is breaching."),
  conditions: z
    .array(
      z.union(
        [
          z.strictObject({ conditionRef: objectName.describe("Name of an AlertCondition; it must exist.") }),
          inlineAlertCondition,
        ],
        {
          error: "expected {conditionRef: <name>} or an inline AlertCondition (kind, metadata, spec)",
        },
      ),
      { error: "expected a list with one condition" },
    )
    .length(1, { error: "expected exactly one condition (OpenSLO keeps a list for future versions)" })
    .describe("Exactly one condition: {conditionRef: <name>} or an inline AlertCondition."),
  notificationTargets: z
    .array(
      z.union(
        [
          z.strictObject({ targetRef: objectName.describe("Name of an AlertNotificationTarget; it must exist.") }),
          inlineAlertNotificationTarget,
        ],
        {
          error: "expected {targetRef: <name>} or an inline AlertNotificationTarget (kind, metadata, spec)",
        },
      ),
      { error: "expected a list of notification targets" },
    )
    .min(1, { error: "expected at least one notification target" })
    .describe("Whom to notify: {targetRef: <name>} or inline AlertNotificationTargets."),
});

export const inlineAlertPolicy = inlineDocument("AlertPolicy", alertPolicySpec);
