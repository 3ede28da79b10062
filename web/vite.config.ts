import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = "http://localhost:9999";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across upgrades.
        // uPlot, yaml and the schema libraries (zod, JMESPath, croner) are left out, so they stay
        // in the lazily loaded detail and form pages.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: "mantine",
              test: /node_modules[\\/](?!react[\\/]|react-dom[\\/]|scheduler[\\/]|uplot[\\/]|yaml[\\/]|zod[\\/]|@jmespath-community[\\/]|croner[\\/])/,
              // Only what the first page needs: components used by lazy pages alone load with them.
              tags: ["$initial"],
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/api": api,
      "/demo": api,
      "/healthz": api,
    },
  },
});
