import type { HostControl, TemplateView } from '../host-control.js';
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

type NameParams = { Params: { name: string } };

/** Unknown names are a 404 here rather than whatever the template service makes of them. */
async function requireTemplate(control: HostControl, name: string): Promise<TemplateView> {
  const found = (await control.listTemplates()).find((template) => template.name === name);
  if (!found) throw notFound(`no template named "${name}"`);
  return found;
}

/** Message templates: list, edit, restore the default, preview. */
export const templateRoutes: RouteModule = (app, control) => {
  app.get('/api/templates', { schema: { summary: 'message templates' } }, async () => list(await control.listTemplates()));

  app.put<NameParams & { Body: { text: string } }>(
    '/api/templates/:name',
    { schema: { summary: 'replace a template ({ text })', params: templateNameParams, body: templateBody } },
    async (request) => {
      await requireTemplate(control, request.params.name);
      const updated = await control.updateTemplate(request.params.name, request.body.text);
      await recordActivity(request, 'template-change', { template: request.params.name });
      return updated;
    },
  );

  app.delete<NameParams>(
    '/api/templates/:name',
    { schema: { summary: 'restore the default text', params: templateNameParams } },
    async (request) => {
      await requireTemplate(control, request.params.name);
      const restored = await control.updateTemplate(request.params.name, null);
      await recordActivity(request, 'template-reset', { template: request.params.name });
      return restored;
    },
  );

  app.post<NameParams & { Body: { text?: string } }>(
    '/api/templates/:name/preview',
    {
      schema: { summary: 'render with a sample appointment ({ text? })', params: templateNameParams, body: previewBody },
      // The body is optional here: no body means "preview the current text".
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      await requireTemplate(control, request.params.name);
      return { text: await control.previewTemplate(request.params.name, request.body.text) };
    },
  );
};
