import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  TemplateRejected,
  useResetTemplate,
  useSaveTemplate,
  useTemplatePreview,
  useTemplates,
  type PreviewAnswer,
  type TemplateItem,
  type TemplateProblem,
} from '../api/admin-queries';
import { useHostStatus } from '../api/queries';
import { ConfirmAction } from '../components/ConfirmAction';
import { LanguageGaps } from '../components/LanguageGaps';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import { smsLength } from '../sms-length';
import { useDebounced } from '../use-debounced';
import './admin.css';

/** How long typing pauses before the preview is asked for. */
const PREVIEW_DELAY_MS = 300;

/** Past this many segments a text is flagged: each segment is billed as one SMS. */
const SEGMENT_WARNING_ABOVE = 3;

/** The template as the editor edits it in `language` (the default language's when undefined or the default). */
function inLanguage(template: TemplateItem, language: string | undefined): TemplateItem {
  if (!language || language === template.language || !template.languages) return template;
  const text = template.languages.find((entry) => entry.language === language);
  if (!text) return { ...template, text: '', source: 'default', default: '' };
  return {
    ...template,
    text: text.text,
    source: text.source,
    default: text.default,
    encoding: text.encoding,
    characters: text.characters,
    segments: text.segments,
  };
}

type Translate = ReturnType<typeof useTranslation>['t'];

/** "Doctor is ready" for DoctorReady; the bare name for a template the catalogue does not know. */
export function templateTitle(t: Translate, name: string): string {
  const more = t(`templateMore.${name}` as 'templateMore.StaffReply', { defaultValue: name });
  return t(`template.${name}` as 'template.Help', { defaultValue: more });
}

