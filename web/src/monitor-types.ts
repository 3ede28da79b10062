import type { MonitorSpec } from "../../src/probes/model.js";

/** A check type, as the schemas name it (`src/probes/specs/*.ts`). */
export type MonitorType = MonitorSpec["type"];

export interface TypeLabel {
  value: MonitorType;
  label: string;
  summary: string;
}

/**
 * How the UI names each check type. Keyed by the schema's own union, so a new type does not
 * compile until it has a label; type-only, so the list page loads no schema code.
 */
const LABELS: { [Type in MonitorType]: Omit<TypeLabel, "value"> } = {
  http: { label: "HTTP", summary: "Sends a request and checks the status, body and response time." },
  tcp: { label: "TCP", summary: "Opens a connection to a host and port." },
  dns: { label: "DNS", summary: "Resolves a name and checks the answer." },
  tls: { label: "TLS", summary: "Checks the certificate chain, host name and days until expiry." },
  heartbeat: { label: "Heartbeat", summary: "Waits for pings from a cron job or batch run; down when one is late." },
};

export const TYPE_LABELS: readonly TypeLabel[] = Object.entries(LABELS).map(([value, label]) => ({
  value: value as MonitorType,
  ...label,
}));
