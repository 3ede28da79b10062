import { Loader, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { renderDocument } from "../../../src/config/export.js";
import { client, type Problem, toProblem } from "../api.js";
import { ProblemAlert } from "./problem-alert.js";
import { YamlBlock } from "./yaml-block.js";

/** The stored object as the YAML a user would apply, so every page teaches config as code. */
export function ObjectYaml({ kind, name }: { kind: string; name: string }) {
  const [yaml, setYaml] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();

  useEffect(() => {
    let current = true;
    client.getObject(kind, name).then(
      (document) => current && setYaml(renderDocument(document)),
      (error) => current && setProblem(toProblem(error)),
    );
    return () => {
      current = false;
    };
  }, [kind, name]);

  if (problem) return <ProblemAlert problem={problem} />;
  if (yaml === undefined) return <Loader size="sm" aria-label="Loading YAML" />;
  return (
    <Stack gap="xs" data-testid="object-yaml">
      <Text size="sm" c="dimmed">
        This {kind} as code. Change it in your repository and run <code>npx nines apply -f &lt;file&gt;</code>; the
        server picks the change up on the next check.
      </Text>
      <YamlBlock yaml={yaml} label={`${kind} ${name} as YAML`} />
    </Stack>
  );
}