/** Templates: the list, and an editor with a live preview, the SMS length, its variables and problems in place. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const templates = useTemplates();
  const status = useHostStatus();
  const [selected, setSelected] = useState<string | undefined>();
  const [language, setLanguage] = useState<string | undefined>();

  if (templates.isError) {
    return (
      <>
        <PageHeading title={t('templates.heading')} />
        <QueryProblem error={templates.error} retry={() => void templates.refetch()} />
      </>
    );
  }
  const items = templates.data ?? [];
  const current = items.find((item) => item.name === selected) ?? items[0];

  return (
    <>
      <PageHeading title={t('templates.heading')}>
        <p className="page-heading__sub">{t('templates.intro')}</p>
      </PageHeading>
      {status.data?.languages && <LanguageGaps languages={status.data.languages} zone={status.data.clinic.timeZone} />}
      {templates.isPending ? (
        <p>{t('app.loading')}</p>
      ) : (
        <div className="templates">
          <nav aria-label={t('templates.listLabel')} className="templates__list">
            <ul>
              {items.map((item) => (
                <li key={item.name}>
                  <button
                    type="button"
                    data-template={item.name}
                    aria-current={item.name === current?.name ? 'true' : undefined}
                    onClick={() => setSelected(item.name)}
                  >
                    <span className="templates__name">{templateTitle(t, item.name)}</span>
                    <span className={`templates__source templates__source--${item.source}`}>{t(`templates.source.${item.source}`)}</span>
                    {(item.languages ?? []).some((entry) => entry.segments > SEGMENT_WARNING_ABOVE) && (
                      <span className="templates__dear" title={t('languages.tooDear')}>
                        {' '}
                        ⚠ {t('languages.tooDear')}
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {current && (
            <div className="templates__editing">
              {current.languages && <LanguageTable template={current} editing={language ?? current.language} choose={setLanguage} />}
              <TemplateEditor
                key={`${current.name}@${language ?? ''}`}
                template={inLanguage(current, language)}
                language={language && language !== current.language ? language : undefined}
              />
            </div>
          )}
        </div>
      )}
    </>
  );
}

/** Each offered language: whose text, its segments for a typical patient and the longest, a warning past three; and which one is edited. */
function LanguageTable({ template, editing, choose }: { template: TemplateItem; editing: string | undefined; choose: (language: string) => void }) {
  const { t } = useTranslation();
  const texts = template.languages ?? [];
  const missing = template.missingLanguages ?? [];
  return (
    <section className="template-languages" aria-labelledby="template-languages" data-testid="template-languages">
      <h2 id="template-languages">{t('languages.heading')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('languages.language')}</th>
            <th scope="col">{t('languages.source')}</th>
            <th scope="col">{t('languages.cost')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('languages.editLanguage')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {texts.map((entry) => {
            const dear = entry.segments > SEGMENT_WARNING_ABOVE;
            return (
              <tr key={entry.language} data-language={entry.language} data-segments={entry.segments} data-dear={dear ? 'true' : undefined}>
                <th scope="row">{entry.language === template.language ? t('languages.defaultLanguage', { language: entry.language }) : entry.language}</th>
                <td>{t(`templates.source.${entry.source}`)}</td>
                <td>
                  {entry.segments} / {entry.worstCase.segments} {entry.encoding}
                  {dear && (
                    <strong className="template-languages__dear" role="note">
                      {' '}
                      ⚠ {t('languages.tooDear')}
                    </strong>
                  )}
                </td>
                <td>
                  <button type="button" className="link-button" aria-pressed={entry.language === editing} onClick={() => choose(entry.language)}>
                    {t('languages.editLanguage')}
                  </button>
                </td>
              </tr>
            );
          })}
          {missing.map((language) => (
            <tr key={language} data-language={language} data-missing="true">
              <th scope="row">{language}</th>
              <td colSpan={2} className="secondary">
                {t('languages.missing', { languages: language, default: template.language ?? '' })}
              </td>
              <td>
                <button type="button" className="link-button" aria-pressed={language === editing} onClick={() => choose(language)}>
                  {t('languages.add', { language })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && editing !== template.language && <p className="secondary">{t('languages.editing', { language: editing })}</p>}
    </section>
  );
}

function TemplateEditor({ template, language }: { template: TemplateItem; language?: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(template.text);
  const [notice, setNotice] = useState<string | undefined>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const editorId = useId();
  const problemsId = useId();
  const save = useSaveTemplate();
  const reset = useResetTemplate();
  const title = templateTitle(t, template.name);

  // The saved text changed (saved here, reset, or edited in another browser): show it unless someone is typing.
  const [savedText, setSavedText] = useState(template.text);
  if (template.text !== savedText) {
    setSavedText(template.text);
    if (draft === savedText) setDraft(template.text);
  }

  const previewText = useDebounced(draft, PREVIEW_DELAY_MS);
  const preview = useTemplatePreview(template.name, previewText, language);
  const dirty = draft !== template.text;

  const saveProblem = save.error && save.variables?.text === draft ? save.error : undefined;
  const previewProblem = preview.error && previewText === draft ? preview.error : undefined;
  const rejected = [saveProblem, previewProblem].find((error): error is TemplateRejected => error instanceof TemplateRejected);
  const otherError = [saveProblem, reset.error].find((error) => error && !(error instanceof TemplateRejected));
  const problems = rejected ? (rejected.problems.length > 0 ? rejected.problems : [{ problem: rejected.message }]) : [];

  const insert = (variable: string) => {
    const field = textarea.current;
    const snippet = `{{ ${variable} }}`;
    const start = field?.selectionStart ?? draft.length;
    const end = field?.selectionEnd ?? draft.length;
    const next = draft.slice(0, start) + snippet + draft.slice(end);
    setDraft(next);
    setNotice(undefined);
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  };

  const goToLine = (line: number) => {
    const field = textarea.current;
    if (!field) return;
    const lines = draft.split('\n');
    const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    field.focus();
    field.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  const shown: PreviewAnswer | undefined = preview.data;
  return (
    <section className="template-editor" aria-labelledby={`${editorId}-heading`} data-editing={template.name}>
      <h2 id={`${editorId}-heading`}>
        {title} <span className={`templates__source templates__source--${template.source}`}>{t(`templates.source.${template.source}`)}</span>
      </h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setNotice(undefined);
          save.mutate({ name: template.name, text: draft, language }, { onSuccess: () => setNotice(t('common.saved')) });
        }}
      >
        <div className="field">
          <label htmlFor={editorId}>{t('templates.editorLabel', { template: title })}</label>
          <textarea
            id={editorId}
            ref={textarea}
            value={draft}
            rows={Math.max(4, draft.split('\n').length + 1)}
            spellCheck
            aria-invalid={problems.length > 0 ? true : undefined}
            aria-describedby={problems.length > 0 ? problemsId : undefined}
            onChange={(event) => {
              setDraft(event.target.value);
              setNotice(undefined);
            }}
          />
        </div>

        {problems.length > 0 && <Problems id={problemsId} problems={problems} text={draft} goToLine={goToLine} />}

        <VariableChips variables={template.variables} insert={insert} />

        <div className="template-editor__actions">
          <button type="submit" className="primary" disabled={save.isPending || !dirty}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          {dirty && <span className="template-editor__dirty">{t('templates.unsaved')}</span>}
          {template.source === 'edited' && (
            <ConfirmAction
              label={t('templates.resetDefault')}
              question={t('templates.resetQuestion', { template: title })}
              confirmLabel={t('templates.resetConfirm')}
              cancelLabel={t('common.cancel')}
              busy={reset.isPending}
              onConfirm={() => {
                setNotice(undefined);
                reset.mutate(language ? { name: template.name, language } : template.name, {
                  onSuccess: (restored) => {
                    setDraft(language ? (restored.languages?.find((entry) => entry.language === language)?.text ?? '') : restored.text);
                    setNotice(t('templates.resetDone'));
                  },
                });
              }}
            />
          )}
          <span role="status" className="template-editor__notice">
            {notice}
          </span>
        </div>
        {otherError && (
          <p className="problem" role="alert">
            {t('common.failed', { error: otherError.message })}
          </p>
        )}
      </form>

      <h3>{t('templates.preview')}</h3>
      <div className="template-preview" aria-live="polite" aria-busy={preview.isFetching}>
        {previewProblem ? (
          <p className="secondary">{t('templates.previewBlocked')}</p>
        ) : shown ? (
          <>
            <p className="template-preview__bubble" data-testid="template-preview">
              {shown.text}
            </p>
            <LengthLine preview={shown} />
          </>
        ) : (
          <p>{t('templates.previewWorking')}</p>
        )}
      </div>
    </section>
  );
}

function Problems({ id, problems, text, goToLine }: { id: string; problems: TemplateProblem[]; text: string; goToLine: (line: number) => void }) {
  const { t } = useTranslation();
  const lines = text.split('\n');
  return (
    <div id={id} className="template-problems" role="alert">
      <p className="template-problems__heading">{t('templates.problemsHeading')}</p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index} data-line={problem.line}>
            {problem.line !== undefined && (
              <strong className="template-problems__where">
                {problem.column !== undefined
                  ? t('templates.problemAt', { line: problem.line, column: problem.column })
                  : t('templates.problemAtLine', { line: problem.line })}
                {': '}
              </strong>
            )}
            <span>{problem.problem}</span>
            {problem.fix && <span className="template-problems__fix"> — {problem.fix}</span>}
            {problem.line !== undefined && lines[problem.line - 1] !== undefined && (
              <>
                <pre className="template-problems__excerpt" aria-hidden="true">
                  {lines.map((line, n) => (
                    <span key={n} className={n + 1 === problem.line ? 'template-problems__bad' : undefined}>
                      <span className="template-problems__number">{n + 1}</span>
                      {line || ' '}
                      {'\n'}
                    </span>
                  ))}
                </pre>
                <button type="button" className="link-button" onClick={() => goToLine(problem.line!)}>
                  {t('templates.goToLine', { line: problem.line })}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function VariableChips({ variables, insert }: { variables: string[]; insert: (variable: string) => void }) {
  const { t } = useTranslation();
  const helpId = useId();
  if (variables.length === 0) return null;
  return (
    <fieldset className="variables" aria-describedby={helpId}>
      <legend>{t('templates.variables')}</legend>
      <p id={helpId} className="secondary">
        {t('templates.variablesHelp')}
      </p>
      <ul>
        {variables.map((variable) => (
          <li key={variable}>
            <button type="button" className="chip" onClick={() => insert(variable)}>
              <span className="visually-hidden">{t('templates.insert')} </span>
              <code>{`{{ ${variable} }}`}</code>
              <span className="chip__words">{t(`templates.variableName.${variable}` as 'templates.variableName.url', { defaultValue: variable })}</span>
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** Characters, messages and encoding: the host's figures when it sends them, else measured here by the same rules. */
function LengthLine({ preview }: { preview: PreviewAnswer }) {
  const { t } = useTranslation();
  const measured = smsLength(preview.text);
  const encoding = preview.encoding ?? measured.encoding;
  const segments = preview.segments ?? measured.segments;
  const characters = preview.characters ?? [...preview.text].length;
  return (
    <>
      <p className="template-length" data-testid="template-length" data-encoding={encoding} data-segments={segments}>
        {t('templates.length', { characters, encoding, segments: t('templates.segments', { count: segments }) })}
      </p>
      {encoding === 'UCS-2' && measured.nonGsmCharacters.length > 0 && (
        <p className="template-length__hint">{t('templates.ucs2Hint', { chars: measured.nonGsmCharacters.join(' ') })}</p>
      )}
    </>
  );
}
