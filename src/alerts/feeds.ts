import type { MonitorEvent } from "../probes/views.js";
import type { AlertNotice } from "../slo/alerting.js";
import { OPEN_ENDED } from "./ingest.js";
import type { IncomingAlert } from "./model.js";

/**
 * Nines' own sources entering the pipeline: the SLO engine's burn alerts and the probe engine's
 * monitor state changes. Unlike Prometheus, they don't resend firing alerts, so they are held open
 * (`OPEN_ENDED`) until their source resolves them.
 */

export function sloAlertToIncoming(notice: AlertNotice, now: number, externalUrl: string): IncomingAlert | null {
  if (notice.status === "no-data") return null;
  const { alert } = notice;
  return {
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: alert.startsAt,
    endsAt: notice.status === "resolved" ? (alert.endsAt ?? now) : OPEN_ENDED,
    generatorUrl: `${externalUrl}/slos/${encodeURIComponent(alert.slo)}`,
  };
}

const MONITOR_ALERTS = [
  { state: "down", alertname: "MonitorDown", severity: "critical" },
  { state: "degraded", alertname: "MonitorDegraded", severity: "warning" },
] as const;

/** A state change fires the alert of the state entered and resolves the one of the state left. */
export function monitorEventToIncoming(
  monitor: { name: string; type: string },
  event: MonitorEvent,
  externalUrl: string,
): IncomingAlert[] {
  return MONITOR_ALERTS.filter((entry) => entry.state === event.to || entry.state === event.from).map((entry) => {
    const firing = entry.state === event.to;
    return {
      labels: {
        alertname: entry.alertname,
        monitor: monitor.name,
        monitor_type: monitor.type,
        severity: entry.severity,
      },
      annotations: {
        summary: `${monitor.name} is ${firing ? entry.state : event.to}`,
        ...(event.reason && { description: event.reason }),
      },
      ...(firing && { startsAt: event.at }),
      endsAt: firing ? OPEN_ENDED : event.at,
      generatorUrl: `${externalUrl}/monitors/${encodeURIComponent(monitor.name)}`,
    };
  });
}
