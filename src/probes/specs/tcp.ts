import { z } from "zod";
import { secretValue } from "../../secrets/model.js";
import { commonMonitorFields, withCommonRules } from "./common.js";
import { compiledField, compilePattern, hostField, portField } from "./fields.js";

export const tcpMonitorSpec = withCommonRules(
  z.strictObject({
    type: z
      .literal("tcp")
      .describe("The kind of check: `tcp` opens a connection, optionally sends a payload and reads a reply."),
    ...commonMonitorFields,
    host: hostField().describe("The host to connect to: a name such as `db.internal` or an IP address."),
    port: portField().describe("The TCP port, 1 to 65535."),
    send: secretValue(z.string().min(1))
      .optional()
      .describe(
        "A payload to send once connected, or a reference to it (`{secretRef: {name, key}}`) when it holds a password. Escapes `\\n`, `\\r`, `\\t`, `\\0`, `\\\\` and `\\xHH` are turned into their bytes, so `PING\\r\\n` works in any YAML quoting.",
      ),
    expect: compiledField("a substring or /regular expression/", compilePattern)
      .optional()
      .describe(
        "What the reply must contain: text (with the escapes of `send`), or a regular expression between slashes such as `/^\\+PONG/`. The reply is read until it matches, 64 KiB were read, or the timeout.",
      ),
    tls: z.boolean().default(false).describe("Speak TLS over the connection (e.g. SMTPS, LDAPS, Redis with TLS)."),
    tlsVerify: z
      .boolean()
      .default(true)
      .describe("With `tls`, verify the certificate chain and host name; `false` accepts any certificate."),
  }),
);

export type TcpMonitorSpec = z.infer<typeof tcpMonitorSpec>;
