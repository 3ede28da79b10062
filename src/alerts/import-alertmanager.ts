import { parseDocument } from "yaml";
import type { NinesDocument } from "../config/document.js";
import { toYaml } from "../config/export.js";
import { formatDuration, parseDuration } from "../core/duration.js";
import { createImportContext, createNamer, type ImportContext, type SecretKey } from "./import-alertmanager-context.js";
import { convertReceiver } from "./import-alertmanager-receivers.js";
import { describeRegexProblem, formatMatcher, type Matcher, parseMatchers } from "./matchers.js";
import { inhibitRuleSpec, receiverSpec, routeSpec, timeIntervalSpec } from "./model.js";

/**
 * `nines import alertmanager`: an Alertmanager config as Nines documents. The route tree becomes one
 * Route (named after the root's receiver), each receiver a Receiver, each inhibit rule an
 * InhibitRule, each time interval (and mute time interval) a TimeInterval. Credentials become
 * references to one Secret, whose keys are listed for the operator to fill; what Nines has no
 * field for is listed as left out, and what can't be converted at all is refused with the reason.
 */

export interface AlertmanagerImport {
  documents: NinesDocument[];
  /** Fields left out and conversions worth knowing, each with where in the file. */
  warnings: string[];
  /** Parts not converted at all (a route and its children, a rule, an interval), with the reason. */
  refused: string[];
  secretName: string;
  secretKeys: SecretKey[];
}

type Config = Record<string, unknown>;

const TOP_LEVEL = ["global", "route", "receivers", "inhibit_rules", "time_intervals", "mute_time_intervals"];
const GLOBAL = [
  "resolve_timeout",
  "smtp_smarthost",
  "smtp_from",
  "smtp_auth_username",
  "smtp_auth_password",
  "smtp_auth_password_file",
  "smtp_require_tls",
  "slack_api_url",
  "slack_api_url_file",
  "pagerduty_url",
];
const ROUTE = [
  "receiver",
  "group_by",
  "group_wait",
  "group_interval",
  "repeat_interval",
  "continue",
  "match",
  "match_re",
  "matchers",
  "mute_time_intervals",
  "active_time_intervals",
  "routes",
];

const isObject = (value: unknown): value is Config =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const listOf = (value: unknown): Config[] => (Array.isArray(value) ? value.filter(isObject) : []);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function importAlertmanager(text: string, options: { secretName?: string } = {}): AlertmanagerImport {
  const secretName = options.secretName ?? "alertmanager";
  const { context, warnings, secrets } = createImportContext(secretName);
  const refused: string[] = [];
  const result = (documents: NinesDocument[]) => ({ documents, warnings, refused, secretName, secretKeys: secrets() });
  const parsed = parseDocument(text);
  if (parsed.errors.length > 0) {
    refused.push(`not valid YAML: ${parsed.errors[0]?.message}`);
    return result([]);
  }
  const config = parsed.toJS() as unknown;
  if (!isObject(config) || !isObject(config.route)) {
    refused.push("expected an Alertmanager config with a route");
    return result([]);
  }
  const global = isObject(config.global) ? config.global : {};
  context.leftOut("global", global, GLOBAL, "Nines has no such setting");
  if (global.resolve_timeout !== undefined && parseDuration(String(global.resolve_timeout)) !== 5 * 60_000)
    context.warn(`global.resolve_timeout: left out; Nines resolves alerts without endsAt after 5m`);
  if (config.templates !== undefined) context.warn("templates: left out (Nines renders its own messages)");
  context.leftOut("the file", config, [...TOP_LEVEL, "templates"], "Nines has no such setting");

  const receiverName = createNamer();
  const intervalName = createNamer();
  const ruleName = createNamer();
  const documents: NinesDocument[] = [];
  const add = (kind: string, name: string, original: string, spec: Config, where: string, schema: Schema) => {
    const checked = schema.safeParse(spec);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      refused.push(`${where}: not imported: ${issue?.path.join(".") || "spec"}: ${issue?.message}`);
      return;
    }
    const metadata = { name, ...(name !== original && { displayName: original }) };
    documents.push({ apiVersion: "nines/v1", kind, metadata, spec });
  };

  for (const [field, deprecated] of [
    ["time_intervals", false],
    ["mute_time_intervals", true],
  ] as const)
    listOf(config[field]).forEach((interval, index) => {
      const where = `${field}[${String(interval.name ?? index)}]`;
      context.leftOut(where, interval, ["name", "time_intervals"]);
      const spec = {
        timeIntervals: listOf(interval.time_intervals).map((entry, at) =>
          convertEntry(entry, `${where}.time_intervals[${at}]`, context),
        ),
      };
      add("TimeInterval", intervalName(String(interval.name)), String(interval.name), spec, where, timeIntervalSpec);
      if (deprecated)
        context.warn(`${where}: mute_time_intervals is Alertmanager's older name; imported as a TimeInterval`);
    });

  for (const receiver of listOf(config.receivers)) {
    const name = receiverName(String(receiver.name));
    const spec = convertReceiver(receiver, name, global, context);
    add("Receiver", name, String(receiver.name), spec, `receivers[${String(receiver.name)}]`, receiverSpec);
  }

  listOf(config.inhibit_rules).forEach((rule, index) => {
    const where = `inhibit_rules[${index}]`;
    context.leftOut(where, rule, [
      "name",
      "equal",
      ...["source", "target"].flatMap((side) => ["match", "match_re", "matchers"].map((form) => `${side}_${form}`)),
    ]);
    const source = convertMatchers(rule, "source_", where);
    const target = convertMatchers(rule, "target_", where);
    if (typeof source === "string" || typeof target === "string") {
      refused.push(`${where}: not imported: ${typeof source === "string" ? source : target}`);
      return;
    }
    const name = typeof rule.name === "string" ? rule.name : `inhibit-${index + 1}`;
    const spec = { sourceMatchers: source, targetMatchers: target, equal: strings(rule.equal) };
    add("InhibitRule", ruleName(name), name, spec, where, inhibitRuleSpec);
  });

  const names = { receiver: receiverName, interval: intervalName };
  const root = convertRoute(config.route, "route", names, context, refused);
  if (root) {
    const rootReceiver = typeof config.route.receiver === "string" ? receiverName(config.route.receiver) : undefined;
    const name = rootReceiver ?? "alertmanager";
    add("Route", name, name, root, "route", routeSpec);
  }
  return result(documents);
}

