import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** What a local receiver got: one POST with its path, headers and body. */
export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers: a status (and headers, body), or `hang` to never answer. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | "hang";

export interface HttpReceiver {
  url: string;
  received: Received[];
  /** Resolves once `count` requests (default 1) have arrived. */
  next(count?: number): Promise<Received>;
  answer: (request: Received) => Answer;
  close(): Promise<void>;
}

/** A node:http server on `host` (127.0.0.1 by default) that records every request. */
export async function startHttpReceiver(host = "127.0.0.1"): Promise<HttpReceiver> {
  const waiting: Array<{ count: number; resolve: (request: Received) => void }> = [];
  const receiver: HttpReceiver = {
    url: "",
    received: [],
    answer: () => ({ status: 200, body: "ok" }),
    next: (count = 1) =>
      new Promise((resolve) => {
        const already = receiver.received[count - 1];
        if (already) resolve(already);
        else waiting.push({ count, resolve });
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const received: Received = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      receiver.received.push(received);
      for (const waiter of waiting.filter((entry) => entry.count === receiver.received.length))
        waiter.resolve(received);
      const answer = receiver.answer(received);
      if (answer === "hang") return;
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  receiver.url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return receiver;
}

export interface SmtpReceiver {
  port: number;
  /** Raw messages (RFC 5322) as they arrived. */
  messages: string[];
  close(): Promise<void>;
}

/**
 * An SMTP server on 127.0.0.1 (smtp-server, no TLS); `rejectRecipient` answers RCPT TO with an
 * error of that SMTP code (550: mailbox unavailable).
 */
export async function startSmtpReceiver(options: { rejectRecipient?: number } = {}): Promise<SmtpReceiver> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (options.rejectRecipient === undefined) return callback();
      callback(Object.assign(new Error("mailbox unavailable"), { responseCode: options.rejectRecipient }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        messages.push(Buffer.concat(chunks).toString("utf8"));
        callback();
      });
    },
  });
  const listening = await new Promise<net.Server>((resolve) => {
    const inner = server.listen(0, "127.0.0.1", () => resolve(inner));
  });
  return {
    port: (listening.address() as AddressInfo).port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A server that accepts connections and never says a word: an SMTP server that hangs. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The decoded body text of a quoted-printable MIME message, enough to look for words and links. */
export function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
