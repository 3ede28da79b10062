import { ActionIcon, Box, Code, CopyButton, Tooltip } from "@mantine/core";
import { Fragment } from "react";
import { IconCopy, IconUp } from "./icons.js";

/** YAML text with its keys and comments tinted, and a copy button; no highlighter library needed. */
export function YamlBlock({ yaml, label = "YAML" }: { yaml: string; label?: string }) {
  return (
    <Box pos="relative">
      <Code block fz="xs" aria-label={label} style={{ lineHeight: 1.6, padding: "10px 14px", overflowX: "auto" }}>
        {yaml.split("\n").map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reordered
          <Fragment key={index}>
            <YamlLine line={line} />
            {"\n"}
          </Fragment>
        ))}
      </Code>
      <CopyButton value={yaml}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? "Copied" : "Copy YAML"} withArrow>
            <ActionIcon
              variant="default"
              size="sm"
              onClick={copy}
              aria-label={copied ? "YAML copied" : "Copy YAML"}
              pos="absolute"
              top={8}
              right={8}
            >
              {copied ? <IconUp size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Box>
  );
}

const keyLine = /^(\s*(?:- )?)([\w./-]+)(:)(.*)$/;

function YamlLine({ line }: { line: string }) {
  if (/^\s*#/.test(line)) return <span style={{ color: "var(--mantine-color-dimmed)" }}>{line}</span>;
  if (/^---/.test(line)) return <span style={{ color: "var(--mantine-color-dimmed)" }}>{line}</span>;
  const match = keyLine.exec(line);
  if (!match) return <>{line}</>;
  const [, indent, key, colon, rest] = match;
  return (
    <>
      {indent}
      <span style={{ color: "var(--mantine-color-indigo-text)" }}>{key}</span>
      {colon}
      {rest}
    </>
  );
}
