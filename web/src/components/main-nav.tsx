import { NavLink, Text } from "@mantine/core";
import { AREAS } from "../areas.js";
import { linkTo } from "../router.js";

/** The left navigation: one link per area, the current one marked for eyes and screen readers. */
export function MainNav({ pathname, onNavigate }: { pathname: string; onNavigate?: () => void }) {
  return (
    <nav aria-label="Main">
      {AREAS.map((area) => {
        const active = pathname === area.path || pathname.startsWith(`${area.path}/`);
        const link = linkTo(area.path);
        return (
          <NavLink
            key={area.path}
            component="a"
            href={link.href}
            onClick={(event) => {
              link.onClick(event);
              onNavigate?.();
            }}
            active={active}
            aria-current={active ? "page" : undefined}
            label={area.label}
            leftSection={<area.icon size={16} />}
            rightSection={
              area.live ? undefined : (
                <Text span size="xs" c="dimmed">
                  soon
                </Text>
              )
            }
            className="main-nav-link"
            fw={active ? 600 : 400}
            py={6}
            style={{ borderRadius: "var(--mantine-radius-sm)" }}
          />
        );
      })}
    </nav>
  );
}
