import { describe, expect, it } from "vitest";
import { alertFingerprint } from "./fingerprint.js";
import { createInhibitor, type FiringAlert } from "./inhibition.js";
import { inhibitRuleSpec } from "./model.js";

const alert = (labels: Record<string, string>): FiringAlert => ({ fingerprint: alertFingerprint(labels), labels });
const rule = (name: string, spec: object) => ({ name, spec: inhibitRuleSpec.parse(spec) });

const criticalMutesWarning = rule("critical-mutes-warning", {
  sourceMatchers: ['severity="critical"'],
  targetMatchers: ['severity="warning"'],
  equal: ["alertname", "cluster"],
});

describe("createInhibitor", () => {
  it("mutes a target while a firing source has the same equal labels", () => {
    const source = alert({ alertname: "DiskFull", cluster: "eu", severity: "critical" });
    const target = alert({ alertname: "DiskFull", cluster: "eu", severity: "warning", instance: "db-1" });
    const otherCluster = alert({ alertname: "DiskFull", cluster: "us", severity: "warning" });
    const inhibitor = createInhibitor([criticalMutesWarning], [source, target, otherCluster]);
    expect(inhibitor.inhibitedBy(target)).toEqual([source.fingerprint]);
    expect(inhibitor.inhibitedBy(otherCluster)).toEqual([]);
    expect(inhibitor.inhibitedBy(source)).toEqual([]);
  });

  it("counts a label missing from both sides as equal, and missing on one side as different", () => {
    const source = alert({ alertname: "DiskFull", severity: "critical" });
    const withoutCluster = alert({ alertname: "DiskFull", severity: "warning" });
    const withEmptyCluster = alert({ alertname: "DiskFull", severity: "warning", cluster: "" });
    const withCluster = alert({ alertname: "DiskFull", severity: "warning", cluster: "eu" });
    const inhibitor = createInhibitor([criticalMutesWarning], [source]);
    expect(inhibitor.inhibitedBy(withoutCluster)).toEqual([source.fingerprint]);
    // An empty value is no value, as in Alertmanager.
    expect(inhibitor.inhibitedBy(withEmptyCluster)).toEqual([source.fingerprint]);
    expect(inhibitor.inhibitedBy(withCluster)).toEqual([]);
  });

  it("only counts firing sources: an alert not among them inhibits nothing", () => {
    const resolvedSource = alert({ alertname: "DiskFull", cluster: "eu", severity: "critical" });
    const target = alert({ alertname: "DiskFull", cluster: "eu", severity: "warning" });
    expect(createInhibitor([criticalMutesWarning], [target]).inhibitedBy(target)).toEqual([]);
    expect(createInhibitor([criticalMutesWarning], [resolvedSource, target]).inhibitedBy(target)).toEqual([
      resolvedSource.fingerprint,
    ]);
  });

  it("never lets an alert inhibit itself, nor alerts matching both sides inhibit each other", () => {
    const both = rule("any-mutes-any", { sourceMatchers: ['team="ops"'], targetMatchers: ['team="ops"'] });
    const first = alert({ team: "ops", alertname: "A" });
    const second = alert({ team: "ops", alertname: "B" });
    const inhibitor = createInhibitor([both], [first, second]);
    expect(inhibitor.inhibitedBy(first)).toEqual([]);
    expect(inhibitor.inhibitedBy(second)).toEqual([]);
  });

  it("still lets a source that is not also a target mute an alert matching both sides", () => {
    const spec = rule("outage-mutes-team", {
      sourceMatchers: ['team="ops"'],
      targetMatchers: ['severity="warning"'],
    });
    const outage = alert({ team: "ops", severity: "critical" });
    const twoSided = alert({ team: "ops", severity: "warning" });
    const other = alert({ team: "ops", severity: "warning", alertname: "Other" });
    const inhibitor = createInhibitor([spec], [outage, twoSided, other]);
    expect(inhibitor.inhibitedBy(twoSided)).toEqual([outage.fingerprint]);
  });

  it("lists every inhibiting source across rules once, and needs every matcher of a side", () => {
    const nodeDown = rule("node-down", {
      sourceMatchers: ['alertname="NodeDown"', 'severity=~"critical|page"'],
      targetMatchers: ['alertname!="NodeDown"'],
      equal: ["instance"],
    });
    const down = alert({ alertname: "NodeDown", severity: "page", instance: "db-1" });
    const downTicket = alert({ alertname: "NodeDown", severity: "ticket", instance: "db-1" });
    const critical = alert({ alertname: "DiskFull", severity: "critical", instance: "db-1", cluster: "eu" });
    const warning = alert({ alertname: "DiskFull", severity: "warning", instance: "db-1", cluster: "eu" });
    const inhibitor = createInhibitor([criticalMutesWarning, nodeDown], [down, downTicket, critical, warning]);
    expect(inhibitor.inhibitedBy(warning).sort()).toEqual([critical.fingerprint, down.fingerprint].sort());
    expect(inhibitor.inhibitedBy(critical)).toEqual([down.fingerprint]);
    expect(inhibitor.inhibitedBy(downTicket)).toEqual([]);
  });

  it("mutes nothing without rules", () => {
    const target = alert({ severity: "warning" });
    expect(createInhibitor([], [alert({ severity: "critical" }), target]).inhibitedBy(target)).toEqual([]);
  });
});
