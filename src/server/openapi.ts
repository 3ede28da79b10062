import { z } from "zod";
import { problemSchema } from "../client/schemas.js";
import type { KindRegistry } from "../config/kinds.js";
import { type RouteDefinition, requiresAuth } from "../http/route.js";

type JsonSchema = Record<string, unknown>;

const toJsonSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

/** The OpenAPI 3.1 document of the API, generated from the same route table and zod schemas that serve it. */
export function buildOpenApi(routes: readonly RouteDefinition[], version: string, kinds: KindRegistry) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
    const parameters = [
      ...[...route.url.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
      })),
      ...queryParameters(route.query),
    ];
    const okStatus = String(route.status ?? 200);
    const response = route.response;
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: toJsonSchema(route.body, "input") },
                ...(route.url.endsWith("/apply") || route.url.endsWith("/plan")
                  ? { "application/yaml": { schema: { type: "string", description: "multi-document YAML" } } }
                  : {}),
              },
            },
          }
        : {}),
      responses: {
        [okStatus]:
          response === undefined || okStatus === "204"
            ? { description: "done" }
            : response instanceof z.ZodType
              ? { description: "ok", content: { "application/json": { schema: toJsonSchema(response, "output") } } }
              : {
                  description: response.description,
                  content: { [response.mediaType]: { schema: { type: "string" } } },
                },
        "4XX": {
          description: "the request was wrong; the body says what and where",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        },
      },
      ...(requiresAuth(route) ? { security: [{ bearer: [] }] } : {}),
    };
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Nines API",
      version,
      description:
        "Nines' REST API. Every route but the public ones needs `Authorization: Bearer <token>` of a role (`nines token create --role`); see docs/security.md.",
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Problem: toJsonSchema(problemSchema, "output"),
        ...Object.fromEntries(kinds.all.map((kind) => [kind.kind, toJsonSchema(kind.schema, "input")])),
      },
    },
  };
}

function queryParameters(query: z.ZodType | undefined) {
  if (!query) return [];
  const schema = toJsonSchema(query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}
