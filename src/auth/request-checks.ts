import type { FastifyInstance } from "fastify";
import { forbidden, misdirected } from "../core/errors.js";
import { crossSiteWrite, isAllowedHost } from "./hosts.js";

/** Load balancers and orchestrators probe health by address, whatever names the server has. */
const ANY_HOST = new Set(["/healthz", "/readyz"]);

/**
 * Before any route runs: refuse a `Host` this server does not answer to, and a write that a page
 * of another site sent from the user's browser (the CLI and scripts send no Origin and pass).
 */
export function installRequestChecks(app: FastifyInstance, options: { allowedHosts: readonly string[] }) {
  app.addHook("onRequest", async (request) => {
    const host = request.headers.host;
    if (!ANY_HOST.has(request.routeOptions.url ?? "") && !isAllowedHost(host, options.allowedHosts))
      throw misdirected(
        `this server does not answer to the host "${host ?? ""}"; if that is one of its names, add it to --allowed-hosts (NINES_ALLOWED_HOSTS)`,
      );
    const crossSite = crossSiteWrite(request.method, {
      host,
      origin: request.headers.origin,
      "sec-fetch-site": firstValue(request.headers["sec-fetch-site"]),
    });
    if (crossSite)
      throw forbidden(
        `writes from another site's page are refused: ${crossSite}; use the UI at this server's own address`,
      );
  });
}

const firstValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
