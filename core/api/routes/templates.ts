import { CODES } from '@clinic-arrivals/plugin-kit';
import type { FastifyReply } from 'fastify';
import { smsCostOf } from '../../templates/message-length.js';
import type { HostControl, TemplateView } from '../host-api.js';
import { notFound } from '../http-errors.js';
import { MAX_TEXT_LENGTH, templateNameParams } from '../schemas.js';
import { list } from '../views.js';
import { recordActivity } from '../activity-recorder.js';
import type { RouteModule } from './route-module.js';

const templateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: { text: { type: 'string', minLength: 1, maxLength: MAX_TEXT_LENGTH } },
} as const;

const previewBody = {
  type: 'object',
  additionalProperties: false,
  properties: { text: { type: 'string', minLength: 1, maxLength: MAX_TEXT_LENGTH } },
} as const;

/** What a text costs as SMS (of the text rendered for the sample appointment). */
const smsCostProperties = {
  encoding: { type: 'string', enum: ['GSM-7', 'UCS-2'] },
  characters: { type: 'integer', minimum: 0 },
  segments: { type: 'integer', minimum: 0 },
} as const;

const smsCost = { type: 'object', required: ['encoding', 'characters', 'segments'], properties: smsCostProperties } as const;

/** A template's text in one language, with its cost for the sample and in the worst case. */
const languageText = {
  type: 'object',
  required: ['language', 'text', 'source', 'default', 'encoding', 'characters', 'segments', 'worstCase'],
  properties: {
    language: { type: 'string', description: 'BCP 47' },
    text: { type: 'string' },
    source: { type: 'string', enum: ['default', 'config', 'edited'] },
    default: { type: 'string', description: "the shipped text in this language ('' when none ships)" },
    ...smsCostProperties,
    worstCase: { ...smsCost, description: 'rendered with the longest plausible names, dates and links' },
  },
} as const;

const templateView = {
  type: 'object',
  required: ['name', 'text', 'source', 'variables', 'default', 'encoding', 'characters', 'segments'],
  properties: {
    name: { type: 'string' },
    text: { type: 'string' },
    source: { type: 'string', enum: ['default', 'config', 'edited'] },
    variables: { type: 'array', items: { type: 'string' } },
    default: { type: 'string' },
    ...smsCostProperties,
    language: { type: 'string', description: "the language of `text`: the clinic's default" },
    worstCase: { ...smsCost, description: 'rendered with the longest plausible names, dates and links' },
    languages: { type: 'array', items: languageText, description: 'the template in every offered language that has a text for it, the default first' },
    missingLanguages: {
      type: 'array',
      items: { type: 'string' },
      description: "offered languages without a text for this template (their patients get the default language's)",
    },
  },
} as const;

/** `?language=vi` edits or previews that language's text; without it, the default language's. */
const languageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { language: { type: 'string', pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', maxLength: 35 } },
} as const;

type LanguageQuery = { Querystring: { language?: string } };

const previewView = {
  type: 'object',
  required: ['text', 'encoding', 'characters', 'segments'],
  properties: { text: { type: 'string' }, ...smsCostProperties },
} as const;

/** A rejected text: the message, and each problem placed at its line for the editor. */
const templateProblems = {
  type: 'object',
  required: ['error', 'code', 'problems'],
  properties: {
    error: { type: 'string' },
    code: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['problem'],
        properties: { problem: { type: 'string' }, fix: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' } },
      },
    },
  },
} as const;

type NameParams = { Params: { name: string } };

interface ProblemView {
  problem: string;
  fix?: string;
  line?: number;
  column?: number;
}

/** Structured problems of a TemplateError (recognised by its code, like the error handler does). */
function problemsOf(error: unknown): ProblemView[] | undefined {
  const candidate = error as { code?: unknown; message?: unknown; details?: unknown } | null;
  if (candidate?.code !== CODES.TEMPLATE) return undefined;
  const details = Array.isArray(candidate.details) ? (candidate.details as Array<Record<string, unknown>>) : [];
  const problems = details
    .filter((d) => typeof d.problem === 'string')
    .map((d) => {
      const view: ProblemView = { problem: d.problem as string };
      if (typeof d.fix === 'string') view.fix = d.fix;
      if (typeof d.line === 'number') view.line = d.line;
      if (typeof d.column === 'number') view.column = d.column;
      return view;
    });
  return problems.length > 0 ? problems : [{ problem: String(candidate.message) }];
}

/** Runs `action`; a rejected template becomes a 422 with `problems` the editor can place at their lines. */
async function orTemplateProblems<T>(reply: FastifyReply, action: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await action();
  } catch (error) {
    const problems = problemsOf(error);
    if (!problems) throw error;
    return reply.code(422).send({ error: (error as Error).message, code: CODES.TEMPLATE, problems });
  }
}

/** Unknown names are a 404 here rather than whatever the template service makes of them. */
async function requireTemplate(control: HostControl, name: string): Promise<TemplateView> {
  const found = (await control.listTemplates()).find((template) => template.name === name);
  if (!found) throw notFound(`no template named "${name}"`);
  return found;
}

/** `{ language }` for the activity log when the edit was of one language. */
function languageOf(query: { language?: string }): { language?: string } {
  return query.language ? { language: query.language } : {};
}

/** Message templates: list, edit, restore the default, preview; each with its SMS cost. */
export const templateRoutes: RouteModule = (app, control) => {
  app.get(
    '/api/templates',
    {
      schema: {
        summary: 'message templates, with variables, default text and SMS cost',
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: templateView } } } },
      },
    },
    async () => list(await control.listTemplates()),
  );

  app.put<NameParams & LanguageQuery & { Body: { text: string } }>(
    '/api/templates/:name',
    {
      schema: {
        summary: 'replace a template ({ text }), in ?language= or the default language',
        params: templateNameParams,
        querystring: languageQuery,
        body: templateBody,
        response: { 200: templateView, 422: templateProblems },
      },
    },
    async (request, reply) => {
      await requireTemplate(control, request.params.name);
      const updated = await orTemplateProblems(reply, () => control.updateTemplate(request.params.name, request.body.text, request.query.language));
      if (reply.statusCode < 400) await recordActivity(request, 'template-change', { template: request.params.name, ...languageOf(request.query) });
      return updated;
    },
  );

  app.delete<NameParams & LanguageQuery>(
    '/api/templates/:name',
    {
      schema: {
        summary: 'restore the default text (of ?language=, or the default language)',
        params: templateNameParams,
        querystring: languageQuery,
        response: { 200: templateView, 422: templateProblems },
      },
    },
    async (request, reply) => {
      await requireTemplate(control, request.params.name);
      const restored = await orTemplateProblems(reply, () => control.updateTemplate(request.params.name, null, request.query.language));
      if (reply.statusCode < 400) await recordActivity(request, 'template-reset', { template: request.params.name, ...languageOf(request.query) });
      return restored;
    },
  );

  app.post<NameParams & LanguageQuery & { Body: { text?: string } }>(
    '/api/templates/:name/preview',
    {
      schema: {
        summary: 'render with a sample appointment ({ text? }), in ?language= or the default language, with its SMS cost',
        params: templateNameParams,
        querystring: languageQuery,
        body: previewBody,
        response: { 200: previewView, 422: templateProblems },
      },
      // The body is optional here: no body means "preview the current text".
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      await requireTemplate(control, request.params.name);
      return orTemplateProblems(reply, async () => {
        const text = await control.previewTemplate(request.params.name, request.body.text, request.query.language);
        return { text, ...smsCostOf(text) };
      });
    },
  );
};
