import type { ImportContext } from "./import-alertmanager-context.js";

/**
 * Alertmanager's receivers as Receiver specs: webhook, Slack, email, PagerDuty and Microsoft Teams
 * configs become channels; credentials become references to the Secret named in the context. What
 * Nines has no field for is named in the warnings, never dropped silently.
 */

type Config = Record<string, unknown>;
type Global = Config;

interface Converted {
  channel: Record<string, unknown>;
  /** Alertmanager's send_resolved, with its default for the integration. */
  sendResolved: boolean;
}

type Converter = (config: Config, where: string, key: string, global: Global, context: ImportContext) => Converted;

const CONVERTERS: Record<string, { type: string; known: string[]; convert: Converter }> = {
  webhook_configs: {
    type: "webhook",
    known: ["url", "url_file", "send_resolved", "max_alerts"],
    convert: (config, where, key, _global, context) => ({
      channel: {
        type: "webhook",
        url: context.secret(`${key}.url`, credentialSource(config, "url", where)),
        ...(typeof config.max_alerts === "number" && config.max_alerts > 0 && { maxAlerts: config.max_alerts }),
      },
      sendResolved: config.send_resolved !== false,
    }),
  },
  slack_configs: {
    type: "slack",
    known: ["api_url", "api_url_file", "channel", "send_resolved"],
    convert: (config, where, key, global, context) => {
      const fromGlobal = config.api_url === undefined && config.api_url_file === undefined;
      const url = fromGlobal
        ? context.secret("slack-api-url", credentialSource(global, "slack_api_url", "global"))
        : context.secret(`${key}.url`, credentialSource(config, "api_url", where));
      return {
        channel: { type: "slack", url, ...(typeof config.channel === "string" && { channel: config.channel }) },
        sendResolved: config.send_resolved === true,
      };
    },
  },
  email_configs: {
    type: "email",
    known: [
      "to",
      "from",
      "smarthost",
      "auth_username",
      "auth_password",
      "auth_password_file",
      "require_tls",
      "send_resolved",
    ],
    convert: (config, where, key, global, context) => {
      const smarthost = String(config.smarthost ?? global.smtp_smarthost ?? "");
      const [, host = smarthost, port = "25"] = /^(.*):(\d+)$/.exec(smarthost) ?? [];
      if (smarthost === "") context.warn(`${where}: no smarthost here nor in global.smtp_smarthost`);
      const username = config.auth_username ?? global.smtp_auth_username;
      const ownPassword = config.auth_password !== undefined || config.auth_password_file !== undefined;
      const hasPassword =
        ownPassword || global.smtp_auth_password !== undefined || global.smtp_auth_password_file !== undefined;
      const password = !hasPassword
        ? undefined
        : ownPassword
          ? context.secret(`${key}.smtp-password`, credentialSource(config, "auth_password", where))
          : context.secret("smtp-password", credentialSource(global, "smtp_auth_password", "global"));
      const from = config.from ?? global.smtp_from;
      return {
        channel: {
          type: "email",
          to: addresses(String(config.to ?? ""), where, context),
          ...(from !== undefined && { from: addresses(String(from), where, context)[0] }),
          smtp: {
            host,
            port: Number(port),
            // Alertmanager speaks TLS from the first byte on port 465, STARTTLS elsewhere.
            secure: Number(port) === 465,
            requireTls: Number(port) !== 465 && (config.require_tls ?? global.smtp_require_tls ?? true) === true,
            ...(username !== undefined && { username: String(username) }),
            ...(password !== undefined && { password }),
          },
        },
        sendResolved: config.send_resolved === true,
      };
    },
  },
  pagerduty_configs: {
    type: "pagerduty",
    known: ["routing_key", "routing_key_file", "service_key", "service_key_file", "url", "severity", "send_resolved"],
    convert: (config, where, key, global, context) => {
      const v1 = config.routing_key === undefined && config.routing_key_file === undefined;
      if (v1)
        context.warn(
          `${where}: service_key is an Events API v1 key; Nines sends Events API v2: put an integration (routing) key in the Secret`,
        );
      const severity = typeof config.severity === "string" ? config.severity : undefined;
      const knownSeverity = severity !== undefined && ["critical", "error", "warning", "info"].includes(severity);
      if (severity !== undefined && !knownSeverity)
        context.warn(
          `${where}: severity ${JSON.stringify(severity)} left out: Nines takes critical, error, warning or info (default: the severity label)`,
        );
      const url = config.url ?? global.pagerduty_url;
      return {
        channel: {
          type: "pagerduty",
          routingKey: context.secret(
            `${key}.routing-key`,
            credentialSource(config, v1 ? "service_key" : "routing_key", where),
          ),
          ...(typeof url === "string" &&
            url.replace(/\/+$/, "") !== "https://events.pagerduty.com/v2/enqueue" && { url }),
          ...(knownSeverity && { severity }),
        },
        sendResolved: config.send_resolved !== false,
      };
    },
  },
  msteams_configs: {
    type: "teams",
    known: ["webhook_url", "webhook_url_file", "send_resolved"],
    convert: (config, where, key, _global, context) => ({
      channel: { type: "teams", url: context.secret(`${key}.url`, credentialSource(config, "webhook_url", where)) },
      sendResolved: config.send_resolved !== false,
    }),
  },
};

