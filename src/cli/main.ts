import { Command, CommanderError } from 'commander';
import { isAppError } from '../common/index.ts';
import { analyseCommand } from './commands/analyse-command.ts';
import { auditCommand } from './commands/audit-command.ts';
import { cohortCommand } from './commands/cohort-command.ts';
import { demoCommand } from './commands/demo-command.ts';
import { hubCommand } from './commands/hub-command.ts';
import { privacyCommand } from './commands/privacy-command.ts';
import { startCommand } from './commands/start-command.ts';
import { stationCommand } from './commands/station-command.ts';
import { addStationNetworkCommands } from './commands/station-network-commands.ts';
import { synthCommand } from './commands/synth-command.ts';
import { viewCommand } from './commands/view-command.ts';
import { formatCliError } from './format-cli-error.ts';
import { addHubClientCommands } from './hub-commands/index.ts';

/**
 * The `ai4h` command line. Each subcommand lives in `commands/<name>-command.ts` and is added here.
 * Exit codes: 0 success, 1 the work ran but some input was rejected or a check failed, 2 usage error.
 */
export function buildProgram(): Command {
  const program = new Command('ai4h')
    .description('AI4Health platform: data stations, hub and federated analytics for Dutch healthcare')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  // Subcommands (one line each):
  program.addCommand(startCommand());
  program.addCommand(demoCommand());
  program.addCommand(auditCommand());
  program.addCommand(addStationNetworkCommands(stationCommand()));
  program.addCommand(hubCommand());
  program.addCommand(cohortCommand());
  program.addCommand(viewCommand());
  program.addCommand(privacyCommand());
  program.addCommand(synthCommand());
  program.addCommand(analyseCommand());
  addHubClientCommands(program);
  return program;
}

function onStdoutError(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
}

export async function main(argv: string[]): Promise<void> {
  // Whatever the command creates (a station's database and its write-ahead log, the hub's database,
  // secrets, ledgers) is readable by this OS user only, whatever umask the shell had.
  process.umask(0o077);
  // Output piped into a command that stops reading early (`… | head`) is not an error of ours. Once per
  // process: main() runs many times in one process in tests.
  if (!process.stdout.listeners('error').includes(onStdoutError)) process.stdout.on('error', onStdoutError);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isAppError(e)) {
      console.error(formatCliError(e));
      process.exitCode = e.code === 'badInput' ? 2 : 1;
      return;
    }
    throw e;
  }
}
