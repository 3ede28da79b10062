import { z } from "zod";

/**
 * How the HTTP API shows schedules: shifts of the final schedule and who is on call now. Instants
 * are epoch ms. The client re-exports these (types only) and the OpenAPI document is built from them.
 */

export const shiftSourceSchema = z
  .union([z.object({ layer: z.string() }), z.object({ override: z.number().int() })])
  .describe("the layer (by name) or the override (by its index in spec.overrides) the shift comes from");

export const shiftSchema = z.object({
  user: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  source: shiftSourceSchema,
});
export type ShiftView = z.infer<typeof shiftSchema>;

export const scheduleShiftsSchema = z.object({
  schedule: z.string(),
  timeZone: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  items: z.array(shiftSchema).describe("the final schedule over [from, to), shifts cut to that range"),
  next: z
    .object({ from: z.number().int(), to: z.number().int() })
    .describe("the range of the next page, as long as this one"),
});
export type ScheduleShiftsView = z.infer<typeof scheduleShiftsSchema>;

export const onCallEntrySchema = z.object({
  schedule: z.string(),
  team: z.string().nullable(),
  timeZone: z.string(),
  current: shiftSchema.nullable().describe("who is on call now, from when until when; null when nobody is"),
  next: shiftSchema.nullable().describe("the next shift after the current one"),
});
export type OnCallEntryView = z.infer<typeof onCallEntrySchema>;

export const onCallSchema = z.object({ at: z.number().int(), items: z.array(onCallEntrySchema) });
export type OnCallView = z.infer<typeof onCallSchema>;

export const overrideChangeSchema = z.object({
  schedule: z.string(),
  index: z.number().int().describe("the override's index in spec.overrides (later ones move down on a delete)"),
  override: z.object({
    user: z.string(),
    start: z.string(),
    end: z.string(),
    note: z.string().optional(),
  }),
  generation: z.number().int().describe("the Schedule's generation after the change"),
});
export type OverrideChangeView = z.infer<typeof overrideChangeSchema>;

const responseTimesSchema = z.object({
  count: z.number().int(),
  medianMs: z.number().nullable(),
  meanMs: z.number().nullable(),
});

const onCallLoadFields = {
  pages: z.number().int(),
  pagesPerWeek: z.number(),
  outsideWorkingHours: z.number().int().describe("pages that first reached them outside their working hours"),
  timeToAcknowledge: responseTimesSchema,
  timeToResolve: responseTimesSchema,
};

export const onCallHealthSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  people: z.array(z.object({ user: z.string(), ...onCallLoadFields })),
  teams: z.array(z.object({ team: z.string(), ...onCallLoadFields })),
});

export type OnCallHealthView = z.infer<typeof onCallHealthSchema>;
