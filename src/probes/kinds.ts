import type { KindDefinition } from "../config/kinds.js";
import { SECRET_REFERENCES } from "../secrets/references.js";
import { checkMonitorOnApply } from "./checks/index.js";
import { hideMonitorCredentials } from "./credentials.js";
import { MONITOR_KIND } from "./model.js";

/**
 * The probe module's kinds as the server runs them: the model's definitions (which the browser
 * bundle imports too) plus what needs the checks and the disk (apply-time checks) or the secrets
 * module (hiding credentials from readers below editor).
 */
export const PROBE_KINDS: readonly KindDefinition[] = [
  {
    ...MONITOR_KIND,
    checkOnApply: checkMonitorOnApply,
    hideCredentials: hideMonitorCredentials,
    references: SECRET_REFERENCES,
  },
];
