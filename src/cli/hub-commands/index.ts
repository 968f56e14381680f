import { Command } from 'commander';
import { loginCommand, logoutCommand, tokenCommand, whoamiCommand } from './auth-commands.ts';
import { catalogueCommand } from './catalogue-commands.ts';
import { aisystemCommand, docsCommand, modelCommand } from './governance-commands.ts';
import { monitorCommand } from './monitor-commands.ts';
import { addHubOpenapiCommand, stationsCommand, transparencyCommand } from './network-commands.ts';
import {
  elsaCommand,
  landscapeCommand,
  matchCommand,
  readinessCommand,
} from './network-governance-commands.ts';
import { hybridCommand, regionCommand } from './region-commands.ts';
import { permitCommand, requestCommand } from './request-commands.ts';
import { runCommand } from './run-commands.ts';
import { sandboxCommand } from './sandbox-commands.ts';

/**
 * The commands that talk to a hub over its REST API (through HubClient): sign-in, catalogue, access
 * requests and permits, runs, stations, the transparency register, and `hub openapi` on the existing
 * `hub` command (created when absent).
 */
export function addHubClientCommands(program: Command): Command {
  for (const c of [
    loginCommand(),
    logoutCommand(),
    whoamiCommand(),
    tokenCommand(),
    catalogueCommand(),
    requestCommand(),
    permitCommand(),
    runCommand(),
    monitorCommand(),
    regionCommand(),
    hybridCommand(),
    stationsCommand(),
    transparencyCommand(),
    aisystemCommand(),
    modelCommand(),
    docsCommand(),
    sandboxCommand(),
    readinessCommand(),
    landscapeCommand(),
    matchCommand(),
    elsaCommand(),
  ])
    program.addCommand(c);
  const hub = program.commands.find((c) => c.name() === 'hub');
  if (hub) addHubOpenapiCommand(hub);
  else program.addCommand(addHubOpenapiCommand(new Command('hub').exitOverride()));
  return program;
}

export { configDir, loadCliConfig } from './cli-config.ts';
export { completenessLine, formatClassification } from './governance-commands.ts';
export { DEFAULT_HUB, hubClient, resolveHubUrl } from './hub-session.ts';
export { parseAlgorithm } from './parse-options.ts';
export { assertRunSucceeded, formatRun, isCohortRunResult } from './run-report.ts';
