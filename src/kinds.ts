import { ALERT_KINDS } from "./alerts/kinds.js";
import { createKindRegistry } from "./config/kinds.js";
import { ONCALL_KINDS } from "./oncall/kinds.js";
import { PROBE_KINDS } from "./probes/kinds.js";
import { SECRET_KIND } from "./secrets/model.js";
import { SLO_KINDS } from "./slo/model.js";

/**
 * Every kind of declarative object Nines accepts, gathered from the modules that own them. The
 * server and the CLI both start from this list; config itself never imports a module.
 */
export const KINDS = createKindRegistry([...PROBE_KINDS, ...SLO_KINDS, ...ALERT_KINDS, ...ONCALL_KINDS, SECRET_KIND]);
