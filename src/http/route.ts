import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Access, Actor } from "../core/access.js";
import { invalid } from "../core/errors.js";
import { findUnstorableText } from "../core/text.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by authentication (`auth/authenticate.ts`); read it through `requestActor()`. */
    actor?: Actor;
  }
  interface FastifyContextConfig {
    /** What the route needs, as declared; every route of the app carries one (the access test checks). */
    access?: Access;
  }
}

/**
 * A route declared once: Fastify serves it, the OpenAPI document describes it, and zod parses its
 * query and body, so the published schema is the one that is enforced.
 */
export interface RouteDefinition<Query extends z.ZodType = z.ZodType, Body extends z.ZodType = z.ZodType> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  summary: string;
  tag: string;
  /**
   * What the route needs: `public` (no token) or the least role a token must hold. Required, so no
   * route ships without a decision; the access test calls every route with every role.
   */
  access: Access;
  /**
   * Also open without a token to clients whose address this accepts (alert senders on the
   * `alertIngestAllow` networks); a token that is sent is still checked.
   */
  openTo?: (address: string) => boolean;
  query?: Query;
  body?: Body;
  /** Schema of a 2xx JSON answer, or the media type of a non-JSON one. */
  response?: z.ZodType | { mediaType: string; description: string };
  status?: number;
  handler: (input: RouteInput<z.infer<Query>, z.infer<Body>>) => Promise<unknown> | unknown;
}

export interface RouteInput<Query, Body> {
  params: Record<string, string>;
  /** Who is asking: the token's name and role, or `anonymous`; with the client address. */
  actor: Actor;
  query: Query;
  body: Body;
  request: FastifyRequest;
  reply: FastifyReply;
}

export const defineRoute = <Query extends z.ZodType = z.ZodType, Body extends z.ZodType = z.ZodType>(
  route: RouteDefinition<Query, Body>,
) => route as unknown as RouteDefinition;

export const requiresAuth = (route: RouteDefinition) => route.access !== "public";

/** Registers the routes; each asks `authorize` whether the request may have what it declares. */
export function registerRoutes(
  app: FastifyInstance,
  routes: readonly RouteDefinition[],
  authorize: (request: FastifyRequest, access: Access, openTo?: (address: string) => boolean) => Promise<void>,
) {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      config: { access: route.access },
      onRequest: (request) => authorize(request, route.access, route.openTo),
      handler: async (request, reply) => {
        rejectUnstorableText("URL", request.params);
        rejectUnstorableText("query", request.query);
        rejectUnstorableText("body", request.body);
        const query = route.query ? parseInput(route.query, request.query, "query") : request.query;
        const body = route.body ? parseInput(route.body, request.body, "body") : request.body;
        const result = await route.handler({
          params: request.params as Record<string, string>,
          actor: requestActor(request),
          query,
          body,
          request,
          reply,
        });
        if (route.status) reply.status(route.status);
        return result;
      },
    });
  }
}

/** The actor that authentication left on the request, or an anonymous one from its address. */
export function requestActor(request: FastifyRequest): Actor {
  return request.actor ?? { name: "anonymous", address: request.ip };
}

/** NUL and lone surrogates stop here, before any handler can pass them to the database. */
function rejectUnstorableText(where: "URL" | "query" | "body", value: unknown) {
  const found = findUnstorableText(value);
  if (found) throw invalid(`invalid ${where}: ${found.path}: ${found.message}`, [found]);
}

function parseInput(schema: z.ZodType, value: unknown, where: "query" | "body") {
  const result = schema.safeParse(value ?? (where === "query" ? {} : undefined));
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: `/${issue.path.map(String).join("/")}`,
    message:
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`
        : issue.message,
  }));
  throw invalid(`invalid ${where}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`, issues);
}

/** `?limit=&offset=` with sane bounds. */
export const pagingQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
