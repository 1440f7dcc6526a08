import * as path from 'node:path';
import * as vscode from 'vscode';
import { PAGE_SCRIPT, PAGE_STYLE, buildWebviewHtml, newNonce } from '../../report/html';
import type { PageModel } from '../../report/model';
import { CommandId } from '../commands/commandIds';
import {
  isPageToPanel,
  type PageState,
  type PageToPanel,
  type PanelToPage,
  type PreviewArgument,
} from '../../report/protocol';

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

/** The one DuckDB preview panel: shows the latest result and sends the page's actions on. */
export class PreviewPanel {
  static readonly viewType = 'sqlPatterns.preview';
  static current: PreviewPanel | undefined;

  private readonly _disposables: vscode.Disposable[] = [];
  /** Whether the page listens; messages sent before would be lost. */
  private ready = false;
  private disposed = false;

  static createOrShow(extensionUri: vscode.Uri): PreviewPanel {
    if (PreviewPanel.current) {
      PreviewPanel.current.panel.reveal(undefined, true);
      return PreviewPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      PreviewPanel.viewType,
      'SQL Patterns Preview',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...webviewOptions(extensionUri), enableFindWidget: true },
    );
    PreviewPanel.current = new PreviewPanel(panel, extensionUri);
    return PreviewPanel.current;
  }

  /** Restores a panel after a reload; the page shows the result it saved with setState. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state?: PageState): void {
    PreviewPanel.current?.dispose();
    panel.webview.options = webviewOptions(extensionUri);
    PreviewPanel.current = new PreviewPanel(panel, extensionUri, state?.model);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private model?: PageModel,
  ) {
    const media = (file: string) =>
      panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', file)).toString();
    panel.webview.html = buildWebviewHtml({
      cspSource: panel.webview.cspSource,
      nonce: newNonce(),
      scriptUri: media(PAGE_SCRIPT),
      styleUri: media(PAGE_STYLE),
    });
    if (model) {
      this.setTitle(model);
    }
    panel.onDidDispose(() => this.dispose(), null, this._disposables);
    panel.webview.onDidReceiveMessage(m => this.onMessage(m), null, this._disposables);
  }

  /** The result the panel shows (what "open SQL" and "re-run" act on). */
  get shown(): PageModel | undefined {
    return this.model;
  }

  show(model: PageModel): void {
    this.model = model;
    this.setTitle(model);
    this.post({ type: 'show', model });
  }

  status(state: 'running' | 'idle' | 'error', message?: string): void {
    this.post({ type: 'status', state, message });
  }

  private setTitle(model: PageModel): void {
    const source = model.request.source;
    this.panel.title = `${model.tab}: ${source.kind === 'sample' ? 'sample' : path.basename(source.path)}`;
  }

  private post(message: PanelToPage): void {
    if (this.ready) {
      void this.panel.webview.postMessage(message);
    }
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isPageToPanel(message)) {
      return;
    }
    await this.handle(message);
  }

  private async handle(message: PageToPanel): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.model) {
          this.post({ type: 'show', model: this.model });
        }
        return;
      case 'openSql':
        if (this.model) {
          const document = await vscode.workspace.openTextDocument({
            language: 'sql',
            content: this.model.sql,
          });
          await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
        }
        return;
      case 'rerun':
        if (this.model?.rerun) {
          const { pattern, source, values } = this.model.request;
          const argument: PreviewArgument = {
            pattern,
            source,
            values: { ...values, [this.model.rerun.input]: String(message.minutes) },
          };
          await vscode.commands.executeCommand(CommandId.Preview, argument);
        }
        return;
      case 'copySql':
        if (this.model) {
          await vscode.env.clipboard.writeText(this.model.copySql);
          this.status('idle', 'Copied the SQL.');
        }
        return;
      case 'exportPart':
        await vscode.commands.executeCommand(CommandId.ExportPreviewPart, message.part);
        return;
      case 'saveDatabase':
        await vscode.commands.executeCommand(CommandId.SavePreviewDatabase);
        return;
      case 'copyCsv':
        await vscode.env.clipboard.writeText(message.csv);
        this.status('idle', `Copied ${message.what} as CSV.`);
        return;
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (PreviewPanel.current === this) {
      PreviewPanel.current = undefined;
    }
    this.panel.dispose();
    for (const d of this._disposables.splice(0)) {
      d.dispose();
    }
  }
}
