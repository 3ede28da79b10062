import { ActionIcon, Menu } from "@mantine/core";
import { useState } from "react";
import type { MonitorView } from "../api.js";
import { navigate } from "../router.js";
import { IconDots, IconOpen, IconPaused, IconPencil, IconPlay } from "./icons.js";

/**
 * A row's menu: open, edit, pause or resume. The menu mounts on the first click: fifty idle menus,
 * each with its floating-position hooks, made the list slower to appear than all its data.
 */
export function MonitorRowActions({
  monitor,
  busy,
  onPause,
}: {
  monitor: MonitorView;
  busy: boolean;
  onPause: (name: string, paused: boolean) => void;
}) {
  const [wanted, setWanted] = useState(false);
  const button = (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="sm"
      loading={busy}
      aria-label={`Actions for ${monitor.name}`}
      aria-haspopup="menu"
      data-testid={`monitor-actions-${monitor.name}`}
      onClick={wanted ? undefined : () => setWanted(true)}
    >
      <IconDots size={16} />
    </ActionIcon>
  );
  if (!wanted) return button;

  const path = `/monitors/${encodeURIComponent(monitor.name)}`;
  const paused = monitor.state === "paused";
  return (
    <Menu position="bottom-end" shadow="md" width={168} withinPortal defaultOpened onClose={() => setWanted(false)}>
      <Menu.Target>{button}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconOpen size={14} />} onClick={() => navigate(path)}>
          Open
        </Menu.Item>
        <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => navigate(`${path}/edit`)}>
          Edit
        </Menu.Item>
        <Menu.Item
          leftSection={paused ? <IconPlay size={14} /> : <IconPaused size={14} />}
          onClick={() => onPause(monitor.name, !paused)}
          data-testid={`monitor-pause-${monitor.name}`}
        >
          {paused ? "Resume" : "Pause"}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
