import type { MonitorState } from "./api.js";
import { STATUS } from "./status.js";

/** What the monitor list shows, kept in the URL (`/monitors?search=shop&state=down&page=2`) so it can be shared. */
export interface MonitorQuery {
  search: string;
  state: MonitorState | "";
  type: string;
  page: number;
}

export function readMonitorQuery(params: URLSearchParams): MonitorQuery {
  const state = params.get("state") ?? "";
  return {
    search: params.get("search") ?? "",
    state: state in STATUS ? (state as MonitorState) : "",
    type: params.get("type") ?? "",
    page: Math.max(1, Math.floor(Number(params.get("page"))) || 1),
  };
}

/** The list's URL for a query; defaults are left out, so the plain list is just `/monitors`. */
export function monitorsHref(query: Partial<MonitorQuery>): string {
  const params = new URLSearchParams();
  if (query.search) params.set("search", query.search);
  if (query.state) params.set("state", query.state);
  if (query.type) params.set("type", query.type);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `/monitors?${search}` : "/monitors";
}
