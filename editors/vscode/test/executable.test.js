"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { findExecutable } = require("../out/executable.js");

function sandbox() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-exe-"));
  const bin = path.join(home, "bin");
  const cargoBin = path.join(home, ".cargo", "bin");
  fs.mkdirSync(bin);
  fs.mkdirSync(cargoBin, { recursive: true });
  return { home, bin, cargoBin };
}

function executable(file) {
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

const unix = (home, pathVar) => ({ path: pathVar, pathExt: undefined, home, windows: false });

test("a name is looked up on PATH", { skip: process.platform === "win32" }, () => {
  const { home, bin } = sandbox();
  const exe = executable(path.join(bin, "copydesk"));
  assert.equal(findExecutable("copydesk", unix(home, bin)), exe);
});

test("~/.cargo/bin is searched after PATH, where cargo install puts copydesk", { skip: process.platform === "win32" }, () => {
  const { home, bin, cargoBin } = sandbox();
  const exe = executable(path.join(cargoBin, "copydesk"));
  assert.equal(findExecutable("copydesk", unix(home, bin)), exe);
  const first = executable(path.join(bin, "copydesk"));
  assert.equal(findExecutable("copydesk", unix(home, bin)), first);
});

test("a path with ~ is expanded and not searched on PATH", { skip: process.platform === "win32" }, () => {
  const { home, bin } = sandbox();
  const exe = executable(path.join(bin, "copydesk"));
  assert.equal(findExecutable("~/bin/copydesk", unix(home, "")), exe);
  assert.equal(findExecutable("~/elsewhere/copydesk", unix(home, bin)), undefined);
});

test("a missing or non-executable file is not found", { skip: process.platform === "win32" }, () => {
  const { home, bin } = sandbox();
  fs.writeFileSync(path.join(bin, "copydesk"), "not executable");
  fs.mkdirSync(path.join(bin, "copydesk-dir"));
  assert.equal(findExecutable("copydesk", unix(home, bin)), undefined);
  assert.equal(findExecutable("copydesk-dir", unix(home, bin)), undefined);
  assert.equal(findExecutable("nothing-here", unix(home, bin)), undefined);
});
