import { Anchor, EmptyState } from "@mantine/core";
import { IconAlert } from "../components/icons.js";
import { linkTo } from "../router.js";

export function NotFoundPage({ pathname }: { pathname: string }) {
  return (
    <EmptyState
      icon={<IconAlert size={28} />}
      withIndicatorBackground
      title="Nothing here"
      description={
        <>
          No page at <code>{pathname}</code>. <Anchor {...linkTo("/monitors")}>Go to monitors</Anchor>.
        </>
      }
      py={64}
    />
  );
}
