import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { invalid, notFound } from "../core/errors.js";
import { defineRoute, pagingQuery, type RouteDefinition } from "../http/route.js";
import type { Store } from "../store/database.js";
import type { EscalationEngine } from "./escalation-engine.js";
import { PAGE_LINK_ACTIONS, type PageLinkAction, type PageLinks } from "./page-links.js";
import { pageDetailSchema, pageListSchema, pageViewSchema, toPageDetail, toPageView } from "./page-views.js";
import { getPage, listPageEvents, listPages, PAGE_STATES, type StoredPage } from "./pages-store.js";

export interface PageRouteDeps {
  store: Store;
  engine: EscalationEngine;
  links: PageLinks;
}

const pageListQuery = pagingQuery.extend({
  state: z.enum(PAGE_STATES).optional().describe("pages in this state only"),
});

const linkQuery = z.strictObject({
  e: z.coerce.number().int().min(0).describe("when the link expires, epoch ms"),
  u: z.string().min(1).max(253).optional().describe("the person the link was sent to"),
  s: z.string().min(1).max(128).describe("the link's signature"),
});

function pageIdOf(params: Record<string, string>): number {
  const id = Number(params.id);
  if (!/^\d{1,15}$/.test(params.id ?? "") || !Number.isSafeInteger(id))
    throw invalid(`expected a page id, got "${params.id}"`);
  return id;
}

function actionOf(params: Record<string, string>): PageLinkAction {
  const action = params.action as PageLinkAction;
  if (!PAGE_LINK_ACTIONS.includes(action))
    throw invalid(`expected the action acknowledge or resolve, got "${params.action}"`);
  return action;
}

async function requirePage(store: Store, id: number): Promise<StoredPage> {
  const page = await getPage(store.db, id);
  if (!page) throw notFound(`no page ${id}`);
  return page;
}

/** Pages over the API: list and read them (viewers), acknowledge and resolve them (responders). */
export function pageRoutes({ store, engine }: PageRouteDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/pages",
      tag: "on-call",
      summary: "Pages, newest first, optionally in one state",
      query: pageListQuery,
      response: pageListSchema,
      handler: async ({ query }) => {
        const { items, total } = await listPages(store.db, query);
        return { items: items.map(toPageView), total, limit: query.limit, offset: query.offset };
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/pages/:id",
      tag: "on-call",
      summary: "One page with what happened to it: notified, skipped, escalated, acknowledged ...",
      response: pageDetailSchema,
      handler: async ({ params }) => {
        const page = await requirePage(store, pageIdOf(params));
        return toPageDetail(page, await listPageEvents(store.db, page.id));
      },
    }),
    defineRoute({
      method: "POST",
      access: "responder",
      url: "/api/v1/pages/:id/acknowledge",
      tag: "on-call",
      summary: "Acknowledge a page: its escalation stops",
      response: pageViewSchema,
      handler: async ({ params, actor }) => toPageView(await engine.acknowledge(pageIdOf(params), actor.name)),
    }),
    defineRoute({
      method: "POST",
      access: "responder",
      url: "/api/v1/pages/:id/resolve",
      tag: "on-call",
      summary: "Resolve a page; everyone it paged is told",
      response: pageViewSchema,
      handler: async ({ params, actor }) => toPageView(await engine.resolve(pageIdOf(params), actor.name)),
    }),
  ];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const LINK_PAGE_HEADERS = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  "x-robots-tag": "noindex",
};

function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1.25rem}</style>
</head><body>${body}</body></html>
`;
}

const verb = (action: PageLinkAction) => (action === "acknowledge" ? "Acknowledge" : "Resolve");
const describePage = (page: StoredPage) =>
  `<p><strong>${escapeHtml(page.title)}</strong></p><p>Page ${page.id} is ${page.state}${page.acknowledgedBy ? `, acknowledged by ${escapeHtml(page.acknowledgedBy)}` : ""}.</p>`;

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? "").includes("text/html");

/**
 * The signed links of page notifications. GET only shows a button, because chat apps open links
 * to preview them; the POST it sends acts, with the signature as its only authority.
 */
export function pageLinkRoutes({ store, engine, links }: PageRouteDeps): RouteDefinition[] {
  const html = { mediaType: "text/html", description: "a page with a button that confirms the action" };
  return [
    defineRoute({
      method: "GET",
      access: "public",
      url: "/p/:id/:action",
      tag: "on-call",
      summary: "A signed link of a page notification: shows a button to acknowledge or resolve the page",
      query: linkQuery,
      response: html,
      handler: async ({ params, query, reply }) => {
        const id = pageIdOf(params);
        const action = actionOf(params);
        links.verify(id, action, query);
        const page = await requirePage(store, id);
        const search = new URLSearchParams({
          e: String(query.e),
          ...(query.u !== undefined && { u: query.u }),
          s: query.s,
        });
        const form = `<form method="post" action="/p/${id}/${action}?${escapeHtml(search.toString())}"><button type="submit">${verb(action)} page ${id}</button></form>`;
        reply.headers(LINK_PAGE_HEADERS).type("text/html; charset=utf-8");
        return htmlPage(
          `${verb(action)} page ${id}`,
          `<h1>${verb(action)} page ${id}?</h1>${describePage(page)}${form}`,
        );
      },
    }),
    defineRoute({
      method: "POST",
      access: "public",
      url: "/p/:id/:action",
      tag: "on-call",
      summary: "Acknowledge or resolve a page through a signed link (as link:<user> when the link names one)",
      query: linkQuery,
      response: pageViewSchema,
      handler: async ({ params, query, request, reply }) => {
        const id = pageIdOf(params);
        const action = actionOf(params);
        const { user } = links.verify(id, action, query);
        const actor = user === undefined ? "link" : `link:${user}`;
        const page = action === "acknowledge" ? await engine.acknowledge(id, actor) : await engine.resolve(id, actor);
        if (!wantsHtml(request)) return toPageView(page);
        reply.headers(LINK_PAGE_HEADERS).type("text/html; charset=utf-8");
        return htmlPage(`Page ${id}`, `<h1>Done</h1>${describePage(page)}`);
      },
    }),
  ];
}

/** A browser's form posts `application/x-www-form-urlencoded`; the link's query carries all there is. */
export function installLinkFormParser(scope: FastifyInstance) {
  scope.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 4096 },
    (_request, _body, done) => done(null, undefined),
  );
}
