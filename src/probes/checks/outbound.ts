import { type Connector, createConnector } from "../../net/connector.js";
import type { CheckContext } from "../check.js";

/** For checks run without a server (tests, scripts): the default probe policy and the system resolver. */
let defaultConnector: Connector | undefined;

export function connectorOf(context: CheckContext): Connector {
  if (context.connector) return context.connector;
  defaultConnector ??= createConnector();
  return defaultConnector;
}
