import type { Liquid, Template } from 'liquidjs';
import { DateTime } from 'luxon';
import type { TemplateView } from './template-view.js';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import { TEMPLATE_NAMES, type TemplateName } from '../engine/decisions.js';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import { closestMatch } from '../spelling/suggest.js';
import { DEFAULT_TEMPLATES, LAST_MESSAGE_NOTICE } from './defaults.js';
import { createTemplateEngine, describeLiquidError, fileTagIn, globalVariablePaths, liquidProblem } from './liquid-engine.js';
import { MAX_MESSAGE_LENGTH, MessageTooLongError, grouped, overLimit, segmentsOf, smsCostOf, type SmsCost } from './message-length.js';
import { replyWordProblems, replyWordsIn } from './reply-words.js';
import { TemplateError, type TemplateProblem } from './template-error.js';
import { buildScope, requiredVariablesFor, STEP_VARIABLE_NAMES, variablesFor, type RenderContext, type StepVariable } from './variables.js';
import { worstCaseContext } from './worst-case.js';
import { withFormattedTimes } from './format-times.js';

/** Longer than any sensible SMS (ten segments); longer text is a mistake, not a message. */
const MAX_TEMPLATE_LENGTH = 1600;

/**
 * Limits for the check render (worst-case sample): far above what an SMS template needs, far
 * below what would stall the host. Sends use the engine's own, looser limits.
 */
const CHECK_RENDER_LIMITS = { renderLimit: 250, memoryLimit: 100_000 };

/** What the step variables are, for "must contain" problems. */
const STEP_VARIABLE_MEANING: Record<string, string> = {
  url: 'the video link the patient taps',
  room: 'where to go',
  system: 'what is failing',
  code: 'the join code the patient enters',
  guestName: 'who the guest is',
};

const APPOINTMENT_ROOTS = ['Patient', 'Practitioner', 'Appointment'];

export interface TemplateServiceOptions {
  clinic: ClinicInfo;
  /** Overrides from the config file (`templates:`), by template name. */
  configured?: Record<string, string>;
  /** Overrides edited at run time (from the store), by template name. They win over config. */
  edited?: Record<string, string>;
  /**
   * The words the engine understands (lower case). When given, a template that asks
   * patients to reply anything else is rejected.
   */
  acceptedWords?: ReadonlySet<string>;
  /** The language the texts are in (BCP 47): how the reply words they ask for are read. @default English */
  language?: string;
  /**
   * The injected clock: dates the preview's sample appointment (tomorrow, 9:30) and
   * `"now" | date`. Without it, checks use a fixed sample date and `now` is the system time.
   */
  clock?: Clock;
  /**
   * Longest text a template may render to, with the longest plausible names and links and the
   * last-text notice the host may append; also checked on every real render before a send.
   * @default 1600 (Twilio refuses more)
   */
  maxMessageLength?: number;
  /**
   * The texts this service falls back to when neither config nor an edit sets one: the shipped
   * texts of its language. A template missing here (and not configured or edited) is absent in
   * this language ({@link TemplateService.has}), and the caller falls back to another language.
   * @default DEFAULT_TEMPLATES (English, complete)
   */
  defaults?: Readonly<Partial<Record<TemplateName, string>>>;
}

interface Compiled {
  text: string;
  templates: Template[];
  /** Variables read from outside, as dotted paths. */
  paths: string[];
  needsAppointment: boolean;
  stepVariables: StepVariable[];
}

/** True when `name` is one of the host's template names. */
export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

/**
 * The message texts: defaults, overridden by config, overridden by edits. Every text is
 * checked before it is accepted (Liquid syntax, known variables only, reply words the engine
 * understands, a strict render with a sample appointment), so a send never fails on a typo.
 * Rendering is synchronous and parsed templates are cached.
 *
 * Persisting edits is the caller's job (`Store.saveTemplateOverride`); this class only holds them.
 */
