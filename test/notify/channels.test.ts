import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManualClock } from "../../src/core/clock.js";
import { type Connector, createConnector } from "../../src/net/connector.js";
import type { InboxMessage, SendContext } from "../../src/notify/channel.js";
import { CHANNELS } from "../../src/notify/channels/index.js";
import { type ChannelSpec, channelSpec } from "../../src/notify/model.js";
import { listInbox, writeInboxMessage } from "../../src/notify/outbox-store.js";
import { openStore } from "../../src/store/database.js";
import { sampleContent } from "./content.js";
import {
  decodeQuotedPrintable,
  type HttpReceiver,
  type Received,
  startHttpReceiver,
  startSilentServer,
  startSmtpReceiver,
} from "./receivers.js";

/**
 * Every channel held to the same guarantees against a local receiver on 127.0.0.1: it delivers,
 * a 5xx, 429 or a hang is retried, a 4xx is final, a redirect is checked by the connector again,
 * and an error never quotes the credential in a webhook's path.
 */

const NOW = Date.UTC(2026, 7, 20, 10, 12, 0);
const KEY = "group:checkout:1";
const allowLoopback = () => createConnector({ settings: { notify: { allow: ["127.0.0.1"] } } });

function contextFor(connector: Connector, overrides: Partial<SendContext> = {}): SendContext {
  return {
    connector,
    clock: createManualClock(NOW),
    idempotencyKey: KEY,
    timeoutMs: 2_000,
    signal: new AbortController().signal,
    inbox: async () => {
      throw new Error("not an inbox test");
    },
    ...overrides,
  };
}

interface HttpCase {
  type: ChannelSpec["type"];
  spec(base: string): unknown;
  check(received: Received): void;
}

const json = (received: Received) => JSON.parse(received.body);

const HTTP_CASES: HttpCase[] = [
  {
    type: "webhook",
    spec: (base) => ({ type: "webhook", url: `${base}/hooks/secret-token` }),
    check(received) {
      expect(received.path).toBe("/hooks/secret-token");
      expect(received.headers["idempotency-key"]).toBe(KEY);
      const payload = json(received);
      expect(Object.keys(payload)).toEqual([
        "version",
        "groupKey",
        "truncatedAlerts",
        "status",
        "receiver",
        "groupLabels",
        "commonLabels",
        "commonAnnotations",
        "externalURL",
        "alerts",
      ]);
      expect(payload).toMatchObject({ version: "4", status: "firing", receiver: "sre-pager", truncatedAlerts: 0 });
      expect(payload.alerts[0]).toEqual({
        status: "firing",
        labels: { alertname: "HighErrorRate", service: "checkout", severity: "page", instance: "web-1" },
        annotations: { summary: "5% of checkout requests fail", runbook_url: "https://runbooks.example.com/checkout" },
        startsAt: "2026-08-20T10:00:00Z",
        endsAt: "0001-01-01T00:00:00Z",
        generatorURL: "http://prom.example.com:9090/graph?g0.expr=errors",
        fingerprint: "3f0c9a1b2d4e5f60",
      });
    },
  },
  {
    type: "slack",
    spec: (base) => ({ type: "slack", url: `${base}/services/T0/B0/secret-token`, channel: "#ops" }),
    check(received) {
      const message = json(received);
      expect(message.text).toBe("[FIRING:2] HighErrorRate checkout (page)");
      expect(message.channel).toBe("#ops");
      const actions = message.blocks.find((block: { type: string }) => block.type === "actions");
      expect(actions.elements[0]).toMatchObject({ url: "http://nines.example.com:8080/ack/abc", style: "primary" });
    },
  },
  {
    type: "pagerduty",
    spec: (base) => ({ type: "pagerduty", routingKey: "R".repeat(32), url: `${base}/v2/enqueue` }),
    check(received) {
      const event = json(received);
      expect(event).toMatchObject({ routing_key: "R".repeat(32), event_action: "trigger", client: "Nines" });
      expect(event.dedup_key).toMatch(/^[0-9a-f]{64}$/);
      expect(event.payload).toMatchObject({ severity: "critical", component: "checkout", class: "HighErrorRate" });
      expect(event.payload.summary).toMatch(/^\[FIRING:2\] HighErrorRate checkout \(page\)/);
    },
  },
  {
    type: "ntfy",
    spec: (base) => ({ type: "ntfy", url: `${base}/`, topic: "ops-alerts", token: "secret-token" }),
    check(received) {
      expect(received.path).toBe("/ops-alerts");
      expect(received.headers).toMatchObject({ title: "[FIRING:2] HighErrorRate checkout (page)", priority: "5" });
      expect(received.headers.authorization).toBe("Bearer secret-token");
      expect(received.headers.actions).toMatch(/^view, Acknowledge, http:\/\/nines\.example\.com:8080\/ack\/abc/);
      expect(received.body).toContain("5% of checkout requests fail");
    },
  },
  {
    type: "teams",
    spec: (base) => ({ type: "teams", url: `${base}/workflows/secret-token` }),
    check(received) {
      const message = json(received);
      expect(message.type).toBe("message");
      const attachment = message.attachments[0];
      expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
      expect(attachment.content.type).toBe("AdaptiveCard");
      expect(attachment.content.actions[0]).toEqual({
        type: "Action.OpenUrl",
        title: "Acknowledge",
        url: "http://nines.example.com:8080/ack/abc",
      });
    },
  },
];

