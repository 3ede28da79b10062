import type { ReactNode, SVGProps } from "react";

/**
 * The few icons the UI needs, drawn inline (24-unit grid, 2px stroke, in the style of Tabler Icons)
 * so no icon library ships in the bundle. They are decorative: the text beside them carries the meaning.
 */
export interface IconProps extends SVGProps<SVGSVGElement> {
  size?: number;
}

export type Icon = (props: IconProps) => ReactNode;

function Svg({ size = 16, children, ...props }: IconProps) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export const IconUp: Icon = (props) => (
  <Svg {...props}>
    <path d="M5 12l5 5L20 7" />
  </Svg>
);
export const IconDown: Icon = (props) => (
  <Svg {...props}>
    <path d="M18 6L6 18M6 6l12 12" />
  </Svg>
);
export const IconPending: Icon = (props) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="9" strokeDasharray="3 3" />
    <path d="M12 8v4l2 2" />
  </Svg>
);
export const IconDegraded: Icon = (props) => (
  <Svg {...props}>
    <path d="M12 9v4M12 17h.01" />
    <path d="M10.3 3.9L2.6 17.2A2 2 0 0 0 4.3 20h15.4a2 2 0 0 0 1.7-2.8L13.7 3.9a2 2 0 0 0-3.4 0z" />
  </Svg>
);
export const IconMaintenance: Icon = (props) => (
  <Svg {...props}>
    <path d="M7 10h3V7L6.5 3.5a6 6 0 0 1 8 8l6 6a2 2 0 0 1-3 3l-6-6a6 6 0 0 1-8-8L7 10" />
  </Svg>
);
export const IconPaused: Icon = (props) => (
  <Svg {...props}>
    <path d="M8 5v14M16 5v14" />
  </Svg>
);
export const IconActivity: Icon = (props) => (
  <Svg {...props}>
    <path d="M3 12h4l3 8 4-16 3 8h4" />
  </Svg>
);
export const IconTarget: Icon = (props) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="9" />
    <circle cx="12" cy="12" r="5" />
    <circle cx="12" cy="12" r="1" />
  </Svg>
);
export const IconBell: Icon = (props) => (
  <Svg {...props}>
    <path d="M10 5a2 2 0 1 1 4 0 7 7 0 0 1 4 6v3a4 4 0 0 0 2 3H4a4 4 0 0 0 2-3v-3a7 7 0 0 1 4-6M9 17v1a3 3 0 0 0 6 0v-1" />
  </Svg>
);
export const IconOnCall: Icon = (props) => (
  <Svg {...props}>
    <path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />
  </Svg>
);
export const IconIncident: Icon = (props) => (
  <Svg {...props}>
    <path d="M12 12c2-2.96 0-7-1-8 0 3.04-1.77 4.74-3 6-1.22 1.27-2 3.27-2 5a6 6 0 1 0 12 0c0-1.5-1.06-3.87-2-5-1.79 3-2.8 3-4 2z" />
  </Svg>
);
export const IconBroadcast: Icon = (props) => (
  <Svg {...props}>
    <path d="M18.4 19a9 9 0 1 0-12.8 0" />
    <path d="M15.5 16a5 5 0 1 0-7 0" />
    <circle cx="12" cy="13" r="1" />
  </Svg>
);
export const IconSun: Icon = (props) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="4" />
    <path d="M3 12h1M20 12h1M12 3v1M12 20v1M5.6 5.6l.7.7M17.7 17.7l.7.7M18.4 5.6l-.7.7M6.3 17.7l-.7.7" />
  </Svg>
);
export const IconMoon: Icon = (props) => (
  <Svg {...props}>
    <path d="M12 3h.4a7.5 7.5 0 0 0 7.9 12.5A9 9 0 1 1 12 3z" />
  </Svg>
);
export const IconCopy: Icon = (props) => (
  <Svg {...props}>
    <rect x="8" y="8" width="12" height="12" rx="2" />
    <path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" />
  </Svg>
);
export const IconCode: Icon = (props) => (
  <Svg {...props}>
    <path d="M7 8l-4 4 4 4M17 8l4 4-4 4M14 4l-4 16" />
  </Svg>
);
export const IconAlert: Icon = (props) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 8v4M12 16h.01" />
  </Svg>
);
export const IconFlask: Icon = (props) => (
  <Svg {...props}>
    <path d="M9 3h6M10 9V3h4v6l5 8a2 2 0 0 1-2 3H7a2 2 0 0 1-2-3l5-8M7.5 15h9" />
  </Svg>
);
export const IconSearch: Icon = (props) => (
  <Svg {...props}>
    <circle cx="10" cy="10" r="7" />
    <path d="M21 21l-6-6" />
  </Svg>
);
export const IconPlus: Icon = (props) => (
  <Svg {...props}>
    <path d="M12 5v14M5 12h14" />
  </Svg>
);
export const IconPencil: Icon = (props) => (
  <Svg {...props}>
    <path d="M4 20h4L18.5 9.5a2.8 2.8 0 0 0-4-4L4 16v4M13.5 6.5l4 4" />
  </Svg>
);
export const IconTrash: Icon = (props) => (
  <Svg {...props}>
    <path d="M4 7h16M10 11v6M14 11v6M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12M9 7V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v3" />
  </Svg>
);
export const IconLock: Icon = (props) => (
  <Svg {...props}>
    <rect x="5" y="11" width="14" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </Svg>
);
export const IconKey: Icon = (props) => (
  <Svg {...props}>
    <circle cx="8" cy="15" r="4" />
    <path d="M10.8 12.2L19 4M15 8l3 3M17 6l2 2" />
  </Svg>
);
export const IconDots: Icon = (props) => (
  <Svg {...props}>
    <path d="M5 12h.01M12 12h.01M19 12h.01" strokeWidth={3} />
  </Svg>
);
export const IconPlay: Icon = (props) => (
  <Svg {...props}>
    <path d="M7 4v16l13-8z" />
  </Svg>
);
export const IconOpen: Icon = (props) => (
  <Svg {...props}>
    <path d="M12 6H6a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6M11 13l9-9M15 4h5v5" />
  </Svg>
);
export const IconLogout: Icon = (props) => (
  <Svg {...props}>
    <path d="M14 8V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-2M9 12h12l-3-3M18 15l3-3" />
  </Svg>
);
export const IconHistory: Icon = (props) => (
  <Svg {...props}>
    <path d="M12 8v4l2 2" />
    <path d="M3.05 11a9 9 0 1 1 .5 4m-.5 5v-5h5" />
  </Svg>
);
export const IconChevronRight: Icon = (props) => (
  <Svg {...props}>
    <path d="M9 6l6 6-6 6" />
  </Svg>
);
export const IconSiren: Icon = (props) => (
  <Svg {...props}>
    <path d="M7 18v-6a5 5 0 1 1 10 0v6M5 21h14a1 1 0 0 0 1-1v-1a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v1a1 1 0 0 0 1 1M21 12h1M18.5 4.5 18 5M2 12h1M12 2v1M4.9 4.9l.5.5M12 12v6" />
  </Svg>
);
export const IconStairs: Icon = (props) => (
  <Svg {...props}>
    <path d="M22 5h-5v5h-5v5H7v5H2" />
  </Svg>
);
export const IconInbox: Icon = (props) => (
  <Svg {...props}>
    <path d="M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2zM4 13h3l3 3h4l3-3h3" />
  </Svg>
);
export const IconCalendar: Icon = (props) => (
  <Svg {...props}>
    <path d="M4 7a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2zM16 3v4M8 3v4M4 11h16" />
  </Svg>
);
