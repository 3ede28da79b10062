import { AppShell, Burger, Group, Skeleton, Text } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { client, usePolling } from "./api.js";
import { findArea } from "./areas.js";
import { readAuditPage } from "./audit-view.js";
import { useSignInWanted } from "./auth.js";
import { AuthStatus } from "./components/auth-status.js";
import { ColorSchemeToggle } from "./components/color-scheme-toggle.js";
import { MainNav } from "./components/main-nav.js";
import { ReadAccessNotice } from "./components/read-access-notice.js";
import { Wordmark } from "./components/wordmark.js";
import { readMonitorQuery } from "./monitor-query.js";
import { readNotificationsTab } from "./notifications-view.js";
import { ComingSoonPage } from "./pages/coming-soon-page.js";
import { MonitorsPage } from "./pages/monitors-page.js";
import { NotFoundPage } from "./pages/not-found-page.js";
import { matchPath, navigate, useLocation } from "./router.js";

// The detail page carries uPlot and the YAML printer, the form the YAML printer too; the list,
// which most visits open, does without them.
const MonitorDetailPage = lazy(() =>
  import("./pages/monitor-detail-page.js").then((module) => ({ default: module.MonitorDetailPage })),
);
const MonitorFormPage = lazy(() =>
  import("./pages/monitor-form-page.js").then((module) => ({ default: module.MonitorFormPage })),
);
// The SLO detail carries uPlot; the list is lazy too, so the monitor list's first load stays as small.
const SlosPage = lazy(() => import("./pages/slos-page.js").then((module) => ({ default: module.SlosPage })));
const SloPage = lazy(() => import("./pages/slo-page.js").then((module) => ({ default: module.SloPage })));
// Alerting and on-call: each page its own chunk.
const AlertsPage = lazy(() => import("./pages/alerts-page.js").then((module) => ({ default: module.AlertsPage })));
const PagesPage = lazy(() => import("./pages/pages-page.js").then((module) => ({ default: module.PagesPage })));
const OnCallPage = lazy(() => import("./pages/oncall-page.js").then((module) => ({ default: module.OnCallPage })));
const EscalationPoliciesPage = lazy(() =>
  import("./pages/escalation-policies-page.js").then((module) => ({ default: module.EscalationPoliciesPage })),
);
const NotificationsPage = lazy(() =>
  import("./pages/notifications-page.js").then((module) => ({ default: module.NotificationsPage })),
);
// For admins only, and rarely opened.
const AuditPage = lazy(() => import("./pages/audit-page.js").then((module) => ({ default: module.AuditPage })));
// A modal with a password field that most visits never open.
const SignInDialog = lazy(() =>
  import("./components/sign-in-dialog.js").then((module) => ({ default: module.SignInDialog })),
);

export function App() {
  const location = useLocation();
  const [navOpen, nav] = useDisclosure(false);
  const info = usePolling(client.info, 60_000).data;
  useDocumentTitle(pageTitle(location.pathname));

  useEffect(() => {
    if (location.pathname === "/") navigate("/monitors", { replace: true });
  }, [location.pathname]);

  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 216, breakpoint: "sm", collapsed: { mobile: !navOpen } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Wordmark />
          </Group>
          <Group gap="sm" wrap="nowrap">
            {info && (
              <Text size="xs" c="dimmed" visibleFrom="xs">
                v{info.version} · {info.database}
                {info.demo ? " · demo" : ""}
              </Text>
            )}
            <AuthStatus />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <MainNav pathname={location.pathname} onNavigate={nav.close} />
      </AppShell.Navbar>
      <AppShell.Main id="main">
        {info?.anonymousRead && <ReadAccessNotice />}
        <Page pathname={location.pathname} search={location.searchParams} demo={info?.demo ?? false} />
      </AppShell.Main>
      <SignInWhenWanted />
    </AppShell>
  );
}

