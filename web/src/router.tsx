import { type MouseEvent, useSyncExternalStore } from "react";

/**
 * A router small enough to read in one go: the URL is the state, `navigate` pushes history, and
 * components subscribe to it. Paths are plain (no hash), so the server answers unknown paths with
 * index.html.
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  for (const listener of listeners) listener();
}

/** `pathname + search`, re-rendering the caller when it changes. */
export function useLocation(): URL {
  const href = useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
  return new URL(href, window.location.origin);
}

/** `/monitors/:name` against `/monitors/shop` gives `{ name: "shop" }`; no match gives null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = pathname.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index]!;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return params;
}

/** Props that make any anchor-like component a client-side link; modified clicks open tabs as usual. */
export function linkTo(to: string) {
  return {
    href: to,
    onClick(event: MouseEvent<HTMLElement>) {
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      )
        return;
      event.preventDefault();
      navigate(to);
    },
  };
}