/** Where a credential came from, for the note: the field, or the file it was read from. */
function credentialSource(config: Config, field: string, where: string): string {
  const file = config[`${field}_file`];
  return typeof file === "string" ? `${where}.${field}_file (${file})` : `${where}.${field}`;
}

/** `a@x, Team B <b@y>` as bare addresses. */
function addresses(text: string, where: string, context: ImportContext): string[] {
  if (text.includes("{{"))
    context.warn(
      `${where}: templated address ${JSON.stringify(text)} kept as written; Nines does not expand templates`,
    );
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => /<([^<>]+)>\s*$/.exec(part)?.[1] ?? part);
}

/** One Receiver spec; one with no channel Nines can send to keeps its alerts in an inbox. */
export function convertReceiver(
  receiver: Config,
  objectName: string,
  global: Global,
  context: ImportContext,
): Record<string, unknown> {
  const where = `receivers[${String(receiver.name)}]`;
  const channels: Converted[] = [];
  const leftOut: string[] = [];
  for (const [field, value] of Object.entries(receiver)) {
    if (field === "name") continue;
    const converter = CONVERTERS[field];
    if (!converter) {
      leftOut.push(field);
      continue;
    }
    const configs = Array.isArray(value) ? (value as Config[]) : [];
    configs.forEach((config, index) => {
      const at = `${where}.${field}[${index}]`;
      const key = `${objectName}.${converter.type}${configs.length > 1 ? `-${index + 1}` : ""}`;
      context.leftOut(at, config, converter.known, `no such field in Nines' ${converter.type} channel`);
      channels.push(converter.convert(config, at, key, global, context));
    });
  }
  if (leftOut.length > 0) context.warn(`${where}: left out ${leftOut.join(", ")} (no such channel in Nines)`);
  if (channels.length === 0) {
    // An empty receiver drops what it gets (a "blackhole"); Nines needs a channel, so it keeps them.
    context.warn(
      `${where}: sends nowhere in Alertmanager; Nines keeps its alerts in the inbox "${objectName}" instead`,
    );
    return { channels: [{ type: "inbox", name: objectName }], sendResolved: false };
  }
  const resolved = channels.filter((channel) => channel.sendResolved);
  if (resolved.length > 0 && resolved.length < channels.length)
    context.warn(
      `${where}: send_resolved differs between its channels; Nines sends resolves to all of them (sendResolved is per receiver)`,
    );
  return { channels: channels.map((converted) => converted.channel), sendResolved: resolved.length > 0 };
}
