import { describe, expect, it } from "vitest";
import { KINDS } from "../kinds.js";
import type { NinesDocument } from "./document.js";
import {
  checkReferences,
  describeReferrers,
  findReferrers,
  kindsNamedBy,
  kindsNaming,
  orderForDeletion,
} from "./object-references.js";

const document = (kind: string, name: string, spec: Record<string, unknown> = {}): NinesDocument => ({
  apiVersion: "openslo/v1",
  kind,
  metadata: { name },
  spec,
});

const policy = (name: string, condition: string) =>
  document("AlertPolicy", name, {
    conditions: [{ conditionRef: condition }],
    notificationTargets: [{ targetRef: "on-call" }],
  });

describe("references between objects", () => {
  it("knows which kinds a kind may name, and which may name it", () => {
    expect(kindsNamedBy(KINDS, ["AlertPolicy", "Monitor"]).sort()).toEqual([
      "AlertCondition",
      "AlertNotificationTarget",
      "Secret",
    ]);
    expect(kindsNaming(KINDS, ["AlertCondition"])).toEqual(["SLO", "AlertPolicy"]);
    expect(kindsNaming(KINDS, ["Monitor"])).toEqual([]);
    expect(kindsNaming(KINDS, ["Secret"])).toEqual(["Monitor", "Receiver", "User"]);
  });

  it("lets a checked document stand in for its stored self", () => {
    const stored = [policy("page", "fast-burn"), document("AlertNotificationTarget", "on-call")];
    expect(checkReferences(KINDS, [{ document: policy("page", "slow-burn") }], { existing: stored })).toEqual([
      {
        message: 'AlertCondition "slow-burn" does not exist',
        path: "/spec/conditions/0/conditionRef",
      },
    ]);
  });

  it("finds referrers, leaving out those deleted together with their target", () => {
    const candidates = [policy("page", "fast-burn"), policy("ticket", "fast-burn"), policy("other", "slow-burn")];
    const referrers = findReferrers(
      KINDS,
      [
        { kind: "AlertCondition", name: "fast-burn" },
        { kind: "AlertPolicy", name: "ticket" },
      ],
      candidates,
    );
    expect(referrers).toEqual([
      {
        kind: "AlertPolicy",
        name: "page",
        path: "/spec/conditions/0/conditionRef",
        target: { kind: "AlertCondition", name: "fast-burn" },
      },
    ]);
    const both = findReferrers(
      KINDS,
      [
        { kind: "AlertCondition", name: "fast-burn" },
        { kind: "AlertNotificationTarget", name: "on-call" },
      ],
      candidates.slice(0, 2),
    );
    expect(describeReferrers(both)).toBe(
      'AlertCondition "fast-burn" is still named by AlertPolicy "page" (/spec/conditions/0/conditionRef), AlertPolicy "ticket" (/spec/conditions/0/conditionRef); ' +
        'AlertNotificationTarget "on-call" is still named by AlertPolicy "page" (/spec/notificationTargets/0/targetRef), AlertPolicy "ticket" (/spec/notificationTargets/0/targetRef)',
    );
  });

  it("orders documents for deletion so that referrers go before what they name", () => {
    const documents = [
      document("AlertCondition", "fast-burn"),
      document("AlertNotificationTarget", "on-call"),
      policy("page", "fast-burn"),
      document("SLO", "checkout", { service: "shop", alertPolicies: [{ alertPolicyRef: "page" }] }),
      document("Service", "shop"),
    ];
    expect(orderForDeletion(KINDS, documents).map((item) => `${item.kind}/${item.metadata.name}`)).toEqual([
      "SLO/checkout",
      "AlertPolicy/page",
      "Service/shop",
      "AlertCondition/fast-burn",
      "AlertNotificationTarget/on-call",
    ]);
  });
});
