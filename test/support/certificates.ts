import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Why certificate tests skip, or undefined when they run; CI (NINES_REQUIRE_ALL=1) never skips them. */
export const opensslMissing: string | undefined = (() => {
  if (process.env.NINES_REQUIRE_ALL === "1") return undefined;
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "the openssl command is not installed";
  }
})();

export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
  /** The certificate as a PEM file, for `caFile`; removed with `removeCertificates()`. */
  certFile: string;
}

const directories: string[] = [];

/**
 * A self-signed certificate made by the openssl command: for `commonName`, with `altNames`
 * such as `DNS:localhost` or `IP:127.0.0.1`, valid for `days` from now.
 */
export function makeCertificate(commonName: string, altNames: string[] = [], days = 30): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), "nines-cert-"));
  directories.push(dir);
  const [keyFile, certFile] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
  const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile];
  args.push("-days", String(days), "-subj", `/CN=${commonName}`);
  if (altNames.length) args.push("-addext", `subjectAltName=${altNames.join(",")}`);
  execFileSync("openssl", args, { stdio: "ignore" });
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile };
}

/**
 * A certificate for `altNames` signed by a throwaway CA, served with the CA in the chain (as many
 * servers do); `certFile` is the CA's, to trust it. The CA and leaf expire after the days given.
 */
export function makeCertificateChain(altNames: string[], caDays: number, leafDays: number): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), "nines-chain-"));
  directories.push(dir);
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  const newKey = ["-newkey", "rsa:2048", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...newKey,
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.pem"),
    "-days",
    String(caDays),
    "-subj",
    "/CN=Nines Test CA",
  );
  openssl("req", ...newKey, "-keyout", file("leaf.key"), "-out", file("leaf.csr"), "-subj", "/CN=leaf");
  writeFileSync(file("leaf.ext"), `subjectAltName=${altNames.join(",")}\n`);
  openssl(
    "x509",
    "-req",
    "-in",
    file("leaf.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-out",
    file("leaf.pem"),
    "-days",
    String(leafDays),
    "-extfile",
    file("leaf.ext"),
  );
  const cert = Buffer.concat([readFileSync(file("leaf.pem")), readFileSync(file("ca.pem"))]);
  return { key: readFileSync(file("leaf.key")), cert, certFile: file("ca.pem") };
}

export function removeCertificates(): void {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
}
