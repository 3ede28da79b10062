import { z } from "zod";
import type { Clock } from "../core/clock.js";
import { invalid } from "../core/errors.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import { findOnCallNow } from "./handoffs.js";
import { buildPersonCalendar, buildScheduleCalendar } from "./ical.js";
import { scheduleOverride } from "./model.js";
import { resolveFinalSchedule } from "./schedule.js";
import { addOverride, readSchedule, readSchedules, removeOverride, type ScheduleConfig } from "./schedule-objects.js";
import { onCallSchema, overrideChangeSchema, scheduleShiftsSchema } from "./views.js";

const DAY_MS = 86_400_000;
export const MAX_SHIFTS_SPAN_MS = 90 * DAY_MS;
const DEFAULT_SHIFTS_SPAN_MS = 7 * DAY_MS;

// The last instant of year 9999: beyond it dates stop meaning anything.
const instantQuery = z.coerce.number().int().min(0).max(253_402_300_799_999);
const shiftsQuery = z.strictObject({
  from: instantQuery.optional().describe("epoch ms; default now"),
  to: instantQuery.optional().describe("epoch ms; default 7 days after `from`, at most 90"),
});

const calendar = { mediaType: "text/calendar", description: "an iCalendar (RFC 5545) feed" } as const;
const CALENDAR_TYPE = "text/calendar; charset=utf-8";

/** Schedules over HTTP: who is on call, the final schedule, calendar feeds and overrides. */
export function scheduleRoutes(config: ScheduleConfig, clock: Clock): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/oncall",
      tag: "oncall",
      summary: "For every schedule, who is on call now and until when, and who is next",
      response: onCallSchema,
      handler: async () => {
        const now = clock.now();
        const items = (await readSchedules(config)).map(({ name, spec }) => ({
          schedule: name,
          team: spec.team ?? null,
          timeZone: spec.timeZone,
          ...findOnCallNow(spec, now),
        }));
        return { at: now, items };
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/schedules/:name/shifts",
      tag: "oncall",
      summary: "The final schedule (layers, restrictions and overrides resolved) over at most 90 days",
      query: shiftsQuery,
      response: scheduleShiftsSchema,
      handler: async ({ params, query }) => {
        const from = query.from ?? clock.now();
        const to = query.to ?? from + DEFAULT_SHIFTS_SPAN_MS;
        if (to <= from)
          throw invalid(`expected "to" after "from" (${from})`, [
            { path: "/to", message: "expected an instant after from" },
          ]);
        if (to - from > MAX_SHIFTS_SPAN_MS)
          throw invalid("expected at most 90 days between from and to; page through longer ranges with `next`", [
            { path: "/to", message: `expected at most ${from + MAX_SHIFTS_SPAN_MS} (90 days after from)` },
          ]);
        const { name, spec } = await readSchedule(config, params.name as string);
        return {
          schedule: name,
          timeZone: spec.timeZone,
          from,
          to,
          items: resolveFinalSchedule(spec, from, to),
          next: { from: to, to: to + (to - from) },
        };
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/schedules/:name/calendar.ics",
      tag: "oncall",
      summary: "The schedule's shifts as an iCalendar feed, from 30 days back to 90 days ahead",
      response: calendar,
      handler: async ({ params, reply }) => {
        const { name, spec } = await readSchedule(config, params.name as string);
        reply.type(CALENDAR_TYPE);
        return buildScheduleCalendar(name, spec, clock.now());
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/users/:name/calendar.ics",
      tag: "oncall",
      summary: "A person's shifts across every schedule as an iCalendar feed, from 30 days back to 90 days ahead",
      response: calendar,
      handler: async ({ params, reply }) => {
        const user = await config.get("User", params.name as string);
        const schedules = await readSchedules(config);
        reply.type(CALENDAR_TYPE);
        return buildPersonCalendar(user.metadata.name, schedules, clock.now());
      },
    }),
    defineRoute({
      method: "POST",
      access: "responder",
      url: "/api/v1/schedules/:name/overrides",
      tag: "oncall",
      summary: "Put someone on call for a time range, over every layer (an edit of the Schedule, audited)",
      body: scheduleOverride,
      response: overrideChangeSchema,
      status: 201,
      handler: ({ params, body, actor }) => addOverride(config, params.name as string, body, actor),
    }),
    defineRoute({
      method: "DELETE",
      access: "responder",
      url: "/api/v1/schedules/:name/overrides/:index",
      tag: "oncall",
      summary: "Remove an override by its index in spec.overrides; later overrides move down one",
      response: overrideChangeSchema,
      handler: ({ params, actor }) => {
        const index = Number(params.index);
        if (!/^\d+$/.test(params.index ?? ""))
          throw invalid(`expected the override's index (0, 1, ...), got "${params.index}"`);
        return removeOverride(config, params.name as string, index, actor);
      },
    }),
  ];
}