describe.each(HTTP_CASES)("the $type channel", (testCase) => {
  let receiver: HttpReceiver;
  const channel = CHANNELS[testCase.type];
  const send = (connector = allowLoopback(), overrides: Partial<SendContext> = {}) =>
    channel.send(
      sampleContent(),
      channelSpec.parse(testCase.spec(receiver.url)) as never,
      contextFor(connector, overrides),
    );

  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it("delivers the message", async () => {
    expect(await send()).toEqual({ delivered: true });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.method).toBe("POST");
    testCase.check(receiver.received[0] as Received);
  });

  it("retries after a 500, naming the receiver by its origin only", async () => {
    receiver.answer = () => ({ status: 500, body: "upstream broke" });
    const outcome = await send();
    expect(outcome).toMatchObject({ delivered: false, retry: true });
    expect(outcome).toHaveProperty("error", `POST ${receiver.url}: answered 500: upstream broke`);
  });

  it("retries a 429 no sooner than its Retry-After", async () => {
    receiver.answer = () => ({ status: 429, headers: { "retry-after": "7" } });
    expect(await send()).toMatchObject({ delivered: false, retry: true, retryAfterMs: 7_000 });
  });

  it("retries when the receiver hangs past the send's time", async () => {
    receiver.answer = () => "hang";
    const outcome = await send(allowLoopback(), { timeoutMs: 200 });
    expect(outcome).toMatchObject({ delivered: false, retry: true });
    expect(outcome).toHaveProperty("error", expect.stringContaining("no complete answer within"));
    expect(JSON.stringify(outcome)).not.toContain("secret-token");
  });

  it("gives up on a 400", async () => {
    receiver.answer = () => ({ status: 400, body: "invalid_payload" });
    expect(await send()).toEqual({
      delivered: false,
      retry: false,
      error: `POST ${receiver.url}: answered 400: invalid_payload`,
    });
  });

  it("follows a redirect that keeps the method, and refuses one to an address the policy refuses", async () => {
    const elsewhere = await startHttpReceiver("127.0.0.2");
    try {
      let first = true;
      receiver.answer = () => {
        const target = first ? `${receiver.url}/moved` : `${elsewhere.url}/stolen`;
        first = false;
        return { status: 307, headers: { location: target } };
      };
      const outcome = await send();
      expect(outcome).toMatchObject({ delivered: false, retry: false });
      expect(outcome).toHaveProperty("error", expect.stringContaining("127.0.0.2 is not allowed for notifications"));
      expect(receiver.received.map((request) => request.path)).toContain("/moved");
      expect(elsewhere.received).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it("is refused a loopback address by the default notify policy", async () => {
    const outcome = await send(createConnector());
    expect(outcome).toMatchObject({ delivered: false, retry: false });
    expect(outcome).toHaveProperty("error", expect.stringContaining("allow it with notifyAllow"));
    expect(receiver.received).toHaveLength(0);
  });
});

describe("the inbox channel", () => {
  it("keeps the message once, however often it is sent", async () => {
    const store = await openStore({ dataDir: ":memory:" });
    try {
      const context = contextFor(createConnector(), {
        inbox: (message: InboxMessage) => writeInboxMessage(store.db, message),
      });
      const spec = channelSpec.parse({ type: "inbox", name: "alice" }) as never;
      expect(await CHANNELS.inbox.send(sampleContent(), spec, context)).toEqual({ delivered: true });
      expect(await CHANNELS.inbox.send(sampleContent(), spec, context)).toEqual({ delivered: true });
      const inbox = await listInbox(store.db, { inbox: "alice", limit: 10, offset: 0 });
      expect(inbox.total).toBe(1);
      expect(inbox.items[0]).toMatchObject({
        inbox: "alice",
        notificationKey: KEY,
        subject: "[FIRING:2] HighErrorRate checkout (page)",
        receivedAt: NOW,
      });
      expect(inbox.items[0]?.text).toContain("Acknowledge: http://nines.example.com:8080/ack/abc");
    } finally {
      await store.close();
    }
  });

  it("retries when the inbox cannot be written", async () => {
    const spec = channelSpec.parse({ type: "inbox" }) as never;
    const outcome = await CHANNELS.inbox.send(sampleContent(), spec, contextFor(createConnector()));
    expect(outcome).toMatchObject({ delivered: false, retry: true });
  });
});

describe("the email channel", () => {
  const emailSpec = (port: number) =>
    channelSpec.parse({
      type: "email",
      to: ["oncall@example.com"],
      from: "nines@example.com",
      smtp: { host: "127.0.0.1", port },
    }) as never;

  it("sends a text and an HTML part with the title as subject and every link", async () => {
    const smtp = await startSmtpReceiver();
    try {
      expect(await CHANNELS.email.send(sampleContent(), emailSpec(smtp.port), contextFor(allowLoopback()))).toEqual({
        delivered: true,
      });
      expect(smtp.messages).toHaveLength(1);
      const message = decodeQuotedPrintable(smtp.messages[0] as string);
      expect(message).toContain("Subject: [FIRING:2] HighErrorRate checkout (page)");
      expect(message).toContain("To: oncall@example.com");
      expect(message).toMatch(/Message-ID: <[0-9a-f]{32}@nines>/i);
      expect(message).toContain("Content-Type: text/plain");
      expect(message).toContain("Content-Type: text/html");
      expect(message).toContain(
        "- [firing] 5% of checkout requests fail (instance=web-1): firing for 12m, since 2026-08-20 10:00:00 UTC",
      );
      expect(message).toContain("Acknowledge: http://nines.example.com:8080/ack/abc");
      expect(message).toContain('<a href="https://runbooks.example.com/checkout">Runbook</a>');
    } finally {
      await smtp.close();
    }
  });

  it("gives up when the server refuses the recipient with 550", async () => {
    const smtp = await startSmtpReceiver({ rejectRecipient: 550 });
    try {
      const outcome = await CHANNELS.email.send(sampleContent(), emailSpec(smtp.port), contextFor(allowLoopback()));
      expect(outcome).toMatchObject({ delivered: false, retry: false });
      expect(outcome).toHaveProperty("error", expect.stringContaining("mailbox unavailable"));
      expect(smtp.messages).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });

  it("retries when the server refuses for now with 451", async () => {
    const smtp = await startSmtpReceiver({ rejectRecipient: 451 });
    try {
      const outcome = await CHANNELS.email.send(sampleContent(), emailSpec(smtp.port), contextFor(allowLoopback()));
      expect(outcome).toMatchObject({ delivered: false, retry: true });
    } finally {
      await smtp.close();
    }
  });

  it("retries when the server never greets", async () => {
    const silent = await startSilentServer();
    try {
      const context = contextFor(allowLoopback(), { timeoutMs: 200 });
      const outcome = await CHANNELS.email.send(sampleContent(), emailSpec(silent.port), context);
      expect(outcome).toMatchObject({ delivered: false, retry: true });
      expect(outcome).toHaveProperty("error", expect.stringMatching(/^SMTP 127\.0\.0\.1:\d+: /));
    } finally {
      await silent.close();
    }
  });

  it("is refused a loopback mail server by the default notify policy", async () => {
    const smtp = await startSmtpReceiver();
    try {
      const outcome = await CHANNELS.email.send(sampleContent(), emailSpec(smtp.port), contextFor(createConnector()));
      expect(outcome).toMatchObject({ delivered: false, retry: false });
      expect(outcome).toHaveProperty("error", expect.stringContaining("allow it with notifyAllow"));
      expect(smtp.messages).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });
});
