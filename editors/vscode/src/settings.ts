/**
 * VS Code settings → the server's settings (initializationOptions and
 * workspace/didChangeConfiguration). Free of the `vscode` module so that it runs, and is
 * tested, under plain node.
 */

/** Settings the extension itself uses; every other `copydesk.*` setting goes to the server. */
export const CLIENT_SETTINGS: readonly string[] = ["path", "trace.server"];

/** The parts of `WorkspaceConfiguration.inspect(key)` that say what the user set. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
}

/** The server-facing keys among the `contributes.configuration.properties` of package.json. */
export function serverKeys(properties: Record<string, unknown>): string[] {
  return Object.keys(properties)
    .filter((name) => name.startsWith("copydesk."))
    .map((name) => name.slice("copydesk.".length))
    .filter((key) => !CLIENT_SETTINGS.includes(key));
}

/**
 * The settings to send: only keys the user actually set. A default sent explicitly would
 * override the workspace's .copydesk.toml (an empty `rules` table would undo its levels).
 * Objects (`rules`, `data`) merge user-over-workspace as VS Code merges them; other values
 * take the most specific scope.
 */
export function serverSettings(
  keys: readonly string[],
  inspect: (key: string) => Inspected | undefined,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of keys) {
    const inspected = inspect(key);
    const value = mostSpecific(inspected?.globalValue, inspected?.workspaceValue);
    if (value !== undefined) {
      settings[key] = value;
    }
  }
  return settings;
}

function mostSpecific(outer: unknown, inner: unknown): unknown {
  if (isPlainObject(outer) && isPlainObject(inner)) {
    const merged: Record<string, unknown> = { ...outer };
    for (const [key, value] of Object.entries(inner)) {
      merged[key] = mostSpecific(outer[key], value);
    }
    return merged;
  }
  return inner !== undefined ? inner : outer;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
