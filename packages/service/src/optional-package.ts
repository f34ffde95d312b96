/**
 * Loads an optional peer dependency on demand (a store driver, the node
 * crypto provider): the user installs only what the configuration names, and
 * a missing package is a MissingDependencyError naming what to install.
 */
import { MissingDependencyError } from "@mlskit/core"

/**
 * Import `packageName`, or throw MissingDependencyError naming it and
 * `neededBy` (the setting that asked for it) when it is not installed. Any
 * other failure while loading an installed package propagates unchanged.
 */
export async function loadOptionalPackage<T>(packageName: string, neededBy: string): Promise<T> {
  try {
    return (await import(packageName)) as T
  } catch (error) {
    if (!isNotInstalled(error, packageName)) throw error
    throw new MissingDependencyError(
      packageName,
      `${neededBy} needs the package "${packageName}": install it with \`npm install ${packageName}\``,
      { cause: error },
    )
  }
}

/** True when Node could not find `packageName` itself (not one of its own imports). */
function isNotInstalled(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as NodeJS.ErrnoException).code
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false
  return error.message.includes(`'${packageName}'`)
}
