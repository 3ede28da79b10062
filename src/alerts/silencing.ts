import type { LabelSet, RecurringSilenceSpec, Silence } from "./model.js";
import type { TimeIntervals } from "./time-intervals.js";

export interface Silencer {
  /**
   * Ids of what silences these labels at `at`: active API silences by their id, recurring ones as
   * `recurring/<name>`. An API silence is active from startsAt (inclusive) to endsAt (exclusive).
   */
  silencedBy(labels: Readonly<LabelSet>, at: number): string[];
}

export function createSilencer(
  silences: readonly Silence[],
  recurring: readonly { name: string; spec: RecurringSilenceSpec }[],
  intervals: TimeIntervals,
): Silencer {
  void silences;
  void recurring;
  void intervals;
  throw new Error("not implemented yet");
}
