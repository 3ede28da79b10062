import type { KindDefinition } from "../config/kinds.js";
import { checkMonitorOnApply } from "./checks/index.js";
import { MONITOR_KIND } from "./model.js";

/**
 * The probe module's kinds as the server runs them: the model's definitions (which the browser
 * bundle imports too) plus the apply-time checks that need the checks and the disk.
 */
export const PROBE_KINDS: readonly KindDefinition[] = [{ ...MONITOR_KIND, checkOnApply: checkMonitorOnApply }];
