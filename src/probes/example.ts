/** A small valid Monitor, shown in the reference docs and the UI's empty state (no imports, so the UI can take it). */
export const MONITOR_EXAMPLE = `apiVersion: nines/v1
kind: Monitor
metadata:
  name: shop-health
  displayName: Shop health endpoint
spec:
  type: http
  url: https://shop.example/health
  interval: 30s
  timeout: 5s
  expectedStatus: [200]
`;
