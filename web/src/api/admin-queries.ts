import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';
import { templateProblems, type TemplateProblem } from './template-problems';

export type { TemplateProblem };

/*
 * Hooks of the admin screens (templates, practitioners, users) and the activity list. The
 * host does not publish these answers' shapes in its OpenAPI document yet, so they are typed
 * here by hand from core/api/routes; fields another change is adding are optional.
 */

export type TemplateSource = 'default' | 'config' | 'edited';
export type Encoding = 'GSM-7' | 'UCS-2';

export interface TemplateItem {
  name: string;
  text: string;
  source: TemplateSource;
  variables: string[];
  /** The default text, when the host sends it. */
  default?: string;
  encoding?: Encoding;
  characters?: number;
  segments?: number;
  /** The language of `text` (the clinic's default), from hosts with texts per language. */
  language?: string;
  worstCase?: SmsCost;
  /** The template in every offered language that has a text, the default first. */
  languages?: TemplateLanguage[];
  /** Offered languages without a text for it (their patients get the default language's). */
  missingLanguages?: string[];
}

export interface SmsCost {
  encoding: Encoding;
  characters: number;
  segments: number;
}

/** A template's text in one language. */
export interface TemplateLanguage extends SmsCost {
  language: string;
  text: string;
  source: TemplateSource;
  default: string;
  worstCase: SmsCost;
}

export interface PreviewAnswer {
  text: string;
  encoding?: Encoding;
  characters?: number;
  segments?: number;
}

/** A template text the host refused (422), with its problems placed when it says where. */
export class TemplateRejected extends ApiError {
  constructor(
    message: string,
    readonly problems: TemplateProblem[],
  ) {
    super(422, message);
    this.name = 'TemplateRejected';
  }
}

export interface Practitioner {
  practitionerId: string;
  name?: string;
  room?: string;
  ignore?: boolean;
  noVideo?: boolean;
}

export type PractitionerPatch = { room?: string | null; ignore?: boolean; noVideo?: boolean };

export interface ActivityEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail?: Record<string, string | number | boolean>;
}

export type StaffRole = 'reception' | 'admin';
export interface StaffUser {
  name: string;
  role: StaffRole;
  createdAt: string;
  updatedAt: string;
}

export const adminKeys = {
  templates: ['templates'] as const,
  preview: (name: string, text: string) => ['templates', 'preview', name, text] as const,
  practitioners: ['practitioners'] as const,
  activity: ['activity'] as const,
  users: ['users'] as const,
};

function sentenceOf(body: unknown, status: number): string {
  const error = (body as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? error : `the host answered ${status}`;
}

/** The answer's data, or an ApiError (a TemplateRejected for a 422) carrying the host's words. */
async function answer<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const result = await call;
  if (!result.response.ok) {
    const message = sentenceOf(result.error, result.response.status);
    if (result.response.status === 422) throw new TemplateRejected(message, templateProblems(result.error));
    throw new ApiError(result.response.status, message);
  }
  return result.data as T;
}

/* Templates */

export function useTemplates() {
  return useQuery({
    queryKey: adminKeys.templates,
    queryFn: async () => (await answer<{ items: TemplateItem[] }>(api.GET('/api/templates'))).items,
  });
}

/** The draft rendered on the host's sample appointment; keeps the last good answer while the next one comes. */
export function useTemplatePreview(name: string | undefined, text: string, language?: string) {
  return useQuery({
    queryKey: [...adminKeys.preview(name ?? '', text), language ?? ''],
    queryFn: () =>
      answer<PreviewAnswer>(
        api.POST('/api/templates/{name}/preview', { params: { path: { name: name! }, query: language ? { language } : {} }, body: { text } }),
      ),
    enabled: Boolean(name) && text.trim().length > 0,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
}

export function useSaveTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: { name: string; text: string; language?: string }) =>
      answer<TemplateItem>(
        api.PUT('/api/templates/{name}', {
          params: { path: { name: change.name }, query: change.language ? { language: change.language } : {} },
          body: { text: change.text },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.templates }),
  });
}

export function useResetTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (target: string | { name: string; language?: string }) => {
      const { name, language } = typeof target === 'string' ? { name: target, language: undefined } : target;
      return answer<TemplateItem>(api.DELETE('/api/templates/{name}', { params: { path: { name }, query: language ? { language } : {} } }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.templates }),
  });
}

/* Practitioners */

export function usePractitioners() {
  return useQuery({
    queryKey: adminKeys.practitioners,
    queryFn: async () => (await answer<{ items: Practitioner[] }>(api.GET('/api/practitioners'))).items,
  });
}

export function useSavePractitioner() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: { id: string; patch: PractitionerPatch }) =>
      answer<Practitioner>(api.PATCH('/api/practitioners/{id}', { params: { path: { id: change.id } }, body: change.patch })),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.practitioners }),
  });
}

/* Activity */

export function useActivity() {
  return useQuery({
    queryKey: adminKeys.activity,
    queryFn: async () => (await answer<{ items: ActivityEntry[] }>(api.GET('/api/activity', { params: { query: { limit: 200 } } }))).items,
  });
}

/* Users */

export function useStaffUsers() {
  return useQuery({
    queryKey: adminKeys.users,
    queryFn: async () => (await answer<{ items: StaffUser[] }>(api.GET('/api/users'))).items,
  });
}

export function useAddStaffUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (user: { name: string; password: string; role: StaffRole }) => answer<StaffUser>(api.POST('/api/users', { body: user })),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useRemoveStaffUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => answer<{ ok: boolean }>(api.DELETE('/api/users/{name}', { params: { path: { name } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}
