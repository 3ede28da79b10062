import { Badge, EmptyState, Stack, Title } from "@mantine/core";
import type { Area } from "../areas.js";

/** An area of the loop that is planned but not built: say calmly what it will do. */
export function ComingSoonPage({ area }: { area: Area }) {
  return (
    <Stack gap="md" maw={1280}>
      <Title order={1} size="h3">
        {area.label}
      </Title>
      <EmptyState
        data-testid="coming-soon"
        icon={<area.icon size={28} />}
        withIndicatorBackground
        title={
          <>
            {area.label}{" "}
            <Badge size="sm" variant="default" ml={4} style={{ verticalAlign: "middle" }}>
              coming soon
            </Badge>
          </>
        }
        description={area.purpose}
        maw={520}
        mx="auto"
        py={64}
      />
    </Stack>
  );
}
