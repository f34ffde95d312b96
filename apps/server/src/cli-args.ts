/** The command line of `mlskit-server`: `[--config path] [--help]`, and which config file to read. */
import { existsSync } from "node:fs"

/** Parsed command line. */
export interface CliArgs {
  config: string | undefined
  help: boolean
}

/** Usage text. */
export const USAGE = `usage: mlskit-server [--config path]

  --config path   TOML configuration (default: $MLSKIT_CONFIG, else ./mlskit.toml if present,
                  else built-in defaults); every key can be overridden by MLSKIT_<TABLE>_<KEY>
  --help          print this text`

/** Parse `argv` (without node and the script); throws with a message on unknown arguments. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const out: CliArgs = { config: undefined, help: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === "--help" || arg === "-h") out.help = true
    else if (arg === "--config" || arg === "-c") {
      const value = argv[++i]
      if (value === undefined || value === "") throw new Error(`${arg} needs a path`)
      out.config = value
    } else if (arg.startsWith("--config=")) out.config = arg.slice("--config=".length)
    else throw new Error(`unknown argument ${arg}`)
  }
  return out
}

/** The config file to read: `--config`, else `MLSKIT_CONFIG`, else `./mlskit.toml` when it exists. */
export function configFile(
  args: CliArgs,
  env: Record<string, string | undefined>,
): string | undefined {
  if (args.config) return args.config
  if (env.MLSKIT_CONFIG) return env.MLSKIT_CONFIG
  return existsSync("mlskit.toml") ? "mlskit.toml" : undefined
}
