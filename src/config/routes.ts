import { z } from "zod";
import { type Actor, allows } from "../core/access.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import { type ConfigService, requireKind } from "./apply.js";
import type { NinesDocument } from "./document.js";
import { toYaml } from "./export.js";
import type { KindRegistry } from "./kinds.js";
import { type StoredObject, toDocument } from "./objects.js";
import { toVersionedDocument } from "./versions.js";
import { applyRequestSchema, documentSchema, kindInfoSchema, planSchema } from "./views.js";

const kindQuery = z.strictObject({
  kind: z.string().optional().describe("a kind, plural or alias, e.g. Monitor or monitors"),
});

const deleteQuery = z.strictObject({
  generation: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe("the generation last read (`metadata.generation`); a later change makes the delete a 409"),
});

/** The declarative objects over HTTP: list, get, export, plan, apply, delete. */
export function configRoutes(config: ConfigService): RouteDefinition[] {
  const { kinds } = config;
  const readable = (object: StoredObject, actor: Actor) => forReader(toVersionedDocument(object, kinds), actor, kinds);
  return [
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/kinds",
      tag: "config",
      summary: "The kinds of object Nines accepts",
      response: z.object({ items: z.array(kindInfoSchema) }),
      handler: () => ({
        items: kinds.all.map(({ apiVersion, kind, plural, aliases, summary }) => ({
          apiVersion,
          kind,
          plural,
          aliases,
          summary,
        })),
      }),
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/objects",
      tag: "config",
      summary: "Every stored object, or those of one kind",
      query: kindQuery,
      response: z.object({ items: z.array(documentSchema) }),
      handler: async ({ query, actor }) => ({
        items: (await config.list(query.kind)).map((object) => readable(object, actor)),
      }),
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/objects/:kind/:name",
      tag: "config",
      summary: "One object",
      response: documentSchema,
      handler: async ({ params, actor }) =>
        readable(await config.get(params.kind as string, params.name as string), actor),
    }),
    defineRoute({
      method: "DELETE",
      access: "editor",
      url: "/api/v1/objects/:kind/:name",
      tag: "config",
      summary: "Delete one object; with `?generation=`, only if nobody changed it since",
      query: deleteQuery,
      response: planSchema,
      handler: ({ params, query, actor }) =>
        config.remove(params.kind as string, params.name as string, { actor, generation: query.generation }),
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/export",
      tag: "config",
      summary: "Every stored object (or those of one kind) as multi-document YAML, ready to apply",
      query: kindQuery,
      response: { mediaType: "application/yaml", description: "multi-document YAML" },
      handler: async ({ query, reply, actor }) => {
        if (query.kind) requireKind(kinds, query.kind);
        reply.type("application/yaml; charset=utf-8");
        return toYaml(
          (await config.list(query.kind)).map((object) => forReader(toDocument(object, kinds), actor, kinds)),
          kinds.names(),
        );
      },
    }),
    defineRoute({
      method: "POST",
      access: "editor",
      url: "/api/v1/plan",
      tag: "config",
      summary: "What applying the documents would create, change and delete; changes nothing",
      body: applyRequestSchema,
      response: planSchema,
      handler: ({ body }) => config.apply(body.documents, { prune: body.prune ?? false, dryRun: true }),
    }),
    defineRoute({
      method: "POST",
      access: "editor",
      url: "/api/v1/apply",
      tag: "config",
      summary: "Create or update the documents (idempotent); with prune, delete what they no longer name",
      body: applyRequestSchema,
      response: planSchema,
      handler: ({ body, actor }) => config.apply(body.documents, { prune: body.prune ?? false, actor }),
    }),
  ];
}

/**
 * A document as `actor` may read it. Editors see the document they edit (its references, never a
 * Secret's values, which are not in it); others see credentials written as plain values hidden.
 */
export function forReader(document: NinesDocument<Record<string, unknown>>, actor: Actor, kinds: KindRegistry) {
  const hide = kinds.get(document.kind)?.hideCredentials;
  if (!hide || allows(actor.role, "editor")) return document;
  return { ...document, spec: hide(document.spec) };
}
