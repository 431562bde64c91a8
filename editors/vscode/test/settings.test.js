"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { serverKeys, serverSettings } = require("../out/settings.js");
const manifest = require("../package.json");

const properties = manifest.contributes.configuration.properties;

test("every contributed setting but the client's own reaches the server", () => {
  assert.deepEqual(serverKeys(properties).sort(), ["data", "debounceMs", "extensions", "ignore_words", "rules", "workspace_names"]);
});

test("settings left at their defaults are not sent, so .copydesk.toml stays in force", () => {
  const inspect = () => ({});
  assert.deepEqual(serverSettings(serverKeys(properties), inspect), {});
});

test("the workspace value wins over the user's for lists and numbers", () => {
  const values = {
    ignore_words: { globalValue: ["Smyth"], workspaceValue: ["Depardieu", "Seagal"] },
    debounceMs: { globalValue: 200 },
  };
  assert.deepEqual(serverSettings(serverKeys(properties), (key) => values[key]), {
    ignore_words: ["Depardieu", "Seagal"],
    debounceMs: 200,
  });
});

test("rule levels and data edits merge across scopes, the workspace deciding clashes", () => {
  const values = {
    rules: {
      globalValue: { phrasing: "warning", "phrasing/doubled-word": "error" },
      workspaceValue: { "phrasing/doubled-word": "off", names: "hint" },
    },
    data: {
      globalValue: { names: { people: { add: ["Ada Lovelace"] } } },
      workspaceValue: { names: { places: { remove: ["Gotham"] } } },
    },
  };
  assert.deepEqual(serverSettings(serverKeys(properties), (key) => values[key]), {
    rules: { phrasing: "warning", "phrasing/doubled-word": "off", names: "hint" },
    data: { names: { people: { add: ["Ada Lovelace"] }, places: { remove: ["Gotham"] } } },
  });
});

test("an explicit empty list still overrides (the user cleared it on purpose)", () => {
  const values = { extensions: { globalValue: ["md"], workspaceValue: [] } };
  assert.deepEqual(serverSettings(["extensions"], (key) => values[key]), { extensions: [] });
});

test("the client's own settings never reach the server", () => {
  const values = { path: { globalValue: "/opt/copydesk" }, "trace.server": { globalValue: "verbose" } };
  assert.deepEqual(serverSettings(serverKeys({ "copydesk.path": {}, "copydesk.trace.server": {} }), (key) => values[key]), {});
});
