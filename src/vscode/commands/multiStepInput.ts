import * as vscode from 'vscode';

/** One question of a multi-step flow: free text checked as typed, or a pick from a list. */
export type Step =
  | {
      readonly kind: 'text';
      readonly name: string;
      readonly prompt: string;
      readonly value: string;
      readonly placeholder?: string;
      /** Problem with the typed text, or undefined when it is fine. */
      readonly validate: (text: string) => string | undefined;
    }
  | {
      readonly kind: 'pick';
      readonly name: string;
      readonly prompt: string;
      readonly items: readonly vscode.QuickPickItem[];
      /** Label of the item selected first. */
      readonly value?: string;
    };

const BACK = Symbol('back');

/** The quick input on screen, for integration tests that drive the flow through the real API. */
let current: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem> | undefined;
const shown = new vscode.EventEmitter<string>();

/** Fires with the step name each time a step is shown. */
export const onDidShowStep = shown.event;
export function currentQuickInput():
  vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem> | undefined {
  return current;
}

function ask(
  step: Step,
  title: string,
  canGoBack: boolean,
): Promise<string | typeof BACK | undefined> {
  const input =
    step.kind === 'text' ? vscode.window.createInputBox() : vscode.window.createQuickPick();
  input.title = title;
  input.ignoreFocusOut = true;
  input.buttons = canGoBack ? [vscode.QuickInputButtons.Back] : [];
  const disposables: vscode.Disposable[] = [input];
  return new Promise<string | typeof BACK | undefined>(resolve => {
    let done = false;
    const finish = (result: string | typeof BACK | undefined) => {
      done = true;
      resolve(result);
      input.hide();
    };
    disposables.push(
      input.onDidTriggerButton(button => button === vscode.QuickInputButtons.Back && finish(BACK)),
      input.onDidHide(() => !done && finish(undefined)),
    );
    if (step.kind === 'text') {
      const box = input as vscode.InputBox;
      box.prompt = step.prompt;
      box.placeholder = step.placeholder;
      box.value = step.value;
      box.validationMessage = step.value ? step.validate(step.value) : undefined;
      disposables.push(
        box.onDidChangeValue(text => (box.validationMessage = step.validate(text))),
        box.onDidAccept(() => {
          const problem = step.validate(box.value);
          box.validationMessage = problem;
          if (problem === undefined) {
            finish(box.value.trim());
          }
        }),
      );
    } else {
      const pick = input as vscode.QuickPick<vscode.QuickPickItem>;
      pick.placeholder = step.prompt;
      pick.items = step.items;
      const selected = step.items.find(i => i.label === step.value);
      if (selected) {
        pick.activeItems = [selected];
      }
      disposables.push(
        pick.onDidAccept(() => pick.selectedItems[0] && finish(pick.selectedItems[0].label)),
      );
    }
    current = input;
    input.show();
    shown.fire(step.name);
  }).finally(() => {
    current = undefined;
    disposables.forEach(d => d.dispose());
  });
}

/**
 * Asks the steps in order with a step counter and a back button; later steps may depend on earlier
 * answers. Returns the answers by step name, or undefined when the user cancels.
 */
export async function runSteps(
  title: string,
  makeSteps: (answers: Readonly<Record<string, string>>) => readonly Step[],
): Promise<Record<string, string> | undefined> {
  const answers: Record<string, string> = {};
  for (let index = 0; ;) {
    const steps = makeSteps(answers);
    const step = steps[index];
    if (step === undefined) {
      return answers;
    }
    const answer = await ask(step, `${title} (${index + 1}/${steps.length})`, index > 0);
    if (answer === undefined) {
      return undefined;
    }
    if (answer === BACK) {
      index--;
      continue;
    }
    answers[step.name] = answer;
    index++;
  }
}
