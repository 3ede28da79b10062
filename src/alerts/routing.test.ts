import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { formatLabelSet, quoteGo } from "./label-set.js";
import { routeSpec } from "./model.js";
import {
  buildRouteTree,
  DEFAULT_GROUP_INTERVAL_MS,
  DEFAULT_GROUP_WAIT_MS,
  DEFAULT_REPEAT_INTERVAL_MS,
  groupKeyOf,
  groupLabelsOf,
  listRoutes,
  matchRoutes,
  type RouteNode,
} from "./routing.js";

/** A tree of Route objects written as YAML specs, through the kind's schema (defaults filled in). */
const treeOf = (objects: Record<string, string>) =>
  buildRouteTree(Object.entries(objects).map(([name, yaml]) => ({ name, spec: routeSpec.parse(parse(yaml)) })));

/**
 * Alertmanager's `Route.Key()` of a node of the single Route object holding a whole Alertmanager
 * tree: without the implicit root and without the sibling indices.
 */
const alertmanagerKey = (node: RouteNode) => node.key.replace(/^\{\}\//, "").replace(/\/\d+(?=\/|$)/g, "");

const S = 1000;
const M = 60 * S;

// dispatch/route_test.go's TestRouteMatchers, as one Route object (Alertmanager's root is the object).
const ROUTE_TEST = `
receiver: notify-def
routes:
  - matchers: ['owner="team-A"', 'level!="critical"']
    receiver: notify-A
    routes:
      - matchers: ['env="testing"', 'baz!~".*quux"']
        receiver: notify-testing
        groupBy: ["..."]
      - matchers: ['env="production"']
        receiver: notify-productionA
        groupWait: 1m
        continue: true
      - matchers: ['env=~"produ.*"', 'job=~".*"']
        receiver: notify-productionB
        groupWait: 30s
        groupInterval: 5m
        repeatInterval: 1h
        groupBy: [job]
  - matchers: ['owner=~"team-(B|C)"']
    groupBy: [foo, bar]
    groupWait: 2m
    receiver: notify-BC
  - matchers: ['group_by="role"']
    groupBy: [role]
    routes:
      - matchers: ['env="testing"']
        receiver: notify-testing
        routes:
          - matchers: ['wait="long"']
            groupWait: 2m
`;

const defaults = {
  groupBy: [],
  groupWaitMs: DEFAULT_GROUP_WAIT_MS,
  groupIntervalMs: DEFAULT_GROUP_INTERVAL_MS,
  repeatIntervalMs: DEFAULT_REPEAT_INTERVAL_MS,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
};

describe("matchRoutes on Alertmanager's route_test.go cases", () => {
  const tree = treeOf({ alertmanager: ROUTE_TEST });
  const cases: { labels: Record<string, string>; options: object[]; keys: string[] }[] = [
    {
      labels: { owner: "team-A" },
      options: [{ ...defaults, receiver: "notify-A" }],
      keys: ['{}/{level!="critical",owner="team-A"}'],
    },
    {
      labels: { owner: "team-A", env: "unset" },
      options: [{ ...defaults, receiver: "notify-A" }],
      keys: ['{}/{level!="critical",owner="team-A"}'],
    },
    {
      labels: { owner: "team-C" },
      options: [{ ...defaults, receiver: "notify-BC", groupBy: ["foo", "bar"], groupWaitMs: 2 * M }],
      keys: ['{}/{owner=~"team-(B|C)"}'],
    },
    {
      labels: { owner: "team-A", env: "testing" },
      options: [{ ...defaults, receiver: "notify-testing", groupBy: "all" }],
      keys: ['{}/{level!="critical",owner="team-A"}/{baz!~".*quux",env="testing"}'],
    },
    {
      labels: { owner: "team-A", env: "production" },
      options: [
        { ...defaults, receiver: "notify-productionA", groupWaitMs: M },
        {
          ...defaults,
          receiver: "notify-productionB",
          groupBy: ["job"],
          groupWaitMs: 30 * S,
          groupIntervalMs: 5 * M,
          repeatIntervalMs: 3_600_000,
        },
      ],
      keys: [
        '{}/{level!="critical",owner="team-A"}/{env="production"}',
        '{}/{level!="critical",owner="team-A"}/{env=~"produ.*",job=~".*"}',
      ],
    },
    {
      labels: { group_by: "role" },
      options: [{ ...defaults, receiver: "notify-def", groupBy: ["role"] }],
      keys: ['{}/{group_by="role"}'],
    },
    {
      labels: { env: "testing", group_by: "role" },
      options: [{ ...defaults, receiver: "notify-testing", groupBy: ["role"] }],
      keys: ['{}/{group_by="role"}/{env="testing"}'],
    },
    {
      labels: { env: "testing", group_by: "role", wait: "long" },
      options: [{ ...defaults, receiver: "notify-testing", groupBy: ["role"], groupWaitMs: 2 * M }],
      keys: ['{}/{group_by="role"}/{env="testing"}/{wait="long"}'],
    },
  ];

  for (const { labels, options, keys } of cases)
    it(`routes ${JSON.stringify(labels)} as Alertmanager does`, () => {
      const matched = matchRoutes(tree, labels);
      expect(matched.map((node) => node.options)).toEqual(options);
      expect(matched.map(alertmanagerKey)).toEqual(keys);
      expect(matched.every((node) => node.objectName === "alertmanager")).toBe(true);
    });

  it("lets the object's own node take an alert none of its children match", () => {
    const [only] = matchRoutes(tree, { owner: "nobody" });
    expect(only?.options.receiver).toBe("notify-def");
    expect(only?.key).toBe("{}/{}/0");
  });

  it("visits every node depth first, as Alertmanager's Walk (TestRouteWalk)", () => {
    expect(
      listRoutes(tree)
        .slice(1)
        .map((node) => node.options.receiver),
    ).toEqual([
      "notify-def",
      "notify-A",
      "notify-testing",
      "notify-productionA",
      "notify-productionB",
      "notify-BC",
      "notify-def",
      "notify-testing",
      "notify-testing",
    ]);
  });
});

describe("route keys", () => {
  it("are Alertmanager's route IDs, with sibling indices, under the implicit root (TestRouteID)", () => {
    const tree = treeOf({
      alertmanager: `
receiver: default
routes:
  - {continue: true, matchers: [foo=bar], receiver: test1, routes: [{matchers: [bar=baz]}]}
  - {continue: true, matchers: [foo=bar], receiver: test1, routes: [{matchers: [bar=baz]}]}
  - {continue: true, matchers: [foo=bar], receiver: test2, routes: [{matchers: [bar=baz]}]}
  - continue: true
    matchers: [bar=baz]
    receiver: test3
    routes: [{matchers: [baz=qux]}, {matchers: [qux=corge]}]
  - {continue: true, matchers: ['qux=~"[a-zA-Z0-9]+"']}
  - {continue: true, matchers: ['corge!~"[0-9]+"']}
`,
    });
    const alertmanagerIds = [
      "{}",
      '{}/{foo="bar"}/0',
      '{}/{foo="bar"}/0/{bar="baz"}/0',
      '{}/{foo="bar"}/1',
      '{}/{foo="bar"}/1/{bar="baz"}/0',
      '{}/{foo="bar"}/2',
      '{}/{foo="bar"}/2/{bar="baz"}/0',
      '{}/{bar="baz"}/3',
      '{}/{bar="baz"}/3/{baz="qux"}/0',
      '{}/{bar="baz"}/3/{qux="corge"}/1',
      '{}/{qux=~"[a-zA-Z0-9]+"}/4',
      '{}/{corge!~"[0-9]+"}/5',
    ];
    expect(
      listRoutes(tree)
        .slice(1)
        .map((node) => node.key),
    ).toEqual(alertmanagerIds.map((id) => `{}/{}/0${id.slice(2)}`));
    // With continue, an alert goes to every matching sibling; their keys stay apart.
    const keys = matchRoutes(tree, { foo: "bar", bar: "baz" }).map((node) => node.key);
    expect(keys).toEqual([
      '{}/{}/0/{foo="bar"}/0/{bar="baz"}/0',
      '{}/{}/0/{foo="bar"}/1/{bar="baz"}/0',
      '{}/{}/0/{foo="bar"}/2/{bar="baz"}/0',
      '{}/{}/0/{bar="baz"}/3',
      // corge is missing, so "" is not [0-9]+: the negative matcher holds.
      '{}/{}/0/{corge!~"[0-9]+"}/5',
    ]);
  });

  it("order the Route objects by name, each a child of the root with its own index", () => {
    const tree = treeOf({
      "b-checkout": `receiver: shop\nmatchers: ['service="checkout"']`,
      "a-database": `receiver: dba\nmatchers: ['service=~"mysql|cassandra"']`,
    });
    expect(tree.children.map((node) => [node.objectName, node.key])).toEqual([
      ["a-database", '{}/{service=~"mysql|cassandra"}/0'],
      ["b-checkout", '{}/{service="checkout"}/1'],
    ]);
  });
});

describe("the implicit root", () => {
  it("takes no alert: one that matches no Route object goes nowhere", () => {
    const tree = treeOf({ pages: `receiver: oncall\nmatchers: ['severity="page"']` });
    expect(matchRoutes(tree, { severity: "ticket" })).toEqual([]);
    expect(matchRoutes(treeOf({}), { severity: "page" })).toEqual([]);
  });

  it("stops at the first matching Route object unless it continues", () => {
    const tree = treeOf({
      a: `receiver: first\nmatchers: ['team="ops"']\ncontinue: true`,
      b: `receiver: second\nmatchers: ['team="ops"']`,
      c: `receiver: third`,
    });
    expect(matchRoutes(tree, { team: "ops" }).map((node) => node.options.receiver)).toEqual(["first", "second"]);
    expect(matchRoutes(tree, { team: "dev" }).map((node) => node.options.receiver)).toEqual(["third"]);
  });
});

describe("the docs' example route (configuration.md)", () => {
  const tree = treeOf({
    "default-receiver": `
receiver: default-receiver
groupWait: 30s
groupInterval: 5m
repeatInterval: 4h
groupBy: [cluster, alertname]
routes:
  - receiver: database-pager
    groupWait: 10s
    matchers: ['service=~"mysql|cassandra"']
  - receiver: frontend-pager
    groupBy: [product, environment]
    matchers: ['team="frontend"']
  - receiver: dev-pager
    matchers: ['service="inhouse-service"']
    muteTimeIntervals: [offhours, holidays]
    continue: true
  - receiver: on-call-pager
    matchers: ['service="inhouse-service"']
    activeTimeIntervals: [offhours, holidays]
`,
  });
  const receivers = (labels: Record<string, string>) => matchRoutes(tree, labels).map((node) => node.options.receiver);

  it("sends each alert where the comments say", () => {
    expect(receivers({ service: "mysql", cluster: "eu" })).toEqual(["database-pager"]);
    expect(receivers({ service: "cassandra" })).toEqual(["database-pager"]);
    expect(receivers({ service: "mysql-replica" })).toEqual(["default-receiver"]);
    expect(receivers({ team: "frontend" })).toEqual(["frontend-pager"]);
    expect(receivers({ service: "inhouse-service" })).toEqual(["dev-pager", "on-call-pager"]);
    expect(receivers({ service: "other" })).toEqual(["default-receiver"]);
  });

  it("inherits grouping and timers, and keeps time intervals on the route that names them", () => {
    const [database] = matchRoutes(tree, { service: "mysql" });
    expect(database?.options).toMatchObject({ groupBy: ["cluster", "alertname"], groupWaitMs: 10 * S });
    const [frontend] = matchRoutes(tree, { team: "frontend" });
    expect(frontend?.options).toMatchObject({ groupBy: ["product", "environment"], groupWaitMs: 30 * S });
    const [dev, onCall] = matchRoutes(tree, { service: "inhouse-service" });
    expect(dev?.options.muteTimeIntervals).toEqual(["offhours", "holidays"]);
    expect(dev?.options.activeTimeIntervals).toEqual([]);
    expect(onCall?.options.activeTimeIntervals).toEqual(["offhours", "holidays"]);
    expect(tree.children[0]?.options.muteTimeIntervals).toEqual([]);
  });

  it("groups by the route's labels, leaving out those the alert lacks", () => {
    const labels = { service: "mysql", cluster: "eu-1", alertname: "ReplicationLag", instance: "db-2" };
    const [database] = matchRoutes(tree, labels);
    if (!database) throw new Error("expected a route");
    expect(groupLabelsOf(database, labels)).toEqual({ cluster: "eu-1", alertname: "ReplicationLag" });
    expect(groupLabelsOf(database, { service: "mysql" })).toEqual({});
    expect(groupKeyOf(database, groupLabelsOf(database, labels))).toBe(
      '{}/{}/0/{service=~"mysql|cassandra"}/0:{alertname="ReplicationLag", cluster="eu-1"}',
    );
    expect(groupKeyOf(database, {})).toBe('{}/{}/0/{service=~"mysql|cassandra"}/0:{}');
  });
});

describe("groupBy inheritance (TestInheritParentGroupByAll)", () => {
  it("passes ... down until a child names its own labels", () => {
    const tree = treeOf({
      x: `
receiver: r
routes:
  - matchers: ['env="parent"']
    groupBy: ["..."]
    routes:
      - matchers: ['env="child1"']
      - matchers: ['env="child2"']
        groupBy: [foo]
`,
    });
    const parent = tree.children[0]?.children[0];
    expect(parent?.options.groupBy).toBe("all");
    expect(parent?.children[0]?.options.groupBy).toBe("all");
    expect(parent?.children[1]?.options.groupBy).toEqual(["foo"]);
    const all = { env: "parent", b: "2", a: "1" };
    expect(groupLabelsOf(parent as RouteNode, all)).toEqual(all);
  });
});

describe("formatLabelSet", () => {
  it('prints Prometheus\' LabelSet.String(): sorted, ", " between, values quoted as Go does', () => {
    expect(formatLabelSet({ service: "checkout", alertname: "HighLatency" })).toBe(
      '{alertname="HighLatency", service="checkout"}',
    );
    expect(formatLabelSet({})).toBe("{}");
    expect(quoteGo('say "hi"\\\n\t')).toBe('"say \\"hi\\"\\\\\\n\\t"');
    expect(quoteGo("Überlast 運用 🔥")).toBe('"Überlast 運用 🔥"');
    expect(quoteGo("\u0000\u007f\u00ad\u2028")).toBe('"\\x00\\x7f\\u00ad\\u2028"');
    expect(quoteGo("\u{e0001}")).toBe('"\\U000e0001"');
  });
});