export class TemplateService {
  readonly #engine: Liquid;
  readonly #clinic: ClinicInfo;
  readonly #configured = new Map<TemplateName, string>();
  readonly #edited = new Map<TemplateName, string>();
  readonly #acceptedWords?: ReadonlySet<string>;
  readonly #language?: string;
  readonly #clock?: Clock;
  readonly #compiled = new Map<TemplateName, Compiled>();
  readonly #maxLength: number;
  readonly #defaults: Readonly<Partial<Record<TemplateName, string>>>;
  #worstCase?: RenderContext;

  /**
   * Every problem with the configured and edited templates of `options`, structured (with
   * `origin`), or an empty list. The one check behind start-up, `check-config` and the API.
   */
  static problemsIn(options: TemplateServiceOptions): TemplateProblem[] {
    try {
      new TemplateService(options);
      return [];
    } catch (error) {
      if (error instanceof TemplateError) return error.details;
      throw error;
    }
  }

  /** @throws TemplateError listing every bad configured or edited template by name. */
  constructor(options: TemplateServiceOptions) {
    this.#clinic = options.clinic;
    this.#clock = options.clock;
    this.#maxLength = options.maxMessageLength ?? MAX_MESSAGE_LENGTH;
    this.#defaults = options.defaults ?? DEFAULT_TEMPLATES;
    this.#engine = createTemplateEngine({
      timeZone: options.clinic.timeZone,
      locale: options.clinic.locale,
      now: () => options.clock?.now() ?? Date.now(),
    });
    this.#language = options.language;
    this.#acceptedWords = options.acceptedWords ? new Set([...options.acceptedWords].map((word) => word.trim().toLowerCase())) : undefined;
    const problems: TemplateProblem[] = [];
    const take = (from: Record<string, string> | undefined, into: Map<TemplateName, string>, origin: TemplateProblem['origin']) => {
      for (const [name, text] of Object.entries(from ?? {})) {
        const found = this.#problemsOf(name, text).map((p) => ({ ...p, origin }));
        problems.push(...found);
        if (found.length === 0 && isTemplateName(name)) into.set(name, text);
      }
    };
    take(options.configured, this.#configured, 'config');
    take(options.edited, this.#edited, 'edited');
    // Defaults are tested with the default keywords; here only whether this engine agrees.
    for (const name of TEMPLATE_NAMES) {
      const shipped = this.#defaults[name];
      if (shipped !== undefined && !this.#configured.has(name) && !this.#edited.has(name)) {
        const found = replyWordProblems(name, shipped, this.#acceptedWords, this.#language);
        problems.push(...found.map((problem) => ({ template: name, problem, origin: 'default' as const })));
      }
    }
    if (problems.length > 0) {
      const names = new Set(problems.map((p) => p.template));
      throw new TemplateError(problems, { template: names.size === 1 ? [...names][0] : undefined });
    }
  }

  /** @throws TemplateError naming the template when `text` cannot be used for `name`. */
  validate(name: string, text: string): void {
    const problems = this.#problemsOf(name, text);
    if (problems.length > 0) throw new TemplateError(problems, { template: name });
  }

  /**
   * Sets the edited text of a template (validated first), or with `null` drops the edit so
   * that the configured text or the default applies again.
   */
  set(name: string, text: string | null): TemplateView {
    const known = this.#known(name);
    if (text === null) {
      this.#edited.delete(known);
    } else {
      this.validate(known, text);
      this.#edited.set(known, text);
    }
    this.#compiled.delete(known);
    return this.get(known);
  }

  /** Drops the edit of `name` (the configured or shipped text applies again, if there is one). */
  clear(name: string): void {
    const known = this.#known(name);
    this.#edited.delete(known);
    this.#compiled.delete(known);
  }

  /** The template in effect for `name`. */
  get(name: string): TemplateView {
    const known = this.#known(name);
    const [text, source] = this.#inEffect(known);
    return { name: known, text, source, variables: variablesFor(known), default: this.#defaults[known] ?? '', ...this.#sampleCost(known, text) };
  }

  /** True when this service has a text for `name` (edited, configured or shipped). */
  has(name: TemplateName): boolean {
    return this.#edited.has(name) || this.#configured.has(name) || this.#defaults[name] !== undefined;
  }

  /**
   * The worst-case SMS cost of the text in effect: rendered with the longest plausible names,
   * dates and links (what `check-config` reports per template and language).
   */
  worstCaseCost(name: TemplateName): SmsCost {
    const known = this.#known(name);
    return smsCostOf(this.#renderCompiled(known, this.#compile(known), this.#worstCaseContext(), CHECK_RENDER_LIMITS));
  }

  #inEffect(known: TemplateName): [string, TemplateView['source']] {
    const edited = this.#edited.get(known);
    const configured = this.#configured.get(known);
    if (edited !== undefined) return [edited, 'edited'];
    if (configured !== undefined) return [configured, 'config'];
    const shipped = this.#defaults[known];
    if (shipped === undefined) throw TemplateError.about(known, 'has no text in this language');
    return [shipped, 'default'];
  }

  /** Every template in effect, in the host's order. */
  list(): TemplateView[] {
    return TEMPLATE_NAMES.map((name) => this.get(name));
  }

  /**
   * Renders the template in effect, for sending. `url` and `room` are required when the
   * template uses them, as is the appointment for templates about one. A text that would be
   * longer than an SMS can be (counting the last-text notice the sender may append) is refused
   * here, so it never reaches the provider.
   *
   * @throws TemplateError naming the template (and never the patient's details).
   * @throws MessageTooLongError (CA_ERR_MESSAGE_TOO_LONG) naming the template and the length, never the text.
   */
  render(name: TemplateName, ctx: RenderContext): string {
    const known = this.#known(name);
    const text = this.#renderCompiled(known, this.#compile(known), ctx);
    const over = overLimit(text, { limit: this.#maxLength, reserve: LAST_MESSAGE_NOTICE });
    if (over) throw new MessageTooLongError(known, over, this.#maxLength, LAST_MESSAGE_NOTICE.length);
    return text;
  }

  /** Renders `text` (or the template in effect) with a sample appointment; validates `text` first. */
  preview(name: string, text?: string): string {
    const known = this.#known(name);
    if (text === undefined) return this.render(known, this.#sampleContext(this.#clock?.now(), known));
    this.validate(known, text);
    return this.#renderCompiled(known, this.#parse(known, text), this.#sampleContext(this.#clock?.now(), known));
  }

  /** The words `text` asks the patient to reply (see core/templates/reply-words.ts). */
  replyWordsIn(text: string): string[] {
    return replyWordsIn(text);
  }

  /** What `text` costs rendered for the sample appointment; the raw text's cost if it cannot render. */
  #sampleCost(name: TemplateName, text: string): SmsCost {
    try {
      // The text in effect, so the compiled (cached) template serves.
      return smsCostOf(this.#renderCompiled(name, this.#compile(name), this.#sampleContext(this.#clock?.now(), name)));
    } catch {
      return smsCostOf(text);
    }
  }

  #known(name: string): TemplateName {
    if (!isTemplateName(name)) throw new TemplateError([unknownTemplate(name)], { template: name });
    return name;
  }

  #compile(name: TemplateName): Compiled {
    const cached = this.#compiled.get(name);
    if (cached) return cached;
    const compiled = this.#parse(name, this.#inEffect(name)[0]);
    this.#compiled.set(name, compiled);
    return compiled;
  }

  #parse(name: TemplateName, text: string): Compiled {
    let templates: Template[];
    try {
      templates = this.#engine.parse(text);
    } catch (error) {
      const found = liquidProblem(error, this.#filterNames());
      throw new TemplateError([{ template: name, ...found, problem: `syntax error: ${found.problem}` }], { template: name, cause: error });
    }
    const paths = globalVariablePaths(this.#engine, templates);
    return {
      text,
      templates,
      paths,
      needsAppointment: paths.some((path) => APPOINTMENT_ROOTS.includes(path.split(/[.[]/)[0] ?? '')),
      stepVariables: STEP_VARIABLE_NAMES.filter((step) => paths.includes(step)),
    };
  }

  #renderCompiled(name: TemplateName, compiled: Compiled, given: RenderContext, limits?: typeof CHECK_RENDER_LIMITS): string {
    let ctx: RenderContext;
    try {
      // Instants become words in this text's locale (a Spanish text says "vie 5 dic").
      ctx = withFormattedTimes(given, this.#clinic.timeZone, this.#clinic.locale);
    } catch (error) {
      throw TemplateError.about(name, describeLiquidError(error), error);
    }
    if (compiled.needsAppointment && !ctx.appointment) {
      throw TemplateError.about(name, 'uses appointment details but was rendered without an appointment');
    }
    for (const step of compiled.stepVariables) {
      const value = ctx[step];
      if (typeof value !== 'string' || value.trim() === '') {
        throw TemplateError.about(name, `needs {{ ${step} }} but the step did not provide it`);
      }
    }
    let scope: Record<string, unknown>;
    try {
      scope = buildScope(this.#clinic, ctx);
    } catch (error) {
      throw TemplateError.about(name, describeLiquidError(error), error);
    }
    try {
      return tidy(String(this.#engine.renderSync(compiled.templates, scope, limits)));
    } catch (error) {
      const found = liquidProblem(error, this.#filterNames());
      throw new TemplateError([{ template: name, ...found, problem: `cannot be rendered: ${found.problem}` }], { template: name, cause: error });
    }
  }

  #filterNames(): string[] {
    return Object.keys(this.#engine.filters);
  }

  /** Every problem with `text` as template `name`. */
  #problemsOf(name: string, text: string): TemplateProblem[] {
    if (!isTemplateName(name)) return [unknownTemplate(name)];
    const problem = (what: string, fix?: string, at?: { line?: number; column?: number }): TemplateProblem => ({
      template: name,
      problem: what,
      ...(fix ? { fix } : {}),
      ...at,
    });
    if (typeof text !== 'string' || text.trim() === '') {
      return [problem('is empty', 'write the message text, or remove the override to use the default text')];
    }
    if (text.length > MAX_TEMPLATE_LENGTH) {
      return [problem(`is ${grouped(text.length)} characters long, more than the ${grouped(MAX_TEMPLATE_LENGTH)} an SMS can carry`, 'shorten it')];
    }
    const fileTag = fileTagIn(text);
    if (fileTag) {
      return [
        problem(
          `uses {% ${fileTag} %}, which is not available in message templates`,
          'write the text into the template itself',
          positionOf(text, text.search(/\{%-?\s*(include|render|layout|block)\b/)),
        ),
      ];
    }
    let compiled: Compiled;
    try {
      compiled = this.#parse(name, text);
    } catch (error) {
      return error instanceof TemplateError ? error.details : [problem(describeLiquidError(error))];
    }
    const problems: TemplateProblem[] = [];
    const allowed = variablesFor(name);
    for (const path of compiled.paths.filter((p) => !allowed.includes(p))) {
      const closest = closestMatch(path, allowed);
      problems.push(
        problem(
          `unknown variable ${path}`,
          `${closest ? `did you mean ${closest}? ` : ''}This template may use: ${allowed.join(', ')}`,
          positionOf(text, text.indexOf(path.split('[')[0]!)),
        ),
      );
    }
    for (const required of requiredVariablesFor(name)) {
      if (!compiled.stepVariables.includes(required as StepVariable)) {
        const meaning = STEP_VARIABLE_MEANING[required];
        problems.push(problem(`must contain {{ ${required} }}${meaning ? ` (${meaning})` : ''}`, `add {{ ${required} }} where it should appear`));
      }
    }
    problems.push(...replyWordProblems(name, text, this.#acceptedWords, this.#language).map((p) => problem(p)));
    if (problems.length > 0) return problems;
    // Static checks cannot see everything (a filter failing on a value, the cost of a loop):
    // render for real, with the longest plausible values.
    let rendered: string;
    try {
      rendered = this.#renderCompiled(name, compiled, this.#worstCaseContext(), CHECK_RENDER_LIMITS);
    } catch (error) {
      return error instanceof TemplateError ? error.details : [problem(describeLiquidError(error))];
    }
    const over = overLimit(rendered, { limit: this.#maxLength, reserve: LAST_MESSAGE_NOTICE });
    if (over) {
      return [
        problem(
          `renders to up to ${grouped(over.characters)} characters (${segmentsOf(over.sms)}) with the longest plausible names,` +
            ` dates and links, counting the ${LAST_MESSAGE_NOTICE.length}-character notice on a number's last text of the day;` +
            ` an SMS can carry at most ${grouped(this.#maxLength)} (Twilio refuses longer texts)`,
          'shorten the text or its loops',
        ),
      ];
    }
    return [];
  }

  #worstCaseContext(): RenderContext {
    this.#worstCase ??= worstCaseContext(this.#clinic);
    return this.#worstCase;
  }

  /** Sample data for previews: made-up names, never a real patient. */
  #sampleContext(now?: number, name?: TemplateName): RenderContext {
    const zone = this.#clinic.timeZone;
    const day = now === undefined ? DateTime.fromISO('2026-11-23', { zone }) : DateTime.fromMillis(now, { zone }).plus({ days: 1 });
    const start = day.set({ hour: 9, minute: 30, second: 0, millisecond: 0 });
    const appointment: Appointment = {
      id: 'sample-appointment',
      start: start.toISO() ?? '2026-11-23T09:30:00Z',
      end: start.plus({ minutes: 15 }).toISO() ?? undefined,
      status: 'booked',
      patient: { id: 'sample-patient', name: 'Alex Sample', firstName: 'Alex', mobile: '+61491570006' },
      practitioner: { id: 'sample-practitioner', name: 'Dr Jordan Example' },
      isVideo: false,
    };
    return {
      appointment,
      url: 'https://video.example.org/r/3f9c2a7e51',
      room: 'room 7',
      text: 'Yes, that is fine. See you tomorrow.',
      system: 'texting',
      // `code` is an alert's error code, or in JoinCode the patient's six digits.
      code: name === 'JoinCode' ? '482913' : 'CA_ERR_NOT_READY',
      since: 'Mon 23 Nov, 9:12 am',
      minutes: '15',
      guestName: 'Sam Nguyen',
      guestKind: 'interpreter',
      guestNames: 'Sam Nguyen (interpreter)',
      delay: '25',
      // Formatted like real sends: the sample appointment, and the same time two days later.
      times: { estimate: start.plus({ minutes: 25 }).toMillis(), choices: [start.toMillis(), start.plus({ days: 2 }).toMillis()] },
    };
  }
}

/** The problem with a name that is not a template's. */
function unknownTemplate(name: string): TemplateProblem {
  const closest = closestMatch(name, TEMPLATE_NAMES);
  return { template: name, problem: 'unknown template', fix: `${closest ? `did you mean ${closest}? ` : ''}Known templates: ${TEMPLATE_NAMES.join(', ')}` };
}

/** 1-based line and column of `index` in `text` (nothing when not found). */
function positionOf(text: string, index: number): { line?: number; column?: number } {
  if (index < 0) return {};
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** Trims the text and the spaces Liquid tags leave behind, keeping line breaks. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .trim();
}

export { TemplateError } from './template-error.js';
export type { RenderContext } from './variables.js';
