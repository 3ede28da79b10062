import { createTheme } from "@mantine/core";

/** Calm and dense: a quiet primary colour, small radii, system fonts, tabular numbers in tables. */
export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "sm",
  cursorType: "pointer",
  fontFamily:
    "Inter, ui-sans-serif, system-ui, -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: "ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace",
  headings: { fontWeight: "600" },
});
