import "./styles/mantine-shell.css";
import "./global.css";
import { localStorageColorSchemeManager, MantineProvider } from "@mantine/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { theme } from "./theme.js";

// The same key as the inline script in index.html, which applies the scheme before React starts.
const colorSchemeManager = localStorageColorSchemeManager({ key: "mantine-color-scheme-value" });

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      <App />
    </MantineProvider>
  </StrictMode>,
);
