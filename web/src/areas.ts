import {
  type Icon,
  IconActivity,
  IconBell,
  IconBroadcast,
  IconHistory,
  IconInbox,
  IconIncident,
  IconOnCall,
  IconSiren,
  IconStairs,
  IconTarget,
} from "./components/icons.js";

/** The areas of the reliability loop, in the order an operator walks it; the navigation lists them. */
export interface Area {
  path: string;
  label: string;
  icon: Icon;
  live: boolean;
  /** What the area does, in one sentence, shown while it is not built yet. */
  purpose: string;
}

export const AREAS: Area[] = [
  {
    path: "/monitors",
    label: "Monitors",
    icon: IconActivity,
    live: true,
    purpose: "Synthetic checks of your endpoints, run on a schedule.",
  },
  {
    path: "/slos",
    label: "SLOs",
    icon: IconTarget,
    live: true,
    purpose:
      "Service level objectives from OpenSLO YAML, with error budgets and burn rates over rolling or calendar windows.",
  },
  {
    path: "/alerts",
    label: "Alerts",
    icon: IconBell,
    live: true,
    purpose:
      "Alerts from burn-rate conditions and from Prometheus through the Alertmanager API, grouped, routed, silenced and inhibited.",
  },
  {
    path: "/pages",
    label: "Pages",
    icon: IconSiren,
    live: true,
    purpose: "Alert groups escalating to people, level by level, until someone acknowledges them.",
  },
  {
    path: "/oncall",
    label: "On-call",
    icon: IconOnCall,
    live: true,
    purpose:
      "Rotations, overrides and escalation policies that page the person on shift, with calendar feeds of every shift.",
  },
  {
    path: "/escalation-policies",
    label: "Escalation",
    icon: IconStairs,
    live: true,
    purpose: "Whom a page reaches, level after level, and how long each level waits for an acknowledgement.",
  },
  {
    path: "/notifications",
    label: "Notifications",
    icon: IconInbox,
    live: true,
    purpose: "The outbox of every channel, dead letters to retry, and the inbox kept in Nines.",
  },
  {
    path: "/incidents",
    label: "Incidents",
    icon: IconIncident,
    live: false,
    purpose: "Incidents with roles and a timeline, followed by a postmortem and the action items it leaves behind.",
  },
  {
    path: "/status-pages",
    label: "Status pages",
    icon: IconBroadcast,
    live: false,
    purpose: "Public status pages fed by your monitors and incidents, with subscriber notifications, feeds and badges.",
  },
  {
    path: "/audit",
    label: "Audit log",
    icon: IconHistory,
    live: true,
    purpose: "Every change, who made it and from where, in a hash chain that shows any tampering (admins only).",
  },
];

export function findArea(pathname: string): Area | undefined {
  return AREAS.find((area) => pathname === area.path || pathname.startsWith(`${area.path}/`));
}
