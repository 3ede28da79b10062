import { z } from "zod";
import { commonMonitorFields, withCommonRules } from "./common.js";
import { configuredFileField, hostField, portField } from "./fields.js";

export const tlsMonitorSpec = withCommonRules(
  z
    .strictObject({
      type: z
        .literal("tls")
        .describe("The kind of check: `tls` checks a server's certificate: chain, host name and days to expiry."),
      ...commonMonitorFields,
      host: hostField().describe("The host to connect to: a name such as `shop.example` or an IP address."),
      port: portField().default(443).describe("The TCP port of the TLS server."),
      servername: z
        .hostname({ error: "expected a host name for servername" })
        .optional()
        .describe("The name sent as SNI and matched against the certificate; by default `host`."),
      warnDays: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .default(14)
        .describe("Fewer days than this until a certificate in the chain expires is `degraded`."),
      failDays: z
        .number()
        .int()
        .min(0)
        .max(3650)
        .default(7)
        .describe("Fewer days than this until a certificate in the chain expires is `down`; below `warnDays`."),
      caFile: configuredFileField("ca/internal.pem")
        .optional()
        .describe(
          "A PEM file of CA certificates to trust besides the system's, for an internal CA: a path inside the server's files directory (`--files-dir`), at most 1 MiB, read when the monitor is applied.",
        ),
    })
    .superRefine((spec, ctx) => {
      if (spec.failDays >= spec.warnDays) {
        ctx.addIssue({
          code: "custom",
          path: ["failDays"],
          message: `expected failDays below warnDays (${spec.warnDays}), got ${spec.failDays}`,
        });
      }
    }),
);

export type TlsMonitorSpec = z.infer<typeof tlsMonitorSpec>;
