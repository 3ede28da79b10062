import { z } from "zod";
import { describeValue } from "./describe-value.js";

/**
 * The shape every declarative object shares: `apiVersion`, `kind`, `metadata`, `spec`.
 * OpenSLO names must at least follow RFC 1123 labels; Nines also accepts upper case, `_` and `.`
 * inside a name, since published OpenSLO examples use names like `OnCallDevopsMailNotification`.
 */
export const NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

const NAME_RULE = "a name of 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

// A function rather than a string, so a missing name falls through to "missing required field".
export const objectName = z
  .string({
    error: (issue) =>
      issue.input === undefined ? undefined : `expected ${NAME_RULE}, got ${describeValue(issue.input)}`,
  })
  .regex(NAME_PATTERN, { error: (issue) => `expected ${NAME_RULE}, got ${describeValue(issue.input)}` });

const LABEL_KEY = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const ANNOTATION_KEY = /^(?:[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

export const metadataSchema = z.strictObject({
  name: objectName.describe("Unique among objects of the same kind; other objects refer to it by this name."),
  displayName: z.string().max(256).optional().describe("A human-readable name for the UI."),
  labels: z
    .record(
      z.string().regex(LABEL_KEY, { error: "expected a label key of at most 63 letters, digits, '-', '_' or '.'" }),
      z.union([z.string(), z.array(z.string())], { error: "expected a string or a list of strings" }),
    )
    .optional()
    .describe("Key-value pairs to select and group objects by; a value may be a list of strings."),
  annotations: z
    .record(
      z.string().regex(ANNOTATION_KEY, {
        error: "expected an annotation key: an optional DNS-subdomain prefix and '/', then a name",
      }),
      z.string({ error: "expected a string" }),
    )
    .optional()
    .describe("Free-form data for tools and implementations, such as a dashboard URL."),
  generation: z
    .number({ error: "expected the generation the server answered with, a whole number from 1" })
    .int({ error: "expected the generation the server answered with, a whole number from 1" })
    .min(1, { error: "expected the generation the server answered with, a whole number from 1" })
    .optional()
    .describe(
      "Set by the server: the object's version, raised by each change. Applied with a document, the change is refused (409) when someone else changed the object since; never stored or exported.",
    ),
});

export type Metadata = z.infer<typeof metadataSchema>;

/** A validated document of any kind. `spec` has the kind's own type; see `kinds.ts`. */
export interface NinesDocument<Spec = unknown> {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  spec: Spec;
}

/** Builds the schema of one kind's whole document from its spec schema. */
export function documentSchema<const ApiVersion extends string, const Kind extends string, Spec extends z.ZodType>(
  apiVersion: ApiVersion,
  kind: Kind,
  spec: Spec,
) {
  return z.strictObject({
    apiVersion: z.literal(apiVersion),
    kind: z.literal(kind),
    metadata: metadataSchema,
    spec,
  });
}

export const description = z
  .string()
  .max(1050, { error: (issue) => `expected at most 1050 characters, got ${String(issue.input).length}` });
