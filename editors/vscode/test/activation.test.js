"use strict";
// Activates the bundled extension under plain node with a minimal stand-in for the `vscode`
// module, to check what a user without the binary sees. The language client itself needs
// a real VS Code and is covered by the editors' end-to-end tests against the same server.
const test = require("node:test");
const assert = require("node:assert/strict");
const Module = require("module");
const path = require("path");
const manifest = require("../package.json");

function fakeVscode(settings) {
  const seen = { errors: [], commands: new Map(), executed: [], status: {} };
  const disposable = { dispose() {} };
  const known = {
    StatusBarAlignment: { Left: 1, Right: 2 },
    window: {
      createOutputChannel: () => ({ appendLine() {}, dispose() {} }),
      createStatusBarItem: () => Object.assign(seen.status, { show() {}, dispose() {} }),
      showErrorMessage: async (message, ...choices) => {
        seen.errors.push({ message, choices });
        return choices[0];
      },
    },
    commands: {
      registerCommand: (id, handler) => {
        seen.commands.set(id, handler);
        return disposable;
      },
      executeCommand: async (...args) => seen.executed.push(args),
    },
    workspace: {
      onDidChangeConfiguration: () => disposable,
      getConfiguration: () => ({ get: (key) => settings[key], inspect: () => ({}) }),
    },
  };
  // The bundled language client subclasses a few vscode classes when it loads.
  const vscode = new Proxy(known, { get: (target, name) => (name in target ? target[name] : class {}) });
  return { vscode, seen };
}

function loadExtension(vscode) {
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === "vscode" ? vscode : load.call(this, request, ...rest);
  };
  try {
    const file = path.join(__dirname, "..", "dist", "extension.js");
    delete require.cache[file];
    return require(file);
  } finally {
    Module._load = load;
  }
}

test("without the binary, the user is told how to install it and offered the setting", async () => {
  const { vscode, seen } = fakeVscode({ path: "/nonexistent/copydesk" });
  const extension = loadExtension(vscode);
  await extension.activate({ subscriptions: [], extension: { packageJSON: manifest } });

  assert.equal(seen.errors.length, 1);
  const { message, choices } = seen.errors[0];
  assert.match(message, /cannot find the `\/nonexistent\/copydesk` executable/);
  assert.match(message, /cargo install --locked --path \./);
  assert.deepEqual(choices, ["Open Settings"]);
  assert.deepEqual(seen.executed, [["workbench.action.openSettings", "copydesk.path"]]);
  assert.equal(seen.status.text, "$(error) copydesk");
  assert.match(seen.status.tooltip, /not found/);
  assert.equal(seen.status.command, "copydesk.restartServer");
  assert.deepEqual([...seen.commands.keys()], manifest.contributes.commands.map((c) => c.command));
});
