import type { AlertSource, IncomingAlert, LabelSet, StoredAlert } from "./model.js";

/** Where an alert stands in the pipeline, as Alertmanager's API v2 shows it. */
export interface AlertStatus {
  state: "active" | "suppressed" | "unprocessed";
  /** Silence ids (API silences) and `recurring/<name>`. */
  silencedBy: string[];
  /** Fingerprints of the alerts that inhibit it. */
  inhibitedBy: string[];
  /** Time intervals muting it now on every route it takes. */
  mutedBy: string[];
  /** The receivers of the routes it takes. */
  receivers: string[];
}

export interface AlertGroupSnapshot {
  key: string;
  labels: LabelSet;
  receiver: string;
  /** The Route object the group's route belongs to. */
  route: string;
  alerts: StoredAlert[];
}

export interface IngestReport {
  /** Alerts stored (new, updated or resolved). */
  accepted: number;
}

/**
 * The alerting pipeline as the edges see it: the API v2 routes, the PagerDuty and webhook ingest,
 * the SLO engine's burn alerts and the probe engine's state changes all enter through `ingest`.
 */
export interface AlertPipeline {
  ingest(alerts: readonly IncomingAlert[], source: AlertSource): Promise<IngestReport>;
  status(alert: StoredAlert): AlertStatus;
  groups(): AlertGroupSnapshot[];
  /** Silences were made, changed or expired through the API: look again. */
  silencesChanged(): Promise<void>;
}
