#!/usr/bin/env node
// Checks a built .vsix (a zip) without VS Code: it must hold the bundled client and a manifest
// that VS Code would load for Markdown and plain text.
//   node scripts/check-vsix.js [copydesk.vsix]
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

/** Entry name → contents, read through the zip's central directory. */
function readZip(buffer) {
  const endSignature = 0x06054b50;
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== endSignature) {
    end -= 1;
  }
  if (end < 0) {
    throw new Error("not a zip file: no end-of-central-directory record");
  }
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i += 1) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) {
      throw new Error(`corrupt central directory at entry ${i}`);
    }
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localHeader = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString("utf8", offset + 46, offset + 46 + nameLength);
    const dataStart =
      localHeader + 30 + buffer.readUInt16LE(localHeader + 26) + buffer.readUInt16LE(localHeader + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (method !== 0 && method !== 8) {
      throw new Error(`${name}: unsupported compression method ${method}`);
    }
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : data);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Every problem with the vsix, as sentences; empty when it is good. */
function problems(entries) {
  const found = [];
  const manifestText = entries.get("extension/package.json");
  if (manifestText === undefined) {
    return ["extension/package.json is missing"];
  }
  const manifest = JSON.parse(manifestText.toString("utf8"));
  if (typeof manifest.engines?.vscode !== "string") {
    found.push("package.json has no engines.vscode");
  }
  const main = path.posix.normalize(path.posix.join("extension", manifest.main ?? ""));
  const client = entries.get(main) ?? entries.get(`${main}.js`);
  if (manifest.main === undefined || client === undefined) {
    found.push(`main (${manifest.main}) is not a file inside the vsix`);
  } else {
    const source = client.toString("utf8");
    if (!source.includes("exports") || !/\bactivate\b/.test(source)) {
      found.push(`${main} does not export activate`);
    }
    if (/require\("vscode-languageclient/.test(source)) {
      found.push(`${main} requires vscode-languageclient at run time instead of bundling it`);
    }
  }
  for (const language of ["markdown", "plaintext"]) {
    if (!(manifest.activationEvents ?? []).includes(`onLanguage:${language}`)) {
      found.push(`no activation event for ${language}`);
    }
  }
  if (!(manifest.contributes?.commands ?? []).some((c) => c.command === "copydesk.restartServer")) {
    found.push("the restart command is not contributed");
  }
  if (!manifest.contributes?.configuration?.properties?.["copydesk.path"]) {
    found.push("the copydesk.path setting is not contributed");
  }
  if (!entries.has("extension.vsixmanifest")) {
    found.push("extension.vsixmanifest is missing");
  }
  if ([...entries.keys()].some((name) => name.startsWith("extension/node_modules/"))) {
    found.push("node_modules was packaged although the client is bundled");
  }
  return found;
}

function main() {
  const file = process.argv[2] ?? path.join(__dirname, "..", "copydesk.vsix");
  const entries = readZip(fs.readFileSync(file));
  const found = problems(entries);
  for (const problem of found) {
    console.error(`${file}: ${problem}`);
  }
  if (found.length > 0) {
    process.exit(1);
  }
  const size = fs.statSync(file).size;
  console.log(`${file}: valid vsix, ${entries.size} files, ${(size / 1024).toFixed(1)} KiB: ${[...entries.keys()].join(", ")}`);
}

module.exports = { readZip, problems };

if (require.main === module) {
  main();
}