interface Schema {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

interface Names {
  receiver: (text: string) => string;
  interval: (text: string) => string;
}

/** One route and its children; undefined (and refused) when a matcher can't be converted. */
function convertRoute(
  route: Config,
  where: string,
  names: Names,
  context: ImportContext,
  refused: string[],
): Config | undefined {
  context.leftOut(where, route, ROUTE);
  const matchers = convertMatchers(route, "", where);
  if (typeof matchers === "string") {
    // Leaving a matcher out would widen the route: refuse it and its children instead.
    refused.push(`${where}: not imported (with its child routes): ${matchers}`);
    return undefined;
  }
  const spec: Config = {};
  if (typeof route.receiver === "string") spec.receiver = names.receiver(route.receiver);
  if (matchers.length > 0) spec.matchers = matchers;
  if (Array.isArray(route.group_by)) spec.groupBy = strings(route.group_by);
  for (const [field, key] of [
    ["group_wait", "groupWait"],
    ["group_interval", "groupInterval"],
    ["repeat_interval", "repeatInterval"],
  ] as const) {
    if (route[field] === undefined) continue;
    const timer = convertTimer(String(route[field]));
    if (timer === undefined)
      context.warn(
        `${where}.${field}: ${JSON.stringify(route[field])} left out (the parent's is used): Nines takes 0s to 30d`,
      );
    else spec[key] = timer;
  }
  if (route.continue === true) spec.continue = true;
  for (const [field, key] of [
    ["mute_time_intervals", "muteTimeIntervals"],
    ["active_time_intervals", "activeTimeIntervals"],
  ] as const)
    if (Array.isArray(route[field])) spec[key] = strings(route[field]).map(names.interval);
  const children = listOf(route.routes)
    .map((child, index) => convertRoute(child, `${where}.routes[${index}]`, names, context, refused))
    .filter((child): child is Config => child !== undefined);
  if (children.length > 0) spec.routes = children;
  return spec;
}

/** Alertmanager's durations (with `y` for 365 days) as Nines timers, if within 0s to 30d. */
function convertTimer(text: string): string | undefined {
  const parts = [...text.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) return undefined;
  const ms = parts.reduce(
    (sum, part) =>
      sum + Number(part[1]) * (part[2] === "y" ? 365 * 86_400_000 : (parseDuration(`1${part[2]}`) as number)),
    0,
  );
  if (ms > 30 * 86_400_000) return undefined;
  return parseDuration(text) === undefined ? formatDuration(ms) : text;
}

/** `match`, `match_re` and `matchers` (with a prefix: `source_`, `target_`) as Nines matchers, or why not. */
function convertMatchers(config: Config, prefix: string, where: string): string[] | string {
  const matchers: Matcher[] = [];
  for (const [form, type] of [
    ["match", "="],
    ["match_re", "=~"],
  ] as const) {
    const map = config[`${prefix}${form}`];
    if (!isObject(map)) continue;
    // A map has no order in Alertmanager either; sorted, the output is the same each time.
    for (const name of Object.keys(map).sort()) {
      const value = String(map[name]);
      const problem = type === "=~" ? describeRegexProblem(value) : undefined;
      if (problem) return `${where}.${prefix}${form}.${name}: ${problem}`;
      matchers.push({ name, type, value });
    }
  }
  for (const [index, text] of strings(config[`${prefix}matchers`]).entries()) {
    const parsed = parseMatchers(text);
    if (!parsed.ok) return `${where}.${prefix}matchers[${index}]: ${parsed.error}`;
    matchers.push(...parsed.value);
  }
  return matchers.map(formatMatcher);
}

function convertEntry(entry: Config, where: string, context: ImportContext): Config {
  context.leftOut(where, entry, ["times", "weekdays", "days_of_month", "months", "years", "location"]);
  const converted: Config = {};
  if (Array.isArray(entry.times))
    converted.times = listOf(entry.times).map((time) => ({
      startTime: String(time.start_time),
      endTime: String(time.end_time),
    }));
  for (const [field, key] of [
    ["weekdays", "weekdays"],
    ["days_of_month", "daysOfMonth"],
    ["months", "months"],
    ["years", "years"],
  ] as const)
    if (Array.isArray(entry[field])) converted[key] = strings(entry[field]);
  if (typeof entry.location === "string") converted.location = entry.location;
  return converted;
}

/** The documents as YAML for `nines apply -f`: time intervals and receivers before what names them. */
export const formatAlertmanagerImport = (result: AlertmanagerImport) =>
  toYaml(result.documents, ["TimeInterval", "Receiver", "InhibitRule", "Route"]);
