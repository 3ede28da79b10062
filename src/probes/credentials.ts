import { isRecord } from "../config/describe-value.js";
import { hideCredential as hide } from "../secrets/model.js";

/**
 * A Monitor spec as a viewer may see it: every field that may hold a credential (headers, body,
 * Basic password, tcp payload) shows a reference as written, since it names and does not reveal,
 * and a plain value as `{hidden: true}`, which no apply accepts back by mistake.
 */
export function hideMonitorCredentials(spec: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...spec };
  if (isRecord(spec.headers))
    shown.headers = Object.fromEntries(Object.entries(spec.headers).map(([name, value]) => [name, hide(value)]));
  if (spec.body !== undefined) shown.body = hide(spec.body);
  if (spec.send !== undefined) shown.send = hide(spec.send);
  if (isRecord(spec.basicAuth)) shown.basicAuth = { ...spec.basicAuth, password: hide(spec.basicAuth.password) };
  return shown;
}
