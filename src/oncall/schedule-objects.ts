import type { ConfigService } from "../config/apply.js";
import type { StoredObject } from "../config/objects.js";
import type { Actor } from "../core/access.js";
import { notFound } from "../core/errors.js";
import { type ScheduleOverride, type ScheduleSpec, scheduleSpec } from "./model.js";

/** What the on-call routes need of config: reads, and the one write path. */
export type ScheduleConfig = Pick<ConfigService, "get" | "list" | "apply">;

export interface NamedSchedule {
  name: string;
  spec: ScheduleSpec;
}

/** A stored spec was validated on apply; parsing again gives its defaults and types. */
const toNamedSchedule = (object: StoredObject): NamedSchedule => ({
  name: object.metadata.name,
  spec: scheduleSpec.parse(object.spec),
});

export async function readSchedule(config: ScheduleConfig, name: string): Promise<NamedSchedule> {
  return toNamedSchedule(await config.get("Schedule", name));
}

export async function readSchedules(config: ScheduleConfig): Promise<NamedSchedule[]> {
  return (await config.list("Schedule")).map(toNamedSchedule);
}

/**
 * Writes a Schedule whose overrides `change` returns, through `config.apply` like any edit: it is
 * validated and reference-checked again, audited under `actor`, and refused (409) when someone
 * else changed the Schedule since it was read.
 */
async function changeOverrides(
  config: ScheduleConfig,
  name: string,
  actor: Actor,
  change: (overrides: readonly unknown[]) => unknown[],
): Promise<number> {
  const object = await config.get("Schedule", name);
  const overrides = Array.isArray(object.spec.overrides) ? object.spec.overrides : [];
  const document = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { ...object.metadata, generation: object.generation },
    spec: { ...object.spec, overrides: change(overrides) },
  };
  await config.apply([document], { actor });
  return (await config.get("Schedule", name)).generation;
}

export async function addOverride(config: ScheduleConfig, name: string, override: ScheduleOverride, actor: Actor) {
  let index = 0;
  const generation = await changeOverrides(config, name, actor, (overrides) => {
    index = overrides.length;
    return [...overrides, override];
  });
  return { schedule: name, index, override, generation };
}

export async function removeOverride(config: ScheduleConfig, name: string, index: number, actor: Actor) {
  let removed: ScheduleOverride | undefined;
  const generation = await changeOverrides(config, name, actor, (overrides) => {
    if (!Number.isInteger(index) || index < 0 || index >= overrides.length)
      throw notFound(`Schedule "${name}" has no override ${index} (it has ${overrides.length})`);
    removed = overrides[index] as ScheduleOverride;
    return overrides.filter((_, position) => position !== index);
  });
  return { schedule: name, index, override: removed!, generation };
}
