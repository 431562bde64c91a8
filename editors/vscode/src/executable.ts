/**
 * Finding the `copydesk` binary the way a shell would, plus ~/.cargo/bin: an editor started
 * from a desktop launcher often lacks cargo's bin directory on its PATH, which is exactly
 * where `cargo install` puts copydesk. No `vscode` import: tested under plain node.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface Environment {
  path: string | undefined;
  pathExt: string | undefined;
  home: string;
  windows: boolean;
}

export function currentEnvironment(): Environment {
  return {
    path: process.env.PATH,
    pathExt: process.env.PATHEXT,
    home: os.homedir(),
    windows: process.platform === "win32",
  };
}

/** The absolute path of `command` (a name, or a path that may start with `~`), if it exists. */
export function findExecutable(command: string, env: Environment = currentEnvironment()): string | undefined {
  const expanded = command.replace(/^~(?=$|[\\/])/, env.home);
  const extensions = env.windows ? ["", ...(env.pathExt ?? ".EXE;.CMD;.BAT").split(";")] : [""];
  const withExtensions = (file: string) => extensions.map((ext) => file + ext);
  if (expanded.includes("/") || (env.windows && expanded.includes("\\"))) {
    return withExtensions(path.resolve(expanded)).find(isExecutableFile);
  }
  const directories = (env.path ?? "").split(path.delimiter).filter((dir) => dir !== "");
  directories.push(path.join(env.home, ".cargo", "bin"));
  for (const dir of directories) {
    const found = withExtensions(path.join(dir, expanded)).find(isExecutableFile);
    if (found) {
      return found;
    }
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
