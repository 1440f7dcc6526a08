import * as vscode from 'vscode';
import type { RenderToolInput } from './renderTool';

/** Registers the Copilot tool; its module (and with it the core) loads on the first call. */
export function registerTools(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.lm.registerTool<RenderToolInput>('sqlpatterns_renderPattern', {
      invoke: async options => (await import('./renderTool')).renderPatternTool.invoke(options),
      prepareInvocation: options => ({
        invocationMessage: `Rendering ${options.input.pattern} SQL${options.input.dialect ? ` for ${options.input.dialect}` : ''}`,
      }),
    }),
  );
}
