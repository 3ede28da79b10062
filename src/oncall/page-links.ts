import { createHmac, timingSafeEqual } from "node:crypto";
import type { Clock } from "../core/clock.js";
import { forbidden } from "../core/errors.js";

/**
 * Signed, expiring links that acknowledge or resolve a page without signing in, sent in every
 * page notification. The signature (HMAC-SHA256 over page, action, expiry and the person the link
 * was sent to) is the only authority, so the link is as secret as the message carrying it.
 */

export const PAGE_LINK_ACTIONS = ["acknowledge", "resolve"] as const;
export type PageLinkAction = (typeof PAGE_LINK_ACTIONS)[number];
export const DEFAULT_LINK_LIFETIME_MS = 24 * 3_600_000;

/** The query of a link: `e` expiry (epoch ms), `u` the person it was sent to, `s` the signature. */
export interface PageLinkQuery {
  e: number;
  u?: string | undefined;
  s: string;
}

export interface PageLinks {
  /** The two links for `pageId`, under `baseUrl` (Nines' external address). */
  linksFor(baseUrl: string, pageId: number, user?: string): Record<PageLinkAction, string>;
  /** The query `linksFor` puts in a link, for tests and for the confirm page's form. */
  sign(pageId: number, action: PageLinkAction, user?: string): PageLinkQuery;
  /** The person the link names (undefined if none); Forbidden when expired or not signed by us. */
  verify(pageId: number, action: PageLinkAction, query: PageLinkQuery): { user: string | undefined };
}

export interface PageLinkOptions {
  /** Signing keys, the one to sign with first (`keyring.derive("page links")`). */
  keys: readonly Buffer[];
  clock: Clock;
  lifetimeMs?: number;
}

export function createPageLinks(options: PageLinkOptions): PageLinks {
  const [signingKey] = options.keys;
  if (!signingKey) throw new Error("page links need at least one key");
  const lifetime = options.lifetimeMs ?? DEFAULT_LINK_LIFETIME_MS;
  const mac = (key: Buffer, pageId: number, action: PageLinkAction, expiry: number, user: string | undefined) =>
    createHmac("sha256", key)
      .update(JSON.stringify(["page-link", pageId, action, expiry, user ?? null]))
      .digest();

  const sign = (pageId: number, action: PageLinkAction, user?: string): PageLinkQuery => {
    const e = options.clock.now() + lifetime;
    return {
      e,
      ...(user !== undefined && { u: user }),
      s: mac(signingKey, pageId, action, e, user).toString("base64url"),
    };
  };

  return {
    sign,
    linksFor(baseUrl, pageId, user) {
      const base = baseUrl.replace(/\/+$/, "");
      const link = (action: PageLinkAction) => {
        const query = sign(pageId, action, user);
        const search = new URLSearchParams({
          e: String(query.e),
          ...(query.u !== undefined && { u: query.u }),
          s: query.s,
        });
        return `${base}/p/${pageId}/${action}?${search}`;
      };
      return { acknowledge: link("acknowledge"), resolve: link("resolve") };
    },
    verify(pageId, action, query) {
      const given = Buffer.from(query.s, "base64url");
      const valid = options.keys.some((key) => {
        const expected = mac(key, pageId, action, query.e, query.u);
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      if (!valid) throw forbidden("this link is not valid: it was changed, or it was not made by this server");
      if (options.clock.now() >= query.e)
        throw forbidden(`this link expired at ${new Date(query.e).toISOString()}; open the page in Nines instead`);
      return { user: query.u };
    },
  };
}
