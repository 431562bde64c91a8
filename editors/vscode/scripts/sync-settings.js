#!/usr/bin/env node
// Regenerates contributes.configuration in package.json from schema/config-schema.json, the
// output of `copydesk --config-schema`, so the settings cannot drift from the server's keys.
//   node scripts/sync-settings.js          rewrite package.json
//   node scripts/sync-settings.js --check  exit 1 if package.json is out of date
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const manifestPath = path.join(root, "package.json");
const schemaPath = path.join(root, "schema", "config-schema.json");

// The client's own settings; the server's editor-only settings (debounceMs) come from the
// schema's $defs.editor.
const CLIENT_SETTINGS = {
  "copydesk.path": {
    type: "string",
    default: "copydesk",
    scope: "machine-overridable",
    markdownDescription:
      "The copydesk executable: a name looked up on `PATH` (and in `~/.cargo/bin`), or a path. " +
      "Install it with `cargo install --locked --path .` in a copydesk checkout.",
  },
  "copydesk.trace.server": {
    type: "string",
    enum: ["off", "messages", "verbose"],
    default: "off",
    scope: "window",
    description: "Log the messages between VS Code and the copydesk server in the copydesk output panel.",
  },
};

// JSON Schema keywords VS Code's settings editor and validator understand; the rest of the
// schema (its $schema and title) describes the file, not a setting.
const KEPT = ["type", "default", "enum", "items", "additionalProperties", "propertyNames", "properties", "minimum", "maximum"];

/** contributes.configuration for the given `copydesk --config-schema` output. */
function configuration(schema) {
  const properties = { ...CLIENT_SETTINGS };
  const editorOnly = (schema.$defs && schema.$defs.editor && schema.$defs.editor.properties) || {};
  for (const [key, property] of Object.entries(editorOnly)) {
    properties[`copydesk.${key}`] = setting(property, property.description);
  }
  for (const [key, property] of Object.entries(schema.properties)) {
    properties[`copydesk.${key}`] = setting(
      property,
      `${property.description} Same as \`${key}\` in \`.copydesk.toml\`.`,
    );
  }
  return { title: "copydesk", properties };
}

function setting(property, markdownDescription) {
  const setting = {};
  for (const keyword of KEPT) {
    if (keyword in property) {
      setting[keyword] = property[keyword];
    }
  }
  setting.scope = "window";
  setting.markdownDescription = markdownDescription;
  return setting;
}

function main() {
  const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
  const text = fs.readFileSync(manifestPath, "utf8");
  const manifest = JSON.parse(text);
  manifest.contributes.configuration = configuration(schema);
  const updated = JSON.stringify(manifest, null, 2) + "\n";
  if (process.argv.includes("--check")) {
    if (updated !== text) {
      console.error("package.json contributes.configuration is out of date with schema/config-schema.json: run `npm run sync-settings`.");
      process.exit(1);
    }
    console.log("package.json settings match schema/config-schema.json");
  } else if (updated !== text) {
    fs.writeFileSync(manifestPath, updated);
    console.log("package.json settings regenerated from schema/config-schema.json");
  }
}

module.exports = { configuration };

if (require.main === module) {
  main();
}
