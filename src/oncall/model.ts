import { z } from "zod";
import { description, documentSchema, objectName } from "../config/document.js";
import { durationField, instantField, timeZoneField } from "../config/fields.js";
import type { KindDefinition } from "../config/kinds.js";
import { channelSpec } from "../notify/model.js";

/**
 * People and their duty (decision 0006): Users with contact methods and time zones, Teams,
 * Schedules of rotating layers with overrides, and EscalationPolicies that page them level by
 * level until someone acknowledges.
 */

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time of day such as "09:00"' });
const clockEnd = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: 'expected a time of day such as "17:00" or "24:00"' });

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
const weekday = z.enum(WEEKDAYS, { error: "expected a weekday such as monday" });

/**
 * Hours of a week in some time zone: days and a time range each day. An end at or before the start
 * runs past midnight into the next day (a night 18:00-08:00); 24:00 is the next midnight.
 */
export const weeklyHours = z.strictObject({
  days: z.array(weekday).min(1).max(7).default(["monday", "tuesday", "wednesday", "thursday", "friday"]),
  start: clockTime.default("09:00"),
  end: clockEnd.default("17:00"),
});

export const userSpec = z.strictObject({
  fullName: z.string().max(256).optional(),
  email: z
    .string()
    .max(254)
    .regex(/^[^\s@<>]+@[^\s@<>]+$/, { error: "expected an email address" })
    .optional(),
  timeZone: timeZoneField
    .default("UTC")
    .describe("Where the person lives: their working hours and nights are in this zone."),
  workingHours: weeklyHours.default({
    days: ["monday", "tuesday", "wednesday", "thursday", "friday"],
    start: "09:00",
    end: "17:00",
  }),
  contactMethods: z
    .array(channelSpec)
    .max(16)
    .default([])
    .describe("How a page reaches this person, all of them notified."),
});

export const teamSpec = z.strictObject({
  description: description.optional(),
  members: z
    .array(z.strictObject({ user: objectName, role: z.enum(["member", "lead"]).default("member") }))
    .max(500)
    .default([]),
  escalationPolicy: objectName.optional().describe("The team's default EscalationPolicy."),
});

const rotationLength = z
  .union([z.enum(["daily", "weekly"]), durationField("the rotation length", 3_600_000, 366 * 86_400_000)])
  .describe('How long each participant is on call: "daily", "weekly" or a duration such as "3d" or "12h".');

export const scheduleLayer = z.strictObject({
  name: z.string().min(1).max(100),
  participants: z.array(objectName).min(1, { error: "expected at least one participant (a User name)" }).max(200),
  rotation: rotationLength,
  start: instantField("the layer's start").describe(
    "When the first participant's first turn begins; later turns follow every rotation length in the schedule's time zone, so a weekly handoff stays at the same local time across DST.",
  ),
  end: instantField("the layer's end").optional().describe("When the layer stops (exclusive); forever when absent."),
  restrictions: z
    .array(weeklyHours)
    .max(14)
    .default([])
    .describe("When the layer applies at all, such as business hours; outside, the layers below it answer."),
});

export const scheduleOverride = z.strictObject({
  user: objectName,
  start: instantField("the override's start"),
  end: instantField("the override's end"),
  note: z.string().max(256).optional(),
});

export const scheduleSpec = z
  .strictObject({
    description: description.optional(),
    team: objectName.optional(),
    timeZone: timeZoneField.default("UTC").describe("The zone of the handoff times and restrictions."),
    layers: z
      .array(scheduleLayer)
      .min(1, { error: "expected at least one layer" })
      .max(16)
      .describe("Layers later in the list sit on top: where one has someone on call, the ones before it don't count."),
    overrides: z
      .array(scheduleOverride)
      .max(1000)
      .default([])
      .describe("Someone on call for a time range, over every layer."),
  })
  .superRefine((spec, ctx) => {
    spec.overrides.forEach((override, index) => {
      if (Date.parse(override.end) <= Date.parse(override.start))
        ctx.addIssue({
          code: "custom",
          path: ["overrides", index, "end"],
          message: `expected an end after the start (${override.start})`,
        });
    });
    spec.layers.forEach((layer, index) => {
      if (layer.end && Date.parse(layer.end) <= Date.parse(layer.start))
        ctx.addIssue({
          code: "custom",
          path: ["layers", index, "end"],
          message: `expected an end after the start (${layer.start})`,
        });
    });
  });