function Page({ pathname, search, demo }: { pathname: string; search: URLSearchParams; demo: boolean }) {
  if (matchPath("/monitors", pathname)) return <MonitorsPage query={readMonitorQuery(search)} demo={demo} />;
  // Checked before the detail route, so a monitor named "new" is reached by its edit page only.
  if (matchPath("/monitors/new", pathname))
    return (
      <Lazy>
        <MonitorFormPage key="new" />
      </Lazy>
    );
  const edit = matchPath("/monitors/:name/edit", pathname);
  if (edit)
    return (
      <Lazy>
        <MonitorFormPage key={`edit-${edit.name}`} name={edit.name!} />
      </Lazy>
    );
  const detail = matchPath("/monitors/:name", pathname);
  if (detail)
    return (
      <Lazy>
        <MonitorDetailPage key={detail.name} name={detail.name!} />
      </Lazy>
    );
  if (matchPath("/slos", pathname))
    return (
      <Lazy>
        <SlosPage />
      </Lazy>
    );
  const slo = matchPath("/slos/:name", pathname);
  if (slo)
    return (
      <Lazy>
        <SloPage key={slo.name} name={slo.name!} />
      </Lazy>
    );
  const alerts = alertingPage(pathname, search);
  if (alerts) return <Lazy>{alerts}</Lazy>;
  if (matchPath("/audit", pathname))
    return (
      <Lazy>
        <AuditPage page={readAuditPage(search)} />
      </Lazy>
    );
  const area = findArea(pathname);
  if (area && !area.live && pathname === area.path) return <ComingSoonPage area={area} />;
  if (pathname === "/") return null;
  return <NotFoundPage pathname={pathname} />;
}

/** The alerting and on-call pages, or null for other paths. */
function alertingPage(pathname: string, search: URLSearchParams): ReactNode {
  if (matchPath("/alerts", pathname)) return <AlertsPage tab="alerts" group={search.get("group") ?? undefined} />;
  if (matchPath("/alerts/silences", pathname)) return <AlertsPage tab="silences" />;
  if (matchPath("/alerts/silences/new", pathname))
    return <AlertsPage key={search.get("filter") ?? ""} tab="silences" silenceFilter={search.get("filter") ?? ""} />;
  if (matchPath("/pages", pathname)) return <PagesPage />;
  if (matchPath("/oncall", pathname)) return <OnCallPage schedule={search.get("schedule") ?? undefined} />;
  if (matchPath("/escalation-policies", pathname)) return <EscalationPoliciesPage />;
  const policy = matchPath("/escalation-policies/:name", pathname);
  if (policy) return <EscalationPoliciesPage key={policy.name} name={policy.name} />;
  if (matchPath("/notifications", pathname))
    return <NotificationsPage tab={readNotificationsTab(search.get("tab"))} state={search.get("state") ?? undefined} />;
  return null;
}

/** Loads the sign-in dialog the first time it is wanted, then keeps it, so it can animate closed. */
function SignInWhenWanted() {
  const wanted = useSignInWanted();
  const [loaded, setLoaded] = useState(wanted);
  if (wanted && !loaded) setLoaded(true);
  if (!loaded) return null;
  return (
    <Suspense fallback={null}>
      <SignInDialog />
    </Suspense>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Skeleton height={240} radius="sm" />}>{children}</Suspense>;
}

/** "checkout-api · Monitors · Nines": the most specific part first, so tabs stay telling when narrow. */
function pageTitle(pathname: string): string {
  const edit = matchPath("/monitors/:name/edit", pathname);
  const specific = matchPath("/monitors/new", pathname)
    ? "New monitor"
    : edit
      ? `Edit ${edit.name}`
      : (matchPath("/monitors/:name", pathname)?.name ??
        matchPath("/slos/:name", pathname)?.name ??
        matchPath("/escalation-policies/:name", pathname)?.name);
  const area = findArea(pathname);
  return [specific, area?.label, "Nines"].filter(Boolean).join(" · ");
}
