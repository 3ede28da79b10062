import { useSyncExternalStore } from "react";

/**
 * The API token of this browser, kept in localStorage and sent as `Authorization: Bearer`. Reads
 * need it unless the server runs with anonymous read (the demo); writes need an editor's.
 */
const STORAGE_KEY = "nines-api-token";
const listeners = new Set<() => void>();
let signInWanted = false;

function readToken(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

let token = readToken();

function notify() {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab signing in or out changes this one too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY) return;
    token = readToken();
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function setToken(next: string | undefined) {
  token = next;
  try {
    if (next) localStorage.setItem(STORAGE_KEY, next);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private windows may refuse storage; the token then lasts until the tab closes.
  }
  if (next) signInWanted = false;
  notify();
}

export const getToken = () => token;

/** The stored token, re-rendering the caller when it changes; undefined means read-only. */
export function useToken(): string | undefined {
  return useSyncExternalStore(subscribe, getToken);
}

/** Opens the sign-in dialog, e.g. when a write is attempted without a token. */
export function requestSignIn() {
  signInWanted = true;
  notify();
}

export function dismissSignIn() {
  signInWanted = false;
  notify();
}

export function useSignInWanted(): boolean {
  return useSyncExternalStore(subscribe, () => signInWanted);
}
