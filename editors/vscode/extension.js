// The VS Code side of kpic's editor support: starts `kpic lsp` (the binary is the `kpic.path` setting)
// and connects it to .kpi files. Everything else (diagnostics, hover, completion, definition, rename,
// outline, formatting, semantic tokens, quick fixes, run lenses) comes from the server; colours come
// from the TextMate grammar in syntaxes/.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function start() {
  const config = vscode.workspace.getConfiguration('kpic');
  const command = config.get('path') || 'kpic';
  const args = ['lsp', '--debounce-ms', String(config.get('debounceMs', 15))];
  const serverOptions = { run: { command, args, transport: TransportKind.stdio },
                          debug: { command, args, transport: TransportKind.stdio } };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'kpi' }, { scheme: 'untitled', language: 'kpi' }],
    outputChannelName: 'kpic',
    // .kpi files changed on disk (imports that are not open) re-check the open files that import them.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.kpi') },
  };
  client = new LanguageClient('kpic', 'kpic', serverOptions, clientOptions);
  return client.start().catch((err) => {
    vscode.window.showErrorMessage(
      `kpic: cannot start the language server (\`${command} lsp\`): ${err.message}. Set "kpic.path" to the kpic binary.`);
  });
}

async function restart() {
  if (client) await client.stop().catch(() => {});
  await start();
}

function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand('kpic.restartServer', restart));
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('kpic.path') || e.affectsConfiguration('kpic.debounceMs')) restart();
  }));
  return start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
