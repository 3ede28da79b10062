import { Button, Loader, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";
import { client, type Problem, toProblem } from "../api.js";
import { IconCode } from "./icons.js";
import { ProblemAlert } from "./problem-alert.js";
import { YamlBlock } from "./yaml-block.js";

/** Shows every object of a kind as the YAML that `nines apply` takes, the same text `nines export` writes. */
export function ExportYamlButton({ kind }: { kind: string }) {
  const [opened, modal] = useDisclosure(false);
  const [yaml, setYaml] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();

  function open() {
    modal.open();
    setProblem(undefined);
    client.exportYaml(kind).then(setYaml, (error) => setProblem(toProblem(error)));
  }

  return (
    <>
      <Button variant="default" size="xs" leftSection={<IconCode size={14} />} onClick={open}>
        YAML
      </Button>
      <Modal opened={opened} onClose={modal.close} title={`All ${kind} objects as YAML`} size="xl">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Keep this in version control and change it there; <code>npx nines apply -f monitors.yaml</code> makes the
            server match it.
          </Text>
          {problem ? (
            <ProblemAlert problem={problem} />
          ) : yaml === undefined ? (
            <Loader size="sm" />
          ) : (
            <YamlBlock yaml={yaml} label={`${kind} YAML`} />
          )}
        </Stack>
      </Modal>
    </>
  );
}
