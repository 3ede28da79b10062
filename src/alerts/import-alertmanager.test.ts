import { describe, expect, it } from "vitest";
import { importAlertmanager } from "./import-alertmanager.js";
import { parseMatcher } from "./matchers.js";

const receiverOf = (text: string, name: string) =>
  importAlertmanager(text).documents.find((document) => document.kind === "Receiver" && document.metadata.name === name)
    ?.spec as { channels: Record<string, unknown>[]; sendResolved: boolean } | undefined;
const routeOf = (text: string) =>
  importAlertmanager(text).documents.find((document) => document.kind === "Route")?.spec as Record<string, unknown>;

describe("importAlertmanager", () => {
  it("converts Microsoft Teams, several webhooks and an address with a display name", () => {
    const text = `
route: {receiver: chat}
receivers:
  - name: chat
    msteams_configs:
      - webhook_url: https://example.webhook.office.com/webhookb2/abc
        title: '{{ .CommonLabels.alertname }}'
    webhook_configs:
      - url: https://a.example.org/hook
        send_resolved: false
      - url_file: /etc/alertmanager/hook-b
    email_configs:
      - to: 'Ops Team <ops@example.org>'
        smarthost: smtp.example.org:25
        require_tls: false
`;
    const result = importAlertmanager(text);
    expect(result.refused).toEqual([]);
    const chat = receiverOf(text, "chat");
    expect(chat?.channels).toEqual([
      { type: "teams", url: { secretRef: { name: "alertmanager", key: "chat.teams.url" } } },
      { type: "webhook", url: { secretRef: { name: "alertmanager", key: "chat.webhook-1.url" } } },
      { type: "webhook", url: { secretRef: { name: "alertmanager", key: "chat.webhook-2.url" } } },
      {
        type: "email",
        to: ["ops@example.org"],
        smtp: { host: "smtp.example.org", port: 25, secure: false, requireTls: false },
      },
    ]);
    expect(result.secretKeys).toContainEqual({
      key: "chat.webhook-2.url",
      from: "receivers[chat].webhook_configs[1].url_file (/etc/alertmanager/hook-b)",
    });
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        "receivers[chat].msteams_configs[0]: left out title (no such field in Nines' teams channel)",
        expect.stringContaining("send_resolved differs between its channels"),
      ]),
    );
  });

  it("renames what is no object name, keeping the original as displayName, and follows the rename", () => {
    const text = `
route:
  receiver: 'Team X (mail)'
  routes:
    - {receiver: 'Team X (mail)', matchers: [a=b], mute_time_intervals: ['night shift']}
receivers:
  - name: 'Team X (mail)'
    slack_configs: [{api_url: https://hooks.slack.com/services/x}]
time_intervals:
  - name: 'night shift'
    time_intervals: [{times: [{start_time: '22:00', end_time: '24:00'}]}]
`;
    const result = importAlertmanager(text);
    const names = result.documents.map((document) => [document.kind, document.metadata]);
    expect(names).toEqual([
      ["TimeInterval", { name: "night-shift", displayName: "night shift" }],
      ["Receiver", { name: "Team-X-mail", displayName: "Team X (mail)" }],
      ["Route", { name: "Team-X-mail" }],
    ]);
    expect(routeOf(text)).toEqual({
      receiver: "Team-X-mail",
      routes: [{ receiver: "Team-X-mail", matchers: ['a="b"'], muteTimeIntervals: ["night-shift"] }],
    });
  });

  it("takes Alertmanager's durations, leaving out timers Nines can't hold", () => {
    const text = `
route:
  receiver: r
  group_wait: 1m30s
  routes:
    - {matchers: [a=b], repeat_interval: 1y}
    - {matchers: [a=c], repeat_interval: 2w}
receivers: [{name: r, webhook_configs: [{url: https://example.org}]}]
`;
    const result = importAlertmanager(text);
    expect(routeOf(text)).toMatchObject({
      groupWait: "1m30s",
      routes: [{ matchers: ['a="b"'] }, { matchers: ['a="c"'], repeatInterval: "2w" }],
    });
    expect(result.warnings).toContain(
      'route.routes[0].repeat_interval: "1y" left out (the parent\'s is used): Nines takes 0s to 30d',
    );
  });

  it("keeps regular expressions of match_re and matchers as Alertmanager reads them", () => {
    const text = `
route:
  receiver: r
  routes:
    - {match_re: {instance: 'db\\d+\\.prod'}, match: {team: "a\\"b"}}
    - matchers: ['{env=~"prod|stag.*", tier!=""}']
receivers: [{name: r, webhook_configs: [{url: https://example.org}]}]
`;
    const routes = routeOf(text).routes as { matchers: string[] }[];
    expect(routes.map((route) => route.matchers)).toEqual([
      // Alertmanager's printed form: backslashes doubled, read back as one.
      ['team="a\\"b"', 'instance=~"db\\\\d+\\\\.prod"'],
      ['env=~"prod|stag.*"', 'tier!=""'],
    ]);
    expect(parseMatcher(routes[0]?.matchers[1] ?? "")).toEqual({
      ok: true,
      value: { name: "instance", type: "=~", value: "db\\d+\\.prod" },
    });
  });

  it("refuses an inhibit rule without a side and a route whose matcher can't be read, naming where", () => {
    const text = `
route:
  receiver: r
  routes:
    - {match_re: {a: '(b'}, routes: [{matchers: [c=d]}]}
    - {matchers: [e=f]}
inhibit_rules:
  - {target_matchers: [severity=warning]}
receivers: [{name: r, webhook_configs: [{url: https://example.org}]}]
`;
    const result = importAlertmanager(text);
    expect(result.refused).toEqual([
      expect.stringMatching(/^inhibit_rules\[0\]: not imported: sourceMatchers: expected at least one source matcher/),
      expect.stringMatching(
        /^route\.routes\[0\]: not imported \(with its child routes\): route\.routes\[0\]\.match_re\.a: invalid regular expression/,
      ),
    ]);
    expect(routeOf(text).routes).toEqual([{ matchers: ['e="f"'] }]);
  });

  it("names unknown settings at every level instead of dropping them silently", () => {
    const text = `
global: {resolve_timeout: 10m, opsgenie_api_key: k}
route:
  receiver: r
  routes: [{matchers: [a=b], labels: {team: x}}]
tracing: {endpoint: localhost:4317}
receivers: [{name: r, webhook_configs: [{url: https://example.org, timeout: 5s}]}]
`;
    expect(importAlertmanager(text).warnings).toEqual([
      "global: left out opsgenie_api_key (Nines has no such setting)",
      "global.resolve_timeout: left out; Nines resolves alerts without endsAt after 5m",
      "the file: left out tracing (Nines has no such setting)",
      "receivers[r].webhook_configs[0]: left out timeout (no such field in Nines' webhook channel)",
      "route.routes[0]: left out labels",
    ]);
  });

  it("refuses what is no Alertmanager config", () => {
    expect(importAlertmanager("route: [").refused).toEqual([expect.stringMatching(/^not valid YAML/)]);
    expect(importAlertmanager("receivers: []").refused).toEqual(["expected an Alertmanager config with a route"]);
  });
});
