import type { ConfirmSettings } from '../engine/workflow-settings.js';
import type { TerminalAnswers } from './terminal-answers.js';

/** The workflow choices `init` offers: patient texts that are off unless the clinic turns them on. */
export interface WorkflowChoices {
  /** `workflow.confirm.ask`: the registration text asks YES to confirm or NO if the patient cannot come. */
  confirm: boolean;
  /** `workflow.confirm.onNo`: what a NO does. */
  onNo: ConfirmSettings['onNo'];
  /** `workflow.runningLate.texts`: waiting patients are texted when their practitioner runs late. */
  runningLateTexts: boolean;
}

/** The flags, as commander gives them: undefined when neither `--x` nor `--no-x` was given. */
export interface WorkflowChoiceFlags {
  confirm?: boolean;
  onNo?: string;
  runningLate?: boolean;
}

/** Off, so a new clinic starts the way existing ones run. */
export const DEFAULT_CHOICES: Readonly<WorkflowChoices> = Object.freeze({ confirm: false, onNo: 'reception', runningLateTexts: false });

const ON_NO: readonly ConfirmSettings['onNo'][] = ['reception', 'cancel'];

/** Why `--on-no` is not usable, or undefined when it is. */
export function onNoProblem(value: string): string | undefined {
  return (ON_NO as readonly string[]).includes(value) ? undefined : `must be reception or cancel (got "${value}")`;
}

const QUESTIONS = {
  confirm: 'ask patients to confirm or cancel by reply a day ahead (YES / NO in the registration text)',
  onNo: 'a NO: reception gets an inbox item with a one-click cancel (reception), or the host cancels it in the PMS (cancel)',
  runningLate: 'text waiting patients when their practitioner runs late',
} as const;

/**
 * The choices from the flags; on a terminal, the ones not given are asked (the default on an
 * empty answer or when the input ends: these are optional, unlike the clinic's settings).
 */
export async function workflowChoices(flags: WorkflowChoiceFlags, terminal?: TerminalAnswers): Promise<WorkflowChoices> {
  const onNo = flags.onNo as ConfirmSettings['onNo'] | undefined;
  const confirm = flags.confirm ?? (terminal ? await yesOrNo(terminal, QUESTIONS.confirm, DEFAULT_CHOICES.confirm) : DEFAULT_CHOICES.confirm);
  return {
    confirm,
    onNo: onNo ?? (terminal && confirm ? await oneOf(terminal, QUESTIONS.onNo, ON_NO, DEFAULT_CHOICES.onNo) : DEFAULT_CHOICES.onNo),
    runningLateTexts:
      flags.runningLate ?? (terminal ? await yesOrNo(terminal, QUESTIONS.runningLate, DEFAULT_CHOICES.runningLateTexts) : DEFAULT_CHOICES.runningLateTexts),
  };
}

async function yesOrNo(terminal: TerminalAnswers, question: string, fallback: boolean): Promise<boolean> {
  for (;;) {
    const line = await terminal.answer(`${question}? (yes/no) [${fallback ? 'yes' : 'no'}]: `);
    const word = line?.trim().toLowerCase() ?? '';
    if (word === '') return fallback;
    if (word === 'y' || word === 'yes') return true;
    if (word === 'n' || word === 'no') return false;
    process.stdout.write('  answer yes or no\n');
  }
}

async function oneOf<T extends string>(terminal: TerminalAnswers, question: string, values: readonly T[], fallback: T): Promise<T> {
  for (;;) {
    const line = await terminal.answer(`${question} [${fallback}]: `);
    const word = line?.trim().toLowerCase() ?? '';
    if (word === '') return fallback;
    const value = values.find((candidate) => candidate === word);
    if (value) return value;
    process.stdout.write(`  answer ${values.join(' or ')}\n`);
  }
}
