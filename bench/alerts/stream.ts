/**
 * The alert stream both tools take: `groups` services with `alertsPerGroup` instances each, the
 * labels Prometheus' rules give (alertname, service, instance, severity). The order is instance by
 * instance (every service's first alert, then every service's second ...), so each group's first
 * alert opens it and the rest arrive while it waits, as alerts of one incident trickle in.
 */
export interface StreamShape {
  groups: number;
  alertsPerGroup: number;
  batch: number;
}

export interface StreamAlert {
  /** The group's key under `group_by: [service]`. */
  service: string;
  labels: Record<string, string>;
}

const NAMES = ["HighLatency", "HighErrorRate", "DiskFillingUp", "PodCrashLooping", "CertificateExpiring"];

export function buildAlerts(shape: StreamShape, prefix: string): StreamAlert[] {
  const alerts: StreamAlert[] = [];
  for (let instance = 0; instance < shape.alertsPerGroup; instance++)
    for (let group = 0; group < shape.groups; group++) {
      const service = `${prefix}-${String(group).padStart(5, "0")}`;
      alerts.push({
        service,
        labels: {
          alertname: NAMES[group % NAMES.length] as string,
          service,
          instance: `10.${Math.floor(group / 250)}.${group % 250}.${instance + 1}:9100`,
          severity: group % 4 === 0 ? "page" : "ticket",
        },
      });
    }
  return alerts;
}

export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** A batch as Prometheus posts it: `startsAt` when the rule started firing, `endsAt` a few resend intervals ahead. */
function encodeBatch(batch: readonly StreamAlert[], startsAt: number, now: number): string {
  const starts = new Date(startsAt).toISOString();
  const ends = new Date(now + 5 * 60_000).toISOString();
  return JSON.stringify(
    batch.map((alert) => ({
      labels: alert.labels,
      annotations: {
        summary: `${alert.labels.alertname} on ${alert.labels.instance}`,
        runbook: "https://runbooks.example/x",
      },
      startsAt: starts,
      endsAt: ends,
      generatorURL: `http://prometheus.example:9090/graph?g0.expr=${alert.labels.alertname}`,
    })),
  );
}

export interface SendResult {
  alerts: number;
  requests: number;
  seconds: number;
  /** performance.now() when the request carrying each group's first alert of the stream was started. */
  firstSentAt: Map<string, number>;
  /** … and when its answer arrived. */
  firstAcceptedAt: Map<string, number>;
  /** Answers other than 200, by status. */
  refused: Record<string, number>;
}

/**
 * Posts the batches to API v2's `/alerts` from `senders` concurrent senders, each taking the next
 * batch when its answer came. A new alert starts when it is sent, so its group waits its whole
 * group_wait; a resend gives `startsAt`, the first stream's start.
 */
export async function sendBatches(options: {
  url: string;
  headers: Record<string, string>;
  batches: readonly StreamAlert[][];
  senders: number;
  startsAt?: number;
}): Promise<SendResult> {
  const result: SendResult = {
    alerts: 0,
    requests: 0,
    seconds: 0,
    firstSentAt: new Map(),
    firstAcceptedAt: new Map(),
    refused: {},
  };
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < options.batches.length) {
      const batch = options.batches[next++] as StreamAlert[];
      const sentAt = performance.now();
      const response = await fetch(options.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...options.headers },
        body: encodeBatch(batch, options.startsAt ?? Date.now(), Date.now()),
      });
      await response.arrayBuffer();
      const acceptedAt = performance.now();
      result.requests++;
      if (response.status !== 200) {
        result.refused[response.status] = (result.refused[response.status] ?? 0) + 1;
        continue;
      }
      result.alerts += batch.length;
      for (const alert of batch)
        if (!result.firstSentAt.has(alert.service)) {
          result.firstSentAt.set(alert.service, sentAt);
          result.firstAcceptedAt.set(alert.service, acceptedAt);
        }
    }
  };
  await Promise.all(Array.from({ length: options.senders }, sender));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
