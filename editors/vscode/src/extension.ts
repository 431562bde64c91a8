/**
 * The VS Code front end: starts `copydesk --stdio` for Markdown and plain text, forwards the
 * `copydesk.*` settings, and shows the server's state in the status bar.
 */
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

import { findExecutable } from "./executable";
import { serverKeys, serverSettings } from "./settings";

const INSTALL_HINT =
  "Install it with `cargo install --locked --path .` in a copydesk checkout " +
  "(it lands in ~/.cargo/bin), or set `copydesk.path` to the binary.";

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let keys: string[];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  keys = serverKeys(context.extension.packageJSON.contributes.configuration.properties);
  output = vscode.window.createOutputChannel("copydesk");
  status = vscode.window.createStatusBarItem("copydesk.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "copydesk";
  status.command = "copydesk.restartServer";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("copydesk.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

function currentSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("copydesk");
  return serverSettings(keys, (key) => config.inspect(key));
}

async function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (event.affectsConfiguration("copydesk.path")) {
    await restart();
  } else if (event.affectsConfiguration("copydesk") && client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { copydesk: currentSettings() },
    });
  }
}

async function start(): Promise<void> {
  const configured = vscode.workspace.getConfiguration("copydesk").get<string>("path") || "copydesk";
  const command = findExecutable(configured);
  if (command === undefined) {
    showStatus("$(error) copydesk", `\`${configured}\` not found. ${INSTALL_HINT}`);
    const choice = await vscode.window.showErrorMessage(
      `copydesk: cannot find the \`${configured}\` executable. ${INSTALL_HINT}`,
      "Open Settings",
    );
    if (choice !== undefined) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "copydesk.path");
    }
    return;
  }
  const serverOptions: ServerOptions = { command, args: ["--stdio"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "markdown", scheme: "file" },
      { language: "markdown", scheme: "untitled" },
      { language: "plaintext", scheme: "file" },
      { language: "plaintext", scheme: "untitled" },
    ],
    initializationOptions: currentSettings(),
    outputChannel: output,
    middleware: {
      workspace: {
        // Answer a pull for the "copydesk" section with the same settings the push sends,
        // rather than every contributed setting with its default.
        configuration: (params, token, next) =>
          params.items.some((item) => item.section === "copydesk")
            ? params.items.map((item) => (item.section === "copydesk" ? currentSettings() : null))
            : next(params, token),
      },
    },
  };
  client = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  showStatus("$(sync~spin) copydesk", "copydesk is starting.");
  client.onDidChangeState(({ newState }) => {
    if (newState === State.Running) {
      showStatus("$(check) copydesk", `copydesk is checking Markdown and text (${command}). Click to restart.`);
    } else if (newState === State.Starting) {
      showStatus("$(sync~spin) copydesk", "copydesk is starting.");
    } else {
      showStatus("$(error) copydesk", "copydesk has stopped. Click to restart; the output panel says why.");
    }
  });
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`copydesk failed to start: ${String(error)}`);
    showStatus("$(error) copydesk", "copydesk failed to start. Click to restart; the output panel says why.");
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  try {
    await running?.dispose();
  } catch (error) {
    output.appendLine(`copydesk did not stop cleanly: ${String(error)}`);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

function showStatus(text: string, tooltip: string): void {
  status.text = text;
  status.tooltip = tooltip;
  status.show();
}
