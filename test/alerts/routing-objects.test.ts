import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

/** Routing objects through the one write path: references are checked, credentials are hidden. */
let t: TestApp;
afterEach(async () => {
  await t.close();
});

const receiver = {
  apiVersion: "nines/v1",
  kind: "Receiver",
  metadata: { name: "chat" },
  spec: { channels: [{ type: "slack", url: "https://hooks.slack.com/services/T000/B000/SECRET" }] },
};

describe("routing objects", () => {
  it("refuses a Route naming a Receiver or TimeInterval that does not exist, at its field", async () => {
    t = await createTestApp({ anonymousRead: false });
    const response = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: t.auth,
      payload: {
        documents: [
          receiver,
          {
            apiVersion: "nines/v1",
            kind: "Route",
            metadata: { name: "pages" },
            spec: { receiver: "chat", routes: [{ receiver: "chatt", muteTimeIntervals: ["nights"] }] },
          },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    const messages = response
      .json()
      .issues.map((issue: { path: string; message: string }) => `${issue.path}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/spec\/routes\/0\/receiver: Receiver "chatt" does not exist; did you mean "chat"\?/),
        expect.stringMatching(/^\/spec\/routes\/0\/muteTimeIntervals\/0: TimeInterval "nights" does not exist/),
      ]),
    );
  });

  it("shows a Receiver's plain credentials to editors only", async () => {
    t = await createTestApp({ anonymousRead: false });
    await t.nines.config.apply([receiver]);
    const asViewer = await t.nines.app.inject({
      url: "/api/v1/objects/Receiver/chat",
      headers: await t.tokenFor("viewer"),
    });
    expect(asViewer.statusCode).toBe(200);
    expect(asViewer.body).not.toContain("SECRET");
    expect(asViewer.json().spec.channels[0].url).toEqual({ hidden: true });
    const asEditor = await t.nines.app.inject({
      url: "/api/v1/objects/Receiver/chat",
      headers: await t.tokenFor("editor"),
    });
    expect(asEditor.json().spec.channels[0].url).toContain("SECRET");
  });
});
