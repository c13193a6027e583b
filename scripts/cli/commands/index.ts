// Every command of `keel`, in the order the help lists them.
import type { Command } from "../command";
import { apiKeyCreate, apiKeyList, apiKeyRevoke } from "./api-key";
import { budgetsReevaluate } from "./budgets";
import { demoCommand } from "./demo";
import { migrateCommand } from "./migrate";
import { otelRemap } from "./otel";
import { rollupsRebuild, rollupsVerify } from "./rollups";
import { userCreate } from "./user";

export const COMMANDS: readonly Command[] = [migrateCommand, demoCommand, apiKeyCreate, apiKeyList, apiKeyRevoke, userCreate, otelRemap, rollupsRebuild, rollupsVerify, budgetsReevaluate];
