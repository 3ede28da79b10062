import { createHash } from "node:crypto";
import type net from "node:net";
import { createTransport } from "nodemailer";
import type { Resolved } from "../../secrets/model.js";
import { type Channel, delivered, permanent, retryable, type SendContext, type SendOutcome } from "../channel.js";
import type { ChannelSpec, NotificationContent } from "../model.js";
import { renderHtml, renderText, renderTitle } from "../templates.js";

type EmailSpec = Extract<ChannelSpec, { type: "email" }>;

/**
 * Email over SMTP with nodemailer: a plain-text part and an HTML part. nodemailer never opens a
 * socket itself: `getSocket` hands it one from the connector, so the notify policy (public
 * addresses only unless allowed) applies to mail servers too. STARTTLS upgrades that same socket.
 */
export const emailChannel: Channel<EmailSpec> = {
  type: "email",
  async send(message, spec, context) {
    const { smtp } = spec;
    const transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: smtp.requireTls,
      ...(smtp.username !== undefined && { auth: { user: smtp.username, pass: smtp.password ?? "" } }),
      connectionTimeout: context.timeoutMs,
      greetingTimeout: context.timeoutMs,
      socketTimeout: context.timeoutMs,
      getSocket: (_options, callback) => openSocket(spec, context, callback),
    });
    try {
      await transport.sendMail({ ...emailMessage(message, spec, context), signal: context.signal });
      return delivered;
    } catch (error) {
      return outcomeOfSmtpError(`SMTP ${smtp.host}:${smtp.port}`, error as SmtpError);
    } finally {
      transport.close();
    }
  },
};

export function emailMessage(content: NotificationContent, spec: Resolved<EmailSpec>, context: SendContext) {
  const now = context.clock.now();
  const digest = createHash("sha256").update(context.idempotencyKey).digest("hex").slice(0, 32);
  return {
    from: spec.from,
    to: spec.to,
    subject: renderTitle(content),
    text: renderText(content, now),
    html: renderHtml(content, now),
    // The same notification sent twice (a retry after a lost answer) has the same Message-ID.
    messageId: `<${digest}@nines>`,
    date: new Date(now),
  };
}

function openSocket(
  spec: Resolved<EmailSpec>,
  context: SendContext,
  callback: (error: Error | null, options?: { connection: net.Socket; secured: boolean }) => void,
): void {
  const { host, port, secure } = spec.smtp;
  const socket = context.connector.connect({
    purpose: "notify",
    host,
    port,
    tls: secure ? {} : undefined,
    timeoutMs: context.timeoutMs,
    signal: context.signal,
  });
  let connected = false;
  // Before the callback the error is ours to report; after it nodemailer listens as well, and
  // an error between the two must not be an unhandled one.
  socket.on("error", (error) => {
    if (!connected) callback(error);
  });
  socket.once(secure ? "secureConnect" : "connect", () => {
    connected = true;
    callback(null, { connection: socket, secured: secure });
  });
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
}

/** An SMTP reply 5xx (550 mailbox unavailable, 535 bad credentials) is final; 4xx and lost connections are not. */
function outcomeOfSmtpError(target: string, error: SmtpError): SendOutcome {
  const message = `${target}: ${error.message}`;
  if (error.code === "ENOTALLOWED") return permanent(message);
  if (error.responseCode !== undefined) {
    if (error.responseCode >= 500) return permanent(message);
    if (error.responseCode >= 400) return retryable(message);
  }
  if (error.code === "EAUTH" || error.code === "ETLS" || error.code === "EENVELOPE") return permanent(message);
  return retryable(message);
}
