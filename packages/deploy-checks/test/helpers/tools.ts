/** The external binaries the checks use, both from Debian's `prometheus` package. */
import { externalTool } from "../../src/external-tool.js"

const INSTALL = "apt-get install -y prometheus"

export const promtool = externalTool("promtool", INSTALL)
export const prometheus = externalTool("prometheus", INSTALL)
