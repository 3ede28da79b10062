import { z } from "zod";
import { documentSchema, objectName } from "../config/document.js";
import type { KindDefinition } from "../config/kinds.js";

/** Keys of a Secret's data, as Kubernetes allows them: letters, digits, `-`, `_` and `.`. */
export const secretKeyName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,253}$/, { error: "expected a key of letters, digits, '-', '_' or '.'" });

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const secretReference = z.union(
  [
    z.strictObject({
      secretRef: z
        .strictObject({
          name: objectName.describe("The Secret object."),
          key: secretKeyName.describe("The key in its `data`."),
        })
        .describe("A value of a Secret object: `{secretRef: {name: shop-api, key: token}}`."),
    }),
    z.strictObject({
      env: z
        .string()
        .regex(ENV_NAME, { error: "expected an environment variable name such as SHOP_TOKEN" })
        .describe("An environment variable of the server (read at check time)."),
    }),
    z.strictObject({
      file: z
        .string()
        .min(1)
        .describe("A file under the server's files directory (`--files-dir`), read at check time; one line."),
    }),
  ],
  { error: "expected {secretRef: {name, key}}, {env: NAME} or {file: PATH}" },
);

export type SecretReference = z.infer<typeof secretReference>;

/**
 * A field that holds a credential: the value itself, or where to read it at check time. Stored
 * and shown as written, so only the reference ever leaves the server.
 */
export const secretValue = <T extends z.ZodType<string>>(plain: T) =>
  z.union([plain, secretReference], {
    error: "expected a string, or a reference {secretRef: {name, key}}, {env: NAME} or {file: PATH}",
  });

export function isSecretReference(value: unknown): value is SecretReference {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && ["secretRef", "env", "file"].includes(keys[0] as string);
}

/** What readers below editor see in place of a credential written as a plain value. */
export const HIDDEN = { hidden: true } as const;

/**
 * A credential field as a viewer may see it: a reference as written, since it names and does not
 * reveal; a plain value as `{hidden: true}`, which no apply accepts back by mistake.
 */
export const hideCredential = (value: unknown) => (value === undefined || isSecretReference(value) ? value : HIDDEN);

/** A spec with every reference replaced by the value it names: what a check runs with. */
export type Resolved<T> = T extends SecretReference
  ? never
  : T extends readonly (infer Item)[]
    ? Resolved<Item>[]
    : T extends object
      ? { [Key in keyof T]: Resolved<Exclude<T[Key], SecretReference>> }
      : T;

/**
 * What a Secret's `data` holds once stored: no value, only that one is kept and its revision, which
 * goes up when the value changes, so plan and export can say "changed" without saying to what.
 */
export const keptValue = z.strictObject({
  kept: z.literal(true).describe("Keep the stored value (what export writes)."),
  revision: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Counts changes of the value; set by the server, ignored when applied."),
});

export type KeptValue = z.infer<typeof keptValue>;

export const secretSpec = z.strictObject({
  description: z.string().max(1050).optional().describe("What the credentials are for and who rotates them."),
  data: z
    .record(
      secretKeyName,
      z.union([z.string().max(65_536), keptValue], {
        error: "expected the value as a string, or {kept: true} to keep the stored one",
      }),
    )
    .describe(
      "Keys and their values, as Kubernetes' `stringData`. Stored encrypted; export writes `{kept: true, revision: N}` instead of a value, which applies back to no change.",
    ),
});

export type SecretSpec = z.infer<typeof secretSpec>;

export const secretDocument = documentSchema("nines/v1", "Secret", secretSpec);

export const SECRET_EXAMPLE = `apiVersion: nines/v1
kind: Secret
metadata:
  name: shop-api
spec:
  data:
    token: s3cr3t-t0ken
`;

export const SECRET_KIND: KindDefinition = {
  apiVersion: "nines/v1",
  kind: "Secret",
  plural: "secrets",
  aliases: [],
  summary:
    "Credentials that other objects refer to with `secretRef: {name, key}`; stored encrypted and never shown again.",
  schema: secretDocument,
  example: SECRET_EXAMPLE,
};
