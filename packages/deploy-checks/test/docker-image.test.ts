import { readFileSync } from "node:fs"
import { join } from "node:path"
import { loadServerConfig } from "@mlskit/server"
import { describe, expect, it } from "vitest"
import { runTool } from "../src/external-tool.js"
import { deployPath, REPO_ROOT } from "../src/repo-paths.js"

const dockerfile = readFileSync(deployPath("docker", "Dockerfile"), "utf8")
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"))
const finalStage = instructions.slice(instructions.findLastIndex((l) => l.startsWith("FROM ")))
const imageConfig = loadServerConfig({
  toml: readFileSync(deployPath("docker", "mlskit.toml"), "utf8"),
  env: {},
})
const serverPackage = JSON.parse(
  readFileSync(join(REPO_ROOT, "apps/server/package.json"), "utf8"),
) as {
  name: string
}

describe("deploy/docker/Dockerfile", () => {
  it("builds in one stage and runs in a second, both on node 24 slim", () => {
    expect(instructions).toContain("ARG NODE_VERSION=24")
    const bases = instructions.filter((l) => l.startsWith("FROM "))
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile's variable syntax
    const base = "FROM node:${NODE_VERSION}-slim"
    expect(bases).toEqual([`${base} AS build`, base])
  })

  it("deploys the server package by its real name", () => {
    expect(serverPackage.name).toBe("@mlskit/server")
    expect(dockerfile).toContain(`--filter ${serverPackage.name} --prod deploy`)
  })

  it("deploys only the server's build output, README and config: what its package publishes", () => {
    // `pnpm deploy` copies the files the package publishes, as `pnpm pack` lists them.
    const { status, output } = runTool(
      "pnpm",
      ["pack", "--dry-run", "--json"],
      join(REPO_ROOT, "apps/server"),
    )
    expect(status, output).toBe(0)
    const packed = (JSON.parse(output) as { files: { path: string }[] }).files.map((f) => f.path)
    expect(packed).toEqual(
      expect.arrayContaining(["dist/main.js", "package.json", "README.md", "mlskit.toml"]),
    )
    expect(
      packed.filter((p) => !/^(dist\/|package\.json$|README\.md$|mlskit\.toml$)/.test(p)),
    ).toEqual([])
  })

  it("runs the server as a non-root user with the config the image ships", () => {
    expect(finalStage).toContain("USER 10001:10001")
    expect(finalStage).toContain("COPY deploy/docker/mlskit.toml /etc/mlskit/mlskit.toml")
    expect(finalStage.at(-1)).toBe(
      'CMD ["node", "apps/server/dist/main.js", "--config", "/etc/mlskit/mlskit.toml"]',
    )
  })

  it("exposes the HTTP and metrics ports of its config, which listens on all interfaces", () => {
    expect(finalStage).toContain(`EXPOSE ${imageConfig.server.port} ${imageConfig.metrics.port}`)
    expect(imageConfig.server.host).toBe("0.0.0.0")
    expect(imageConfig.metrics.host).toBe("0.0.0.0")
  })

  it("gives the non-root user the data directory of its config", () => {
    expect(dockerfile).toContain(`mkdir -p ${imageConfig.storage.dataDir}`)
    expect(dockerfile).toContain(`chown mlskit:mlskit ${imageConfig.storage.dataDir}`)
  })

  it("leaves health checking to the orchestrator's probes", () => {
    expect(instructions.some((l) => l.startsWith("HEALTHCHECK"))).toBe(false)
  })

  it("keeps node_modules, build output and git history out of the build context", () => {
    const ignored = readFileSync(join(REPO_ROOT, ".dockerignore"), "utf8").split("\n")
    expect(ignored).toEqual(expect.arrayContaining(["**/node_modules", "**/dist", ".git"]))
  })
})
