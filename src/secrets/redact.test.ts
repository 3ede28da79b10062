import { describe, expect, it } from "vitest";
import { formatJsonSnippet, formatSnippet, maskSecrets, SNIPPET_CHARS } from "./redact.js";

/** Each text holds a credential (the second element) that must not survive masking. */
const CORPUS: Array<[string, string]> = [
  ['{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE"}', "AKIAIOSFODNN7EXAMPLE"],
  ['{"SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}', "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
  ["Authorization: Bearer abc.def-ghi_jkl", "abc.def-ghi_jkl"],
  ["basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="],
  [
    "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "eyJzdWIiOiIxMjM0NTY3ODkwIn0",
  ],
  ["db: password=hunter2&user=bob", "hunter2"],
  ['{"password": "correct horse"}', "correct"],
  ["api_key: 12ab34", "12ab34"],
  ["client_secret=Zx9", "Zx9"],
  ["use nines_Abcdefgh12345678ijklmnop", "Abcdefgh12345678"],
  ["-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "MIIEpAIBAAKCAQEA"],
  ["redis://:s3cret@cache:6379", "s3cret"],
  ["session 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "9f86d081884c7d659a2f"],
  ["id=QWxhZGRpbjpvcGVuIHNlc2FtZTEyMzQ1Njc4OTA", "QWxhZGRpbjpvcGVuIHNlc2FtZTEyMzQ1Njc4OTA"],
];

describe("maskSecrets", () => {
  it.each(CORPUS)("masks %s", (text, secret) => {
    const masked = maskSecrets(text);
    expect(masked).not.toContain(secret);
    expect(masked).toContain("***");
  });

  it("leaves ordinary text alone", () => {
    for (const text of [
      '{"status":"ok","version":"1.4.2"}',
      "+PONG",
      "y".repeat(100),
      "connection closed before a reply",
      "HTTP/1.1 200 OK",
      "the-quick-brown-fox-jumps-over-the-lazy-dog-again",
    ])
      expect(maskSecrets(text)).toBe(text);
  });
});

describe("snippets", () => {
  it("quote at most SNIPPET_CHARS characters, masked even when the credential crosses the cut", () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const body = `${"a ".repeat(25)}{"SecretAccessKey":"${secret}"}${" filler".repeat(1000)}`;
    const snippet = formatSnippet(body);
    expect(snippet.endsWith("…")).toBe(true);
    expect((JSON.parse(snippet.slice(0, -1)) as string).length).toBe(SNIPPET_CHARS);
    expect(snippet).not.toContain(secret.slice(0, 8));
    expect(formatSnippet("short")).toBe('"short"');
  });

  it("quote JSON values masked and bounded", () => {
    const value = { Credentials: { SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } };
    const quoted = formatJsonSnippet(value);
    expect(quoted).not.toContain("wJalrXUtn");
    expect(quoted.length).toBeLessThanOrEqual(SNIPPET_CHARS);
    expect(formatJsonSnippet("ok")).toBe('"ok"');
  });
});