export const escalationTarget = z.union(
  [
    z.strictObject({ user: objectName }),
    z.strictObject({ schedule: objectName }),
    z.strictObject({ receiver: objectName }),
  ],
  { error: "expected {user: NAME}, {schedule: NAME} or {receiver: NAME}" },
);

export const escalationLevel = z.strictObject({
  targets: z.array(escalationTarget).min(1, { error: "expected at least one target" }).max(20),
  timeout: durationField("the level's timeout", 60_000, 24 * 3_600_000)
    .default("5m")
    .describe("How long to wait for an acknowledgement before the next level."),
  onlyWorkingHours: z
    .boolean()
    .default(false)
    .describe("Skip people outside their own working hours (in their time zone), such as at night."),
});

export const escalationPolicySpec = z.strictObject({
  description: description.optional(),
  levels: z.array(escalationLevel).min(1, { error: "expected at least one level" }).max(20),
  repeat: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe("Run the levels again this many times when nobody acknowledges."),
});

export const userDocument = documentSchema("nines/v1", "User", userSpec);
export const teamDocument = documentSchema("nines/v1", "Team", teamSpec);
export const scheduleDocument = documentSchema("nines/v1", "Schedule", scheduleSpec);
export const escalationPolicyDocument = documentSchema("nines/v1", "EscalationPolicy", escalationPolicySpec);

export type WeeklyHours = z.infer<typeof weeklyHours>;
export type UserSpec = z.infer<typeof userSpec>;
export type TeamSpec = z.infer<typeof teamSpec>;
export type ScheduleLayer = z.infer<typeof scheduleLayer>;
export type ScheduleOverride = z.infer<typeof scheduleOverride>;
export type ScheduleSpec = z.infer<typeof scheduleSpec>;
export type EscalationTarget = z.infer<typeof escalationTarget>;
export type EscalationLevel = z.infer<typeof escalationLevel>;
export type EscalationPolicySpec = z.infer<typeof escalationPolicySpec>;

export const USER_EXAMPLE = `apiVersion: nines/v1
kind: User
metadata:
  name: alice
spec:
  fullName: Alice Example
  email: alice@example.com
  timeZone: Europe/Berlin
  contactMethods:
    - type: email
      to: [alice@example.com]
      smtp: {host: smtp.example.com, username: nines, password: {env: SMTP_PASSWORD}}
`;

export const TEAM_EXAMPLE = `apiVersion: nines/v1
kind: Team
metadata:
  name: checkout
spec:
  members: [{user: alice, role: lead}]
  escalationPolicy: checkout
`;

export const SCHEDULE_EXAMPLE = `apiVersion: nines/v1
kind: Schedule
metadata:
  name: checkout-primary
spec:
  team: checkout
  timeZone: Europe/Berlin
  layers:
    - name: weekly
      participants: [alice]
      rotation: weekly
      start: "2026-11-30T09:00:00+01:00"
`;

export const ESCALATION_POLICY_EXAMPLE = `apiVersion: nines/v1
kind: EscalationPolicy
metadata:
  name: checkout
spec:
  levels:
    - targets: [{schedule: checkout-primary}]
      timeout: 10m
    - targets: [{user: alice}]
  repeat: 1
`;

/** The kinds this module owns, for the list at the top (`src/kinds.ts`). */
export const ONCALL_KINDS: readonly KindDefinition[] = [
  {
    apiVersion: "nines/v1",
    kind: "User",
    plural: "users",
    aliases: ["person", "people"],
    summary: "A person who can be paged: contact methods, time zone and working hours.",
    schema: userDocument,
    example: USER_EXAMPLE,
  },
  {
    apiVersion: "nines/v1",
    kind: "Team",
    plural: "teams",
    aliases: [],
    summary: "People who share services and on-call duty.",
    schema: teamDocument,
    example: TEAM_EXAMPLE,
  },
  {
    apiVersion: "nines/v1",
    kind: "Schedule",
    plural: "schedules",
    aliases: ["sched"],
    summary: "Who is on call when: rotating layers with handoffs and restrictions, and overrides on top.",
    schema: scheduleDocument,
    example: SCHEDULE_EXAMPLE,
  },
  {
    apiVersion: "nines/v1",
    kind: "EscalationPolicy",
    plural: "escalationpolicies",
    aliases: ["ep", "escalation"],
    summary: "Whom a page reaches, level after level, until someone acknowledges it.",
    schema: escalationPolicyDocument,
    example: ESCALATION_POLICY_EXAMPLE,
  },
];
