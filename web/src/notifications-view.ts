/** The notifications page's tabs, read from `?tab=`; anything else is the outbox. */
export const NOTIFICATIONS_TABS = ["outbox", "dead", "inbox"] as const;
export type NotificationsTab = (typeof NOTIFICATIONS_TABS)[number];

export const readNotificationsTab = (value: string | null): NotificationsTab =>
  NOTIFICATIONS_TABS.find((tab) => tab === value) ?? "outbox";
