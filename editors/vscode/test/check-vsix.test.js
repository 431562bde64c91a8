"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { problems } = require("../scripts/check-vsix.js");

const good = {
  main: "./dist/extension.js",
  engines: { vscode: "^1.82.0" },
  activationEvents: ["onLanguage:markdown", "onLanguage:plaintext"],
  contributes: {
    commands: [{ command: "copydesk.restartServer" }],
    configuration: { properties: { "copydesk.path": {} } },
  },
};

function vsix(manifest, files = {}) {
  return new Map([
    ["extension.vsixmanifest", Buffer.from("<PackageManifest/>")],
    ["extension/package.json", Buffer.from(JSON.stringify(manifest))],
    ["extension/dist/extension.js", Buffer.from("exports.activate=async function activate(){};")],
    ...Object.entries(files).map(([name, text]) => [name, Buffer.from(text)]),
  ]);
}

test("a complete vsix has no problems", () => {
  assert.deepEqual(problems(vsix(good)), []);
});

test("a main outside the vsix, a missing engine and a missing language are each reported", () => {
  const bad = { ...good, main: "./out/extension.js", engines: {}, activationEvents: ["onLanguage:markdown"] };
  assert.deepEqual(problems(vsix(bad)), [
    "package.json has no engines.vscode",
    "main (./out/extension.js) is not a file inside the vsix",
    "no activation event for plaintext",
  ]);
});

test("an unbundled client is reported", () => {
  const files = { "extension/dist/extension.js": 'const c=require("vscode-languageclient/node");exports.activate=c;' };
  assert.deepEqual(problems(vsix(good, files)), [
    "extension/dist/extension.js requires vscode-languageclient at run time instead of bundling it",
  ]);
});
