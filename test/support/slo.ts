import { expect } from "vitest";
import type { SloDetailView, SloView } from "../../src/slo/views.js";
import type { TestApp } from "./app.js";

/** Small factories and calls the SLO engine's tests share. */

export const SHOP_SERVICE = { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "shop" }, spec: {} };

/** An inline indicator whose good and total events are posted to `/api/v1/slis/<name>/events`. */
export const eventsIndicator = (name: string) => ({
  metadata: { name },
  spec: {
    ratioMetric: {
      counter: false,
      good: { metricSource: { type: "Events", spec: {} } },
      total: { metricSource: { type: "Events", spec: {} } },
    },
  },
});

/** Applies documents through the API (expecting success) and runs an engine cycle. */
export async function applySloDocuments(t: TestApp, documents: unknown[]): Promise<void> {
  const response = await t.nines.app.inject({
    method: "POST",
    url: "/api/v1/apply",
    headers: t.auth,
    payload: { documents },
  });
  expect(response.statusCode, response.body).toBe(200);
  await t.nines.slos.runCycle();
}

export const postSliEvents = (t: TestApp, sli: string, payload: Record<string, unknown>) =>
  t.nines.app.inject({ method: "POST", url: `/api/v1/slis/${sli}/events`, headers: t.auth, payload });

/** Every SLO as the API lists it, after a cycle. */
export async function listSloViews(t: TestApp): Promise<SloView[]> {
  await t.nines.slos.runCycle();
  return (await t.nines.app.inject({ url: "/api/v1/slos" })).json().items;
}

/** One SLO's detail, after a cycle. */
export async function readSloDetail(t: TestApp, name: string): Promise<SloDetailView> {
  await t.nines.slos.runCycle();
  return (await t.nines.app.inject({ url: `/api/v1/slos/${name}` })).json();
}
