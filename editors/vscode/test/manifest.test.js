"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { configuration } = require("../scripts/sync-settings.js");
const schema = require("../schema/config-schema.json");
const manifest = require("../package.json");

test("package.json settings are exactly those generated from `copydesk --config-schema`", () => {
  assert.deepEqual(manifest.contributes.configuration, configuration(schema));
});

test("every config key has a setting with its description and enums", () => {
  const properties = manifest.contributes.configuration.properties;
  for (const [key, property] of Object.entries(schema.properties)) {
    const setting = properties[`copydesk.${key}`];
    assert.ok(setting, `no setting for ${key}`);
    assert.ok(setting.markdownDescription.startsWith(property.description));
  }
  const levels = properties["copydesk.rules"].additionalProperties.enum;
  assert.deepEqual(levels, ["off", "hint", "info", "warning", "error"]);
  assert.ok(properties["copydesk.rules"].propertyNames.enum.includes("phrasing/doubled-word"));
});

test("the extension activates on Markdown and plain text and offers the restart command", () => {
  assert.deepEqual(manifest.activationEvents.sort(), ["onLanguage:markdown", "onLanguage:plaintext"]);
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command), ["copydesk.restartServer"]);
  assert.deepEqual(manifest.dependencies ?? {}, {}, "the client is bundled: runtime dependencies would ship node_modules");
});
