import { AppShell, Burger, Group, Skeleton, Text } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { lazy, Suspense, useEffect } from "react";
import { client, usePolling } from "./api.js";
import { findArea } from "./areas.js";
import { ColorSchemeToggle } from "./components/color-scheme-toggle.js";
import { MainNav } from "./components/main-nav.js";
import { Wordmark } from "./components/wordmark.js";
import { ComingSoonPage } from "./pages/coming-soon-page.js";
import { MonitorsPage } from "./pages/monitors-page.js";
import { NotFoundPage } from "./pages/not-found-page.js";
import { matchPath, navigate, useLocation } from "./router.js";

// The detail page carries uPlot and the YAML printer; the list, which most visits open, does without them.
const MonitorDetailPage = lazy(() =>
  import("./pages/monitor-detail-page.js").then((module) => ({ default: module.MonitorDetailPage })),
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
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <MainNav pathname={location.pathname} onNavigate={nav.close} />
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Page pathname={location.pathname} search={location.searchParams} demo={info?.demo ?? false} />
      </AppShell.Main>
    </AppShell>
  );
}

function Page({ pathname, search, demo }: { pathname: string; search: URLSearchParams; demo: boolean }) {
  if (matchPath("/monitors", pathname)) {
    const page = Math.max(1, Math.floor(Number(search.get("page"))) || 1);
    return <MonitorsPage page={page} demo={demo} />;
  }
  const detail = matchPath("/monitors/:name", pathname);
  if (detail) {
    return (
      <Suspense fallback={<Skeleton height={240} radius="sm" />}>
        <MonitorDetailPage key={detail.name} name={detail.name!} />
      </Suspense>
    );
  }
  const area = findArea(pathname);
  if (area && !area.live && pathname === area.path) return <ComingSoonPage area={area} />;
  if (pathname === "/") return null;
  return <NotFoundPage pathname={pathname} />;
}

/** "checkout-api · Monitors · Nines": the most specific part first, so tabs stay telling when narrow. */
function pageTitle(pathname: string): string {
  const detail = matchPath("/monitors/:name", pathname);
  const area = findArea(pathname);
  return [detail?.name, area?.label, "Nines"].filter(Boolean).join(" · ");
}
