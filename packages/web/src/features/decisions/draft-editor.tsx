// The draft of a decision: amounts per line with reasons for deviations, kind, motivering with
// templates, the legal basis, each child's best interests and the hearing; what is left before
// signing; signing with a confirmation, or sending it to someone whose delegation covers it.
import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  decisionAmount,
  HEARING_KINDS,
  isPlainDate,
  MIN_REASON_LENGTH,
  overallOutcome,
  type DecisionKind,
} from '@skyddsnat/domain';
import { ApiError } from '../../api/client.ts';
import {
  discardDraft,
  routeDecision,
  saveDraft,
  signDecision,
} from '../../api/decision-endpoints.ts';
import type {
  DecisionGuidance,
  DecisionView,
  DraftUpdate,
  Hearing,
  SigningBlocker,
} from '../../api/decision-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorMessage, isRecord } from '../../components/error-message.tsx';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import { SelectField, SubmitButton, TextField } from '../../components/forms.tsx';
import { formatKronor, hasKey, sv } from '../../i18n/index.ts';
import { TextAreaField } from '../cases/case-ui.tsx';
import { parseKronor } from '../applications/application-ui.ts';
import {
  blockerText,
  BlockerChecklist,
  isAdverseOutcome,
  LegalBasis,
  LetterLink,
} from './decision-parts.tsx';

type HearingChoice = 'none' | (typeof HEARING_KINDS)[number];

interface Form {
  kind: DecisionKind;
  lines: { item: string; granted: string; deviationReason: string }[];
  reasons: string;
  childImpact: Record<string, string>;
  hearing: {
    choice: HearingChoice;
    informedOn: string;
    replyBy: string;
    replyReceivedOn: string;
    reason: string;
  };
}

function formFrom(view: DecisionView): Form {
  const hearing = view.hearing;
  return {
    kind: view.kind,
    lines: view.lines.map((line) => ({
      item: line.item,
      granted: String(line.granted),
      deviationReason: line.deviationReason ?? '',
    })),
    reasons: view.reasons,
    childImpact: Object.fromEntries(
      view.children.map((child) => [
        child.personId,
        view.childImpact.find((c) => c.personId === child.personId)?.assessment ?? '',
      ]),
    ),
    hearing: {
      choice: hearing === null ? 'none' : hearing.kind,
      informedOn: hearing?.kind === 'communicated' ? hearing.informedOn : '',
      replyBy: hearing?.kind === 'communicated' ? hearing.replyBy : '',
      replyReceivedOn: hearing?.kind === 'communicated' ? (hearing.replyReceivedOn ?? '') : '',
      reason: hearing?.kind === 'exception' ? hearing.reason : '',
    },
  };
}

type Built = { ok: true; update: DraftUpdate } | { ok: false; errors: Record<string, string> };

export function DraftEditor({
  view,
  guidance,
  userId,
  refresh,
  announce,
}: {
  view: DecisionView;
  guidance: DecisionGuidance | null;
  userId: string;
  /** Fetches the decision again and shows it; resolves with it. */
  refresh: () => Promise<DecisionView | null>;
  announce: (message: string) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const prefix = useId();
  const checklistId = `${prefix}-checklist`;
  const [form, setForm] = useState<Form>(() => formFrom(view));
  const [base, setBase] = useState<{ version: number; json: string }>(() => ({
    version: view.version,
    json: JSON.stringify(formFrom(view)),
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<'sign' | 'discard' | null>(null);
  const [signing, setSigning] = useState(false);
  const [blocked, setBlocked] = useState<SigningBlocker[] | null>(null);
  const [template, setTemplate] = useState('');
  const reasonsRef = useRef<HTMLTextAreaElement>(null);

  const dirty = JSON.stringify(form) !== base.json;

  // A newer version from the server replaces the form unless the user has unsaved changes.
  useEffect(() => {
    if (view.version === base.version) return;
    if (!dirty) {
      const fresh = formFrom(view);
      setForm(fresh);
      setBase({ version: view.version, json: JSON.stringify(fresh) });
    }
    // Only a new view decides; the form's own changes must not reset it.
  }, [view]);

  const id = (field: string) => `${prefix}-${field}`;
  const set = (patch: Partial<Form>) => {
    setForm((current) => ({ ...current, ...patch }));
  };
  const setHearing = (patch: Partial<Form['hearing']>) => {
    setForm((current) => ({ ...current, hearing: { ...current.hearing, ...patch } }));
  };

  const lineAmounts = view.lines.map((line, index) => ({
    applied: line.applied,
    granted: parseKronor(form.lines[index]?.granted ?? '') ?? line.granted,
  }));
  const previewOutcome = overallOutcome(lineAmounts, view.countedIncome);
  const previewAmount = decisionAmount(lineAmounts, view.countedIncome);
  const adverse = isAdverseOutcome(form.kind, previewOutcome);
  const outsideDelegation = view.blockers.some((b) => b.code === 'outside_delegation');

  const build = (): Built => {
    const found: Record<string, string> = {};
    const lines = view.lines.map((line, index) => {
      const row = form.lines[index];
      const granted = parseKronor(row?.granted ?? '');
      if (granted === null) {
        found[id(`line-${line.item}`)] = t('decisionPage.grantedInvalid', {
          line: lineLabel(line),
        });
      }
      const reason = (row?.deviationReason ?? '').trim();
      return {
        item: line.item,
        granted: granted ?? 0,
        deviationReason: granted !== null && granted !== line.calculated && reason ? reason : null,
      };
    });
    let hearing: Hearing | null = null;
    const h = form.hearing;
    if (h.choice === 'applicant_material_only') hearing = { kind: 'applicant_material_only' };
    if (h.choice === 'exception') hearing = { kind: 'exception', reason: h.reason.trim() };
    if (h.choice === 'communicated') {
      if (!isPlainDate(h.informedOn)) found[id('informedOn')] = t('hearing.informedOnInvalid');
      if (!isPlainDate(h.replyBy)) found[id('replyBy')] = t('hearing.replyByInvalid');
      else if (isPlainDate(h.informedOn) && h.replyBy < h.informedOn) {
        found[id('replyBy')] = t('hearing.replyBeforeInformed');
      }
      if (h.replyReceivedOn !== '' && !isPlainDate(h.replyReceivedOn)) {
        found[id('replyReceivedOn')] = t('validation.date');
      }
      hearing = {
        kind: 'communicated',
        informedOn: h.informedOn,
        replyBy: h.replyBy,
        replyReceivedOn: h.replyReceivedOn === '' ? null : h.replyReceivedOn,
      };
    }
    if (Object.keys(found).length > 0) return { ok: false, errors: found };
    return {
      ok: true,
      update: {
        ...(view.kind === 'emergency' ? {} : { kind: form.kind }),
        lines,
        reasons: form.reasons,
        childImpact: view.children
          .map((child) => ({
            personId: child.personId,
            assessment: (form.childImpact[child.personId] ?? '').trim(),
          }))
          .filter((c) => c.assessment !== ''),
        hearing,
      },
    };
  };

  /** Saves the form if it has changes; resolves with the decision as saved, or null. */
  const save = async (): Promise<DecisionView | null> => {
    if (!dirty) return view;
    const built = build();
    if (!built.ok) {
      setErrors(built.errors);
      setSummaryToken((n) => n + 1);
      return null;
    }
    setErrors({});
    setSaving(true);
    setError(null);
    try {
      await saveDraft(view.caseId, view.id, base.version, built.update);
      const savedJson = JSON.stringify(form);
      // What blocked an earlier attempt may be fixed now; the checklist shows what is left.
      setBlocked(null);
      const fresh = await refresh();
      setBase({ version: fresh?.version ?? base.version + 1, json: savedJson });
      return fresh;
    } catch (cause) {
      setError(cause);
      return null;
    } finally {
      setSaving(false);
    }
  };

  const focusChecklist = () => {
    window.requestAnimationFrame(() => document.getElementById(checklistId)?.focus());
  };

  const askSign = async () => {
    setBlocked(null);
    const current = await save();
    if (current === null) return;
    const blockers = current.blockers;
    if (blockers.length > 0) {
      setBlocked(blockers);
      focusChecklist();
      return;
    }
    setConfirming('sign');
  };

  const sign = async () => {
    if (signing) return;
    setSigning(true);
    setError(null);
    try {
      await signDecision(view.caseId, view.id, view.version);
      setConfirming(null);
      announce(t('decisionPage.signed'));
      await refresh();
    } catch (cause) {
      setConfirming(null);
      if (
        cause instanceof ApiError &&
        cause.code === 'signing_blocked' &&
        isRecord(cause.details) &&
        Array.isArray(cause.details.blockers)
      ) {
        setBlocked(cause.details.blockers as SigningBlocker[]);
        await refresh();
        focusChecklist();
      } else {
        setError(cause);
      }
    } finally {
      setSigning(false);
    }
  };

  const discard = async () => {
    if (signing) return;
    setSigning(true);
    try {
      await discardDraft(view.caseId, view.id, view.version);
      setConfirming(null);
      void navigate(`/arenden/${view.caseId}`);
    } catch (cause) {
      setConfirming(null);
      setError(cause);
    } finally {
      setSigning(false);
    }
  };

  const applyTemplate = (mode: 'replace' | 'append') => {
    const found = guidance?.reasonTemplates.find((tpl) => tpl.id === template);
    if (!found) return;
    set({
      reasons:
        mode === 'replace' || form.reasons.trim() === ''
          ? found.text
          : `${form.reasons.trimEnd()}\n\n${found.text}`,
    });
    reasonsRef.current?.focus();
  };

  const summary: SummaryItem[] = Object.entries(errors).map(([fieldId, message]) => ({
    fieldId,
    message,
  }));
  const templateLabel = (tpl: { id: string; label: string }) =>
    hasKey(sv.reasonTemplates, tpl.id) ? t(`reasonTemplates.${tpl.id}`) : tpl.label;

  return (
    <>
      <section className="panel" aria-labelledby="sign-heading" data-testid="sign-panel">
        <h2 id="sign-heading">{t('decisionPage.signTitle')}</h2>
        {dirty ? (
          <p className="message message-info" data-testid="draft-unsaved">
            {t('decisionPage.unsavedChecklist')}
          </p>
        ) : null}
        <BlockerChecklist view={view} id={checklistId} />
        {blocked && blocked.length > 0 ? (
          <div className="message message-error" role="alert" data-testid="sign-blocked">
            <p className="message-title">{t('decisionPage.cannotSignYet')}</p>
            <ul>
              {blocked.map((b) => (
                <li key={b.code}>{blockerText(t, b)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {error ? (
          <ErrorMessage
            error={error}
            testId="decision-error"
            onReloadAfterConflict={() => {
              setError(null);
              setBase((b) => ({ ...b, json: JSON.stringify(form), version: -1 }));
              void refresh();
            }}
          />
        ) : null}
        {view.routedTo ? (
          <p className="message message-info" data-testid="routed-to">
            {view.routedTo.userId === userId
              ? t('decisionPage.routedToYou')
              : t('decisionPage.routedTo', { name: view.routedTo.name })}
            {view.routedTo.note
              ? ` ${t('decisionPage.routedNote', { note: view.routedTo.note })}`
              : ''}
          </p>
        ) : null}
        <div className="button-row">
          {outsideDelegation ? null : (
            <button
              type="button"
              className="button"
              aria-disabled={saving || signing ? true : undefined}
              data-testid="decision-sign"
              onClick={() => {
                if (!saving && !signing) void askSign();
              }}
            >
              {t('decisionPage.sign')}
            </button>
          )}
          <LetterLink view={view} />
        </div>
        {outsideDelegation ? <RouteForm view={view} onRouted={announce} refresh={refresh} /> : null}
        <ConfirmDialog
          open={confirming === 'sign'}
          title={t('decisionPage.confirmTitle')}
          confirmLabel={t('decisionPage.confirmYes')}
          pendingLabel={t('decisionPage.signing')}
          cancelLabel={t('common.cancel')}
          pending={signing}
          onConfirm={() => void sign()}
          onCancel={() => {
            setConfirming(null);
          }}
          testId="sign-dialog"
        >
          <p>
            {t('decisionPage.confirmText', {
              amount: formatKronor(view.amount),
              outcome: t(`actions.outcomes.${view.outcome}`).toLocaleLowerCase(),
              month: view.month,
            })}
          </p>
          <p>{t('decisionPage.confirmLocked')}</p>
        </ConfirmDialog>
      </section>

      <form
        className="panel"
        aria-labelledby="content-heading"
        noValidate
        data-testid="draft-form"
        onSubmit={(event) => {
          event.preventDefault();
          const wasDirty = dirty;
          void save().then((saved) => {
            if (saved !== null && wasDirty) announce(t('decisionPage.saved'));
          });
        }}
      >
        <h2 id="content-heading">{t('decisionPage.contentTitle')}</h2>
        <ErrorSummary items={summary} focusToken={summaryToken} testId="draft-error-summary" />

        {view.kind === 'emergency' ? (
          <p>
            <strong>{t('decisionPage.kind')}:</strong> {t('decisionKinds.emergency')}
          </p>
        ) : (
          <SelectField
            id={id('kind')}
            label={t('decisionPage.kind')}
            hint={t('decisionPage.kindHint')}
            value={form.kind}
            onChange={(value) => {
              const kind = (['regular', 'reduction', 'beyond_entitlement'] as const).find(
                (k) => k === value,
              );
              if (kind) set({ kind });
            }}
            options={(['regular', 'reduction', 'beyond_entitlement'] as const).map((value) => ({
              value,
              label: t(`decisionKinds.${value}`),
            }))}
            testId="decision-kind"
          />
        )}

        <fieldset className="fieldset field">
          <legend>{t('decisionPage.lines')}</legend>
          <p className="hint">{t('decisionPage.linesHint')}</p>
          {view.lines.map((line, index) => {
            const row = form.lines[index];
            const granted = parseKronor(row?.granted ?? '');
            const deviates = granted !== null && granted !== line.calculated;
            const setRow = (patch: Partial<Form['lines'][number]>) => {
              set({
                lines: form.lines.map((r, i) => (i === index ? { ...r, ...patch } : r)),
              });
            };
            return (
              <fieldset
                key={line.item}
                className="item-row"
                data-testid="decision-line"
                data-item={line.item}
              >
                <legend>{lineLabel(line)}</legend>
                <dl className="inline-details">
                  <div>
                    <dt>{t('decisionPage.applied')}</dt>
                    <dd>{formatKronor(line.applied)}</dd>
                  </div>
                  <div>
                    <dt>{t('decisionPage.calculated')}</dt>
                    <dd>{formatKronor(line.calculated)}</dd>
                  </div>
                </dl>
                <TextField
                  id={id(`line-${line.item}`)}
                  label={t('decisionPage.granted', { line: lineLabel(line) })}
                  width="short"
                  inputMode="numeric"
                  value={row?.granted ?? ''}
                  onChange={(value) => {
                    setRow({ granted: value });
                  }}
                  error={errors[id(`line-${line.item}`)]}
                  required
                  testId="line-granted"
                />
                {deviates ? (
                  <TextAreaField
                    id={id(`deviation-${line.item}`)}
                    label={t('decisionPage.deviationReason', { line: lineLabel(line) })}
                    hint={t('decisionPage.deviationHint', {
                      calculated: formatKronor(line.calculated),
                      min: MIN_REASON_LENGTH,
                    })}
                    value={row?.deviationReason ?? ''}
                    onChange={(value) => {
                      setRow({ deviationReason: value });
                    }}
                    rows={2}
                    maxLength={2000}
                    testId="line-deviation"
                  />
                ) : null}
              </fieldset>
            );
          })}
          <p data-testid="draft-preview">
            {t('decisionPage.preview', {
              amount: formatKronor(previewAmount),
              outcome: t(`actions.outcomes.${previewOutcome}`),
              income: formatKronor(view.countedIncome),
            })}
          </p>
        </fieldset>

        <fieldset className="fieldset field">
          <legend>{t('decisionPage.reasons')}</legend>
          {guidance && guidance.reasonTemplates.length > 0 ? (
            <div className="template-picker">
              <SelectField
                id={id('template')}
                label={t('decisionPage.template')}
                hint={t('decisionPage.templateHint')}
                value={template}
                onChange={setTemplate}
                options={guidance.reasonTemplates.map((tpl) => ({
                  value: tpl.id,
                  label: templateLabel(tpl),
                }))}
                placeholder={t('decisionPage.chooseTemplate')}
                testId="reason-template"
              />
              <div className="button-row">
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={template === ''}
                  data-testid="template-replace"
                  onClick={() => {
                    applyTemplate('replace');
                  }}
                >
                  {t('decisionPage.templateReplace')}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={template === ''}
                  onClick={() => {
                    applyTemplate('append');
                  }}
                >
                  {t('decisionPage.templateAppend')}
                </button>
              </div>
            </div>
          ) : null}
          <TextAreaField
            id={id('reasons')}
            label={t('decisionPage.reasonsLabel')}
            hint={t('decisionPage.reasonsHint', { min: MIN_REASON_LENGTH })}
            value={form.reasons}
            onChange={(reasons) => {
              set({ reasons });
            }}
            rows={8}
            maxLength={8000}
            testId="decision-reasons"
            textareaRef={reasonsRef}
          />
        </fieldset>

        <LegalBasis view={view} />

        {view.children.length > 0 ? (
          <fieldset
            className="fieldset field"
            data-testid="child-impact"
            aria-describedby={id('child-impact-hint')}
          >
            <legend>{t('decisionPage.childImpact')}</legend>
            <p id={id('child-impact-hint')} className="hint">
              {t('decisionPage.childImpactHint', { min: MIN_REASON_LENGTH })}
            </p>
            {view.children.map((child) => (
              <TextAreaField
                key={child.personId}
                id={id(`child-${child.personId}`)}
                label={t('decisionPage.childImpactFor', { name: child.name })}
                value={form.childImpact[child.personId] ?? ''}
                onChange={(value) => {
                  set({ childImpact: { ...form.childImpact, [child.personId]: value } });
                }}
                rows={3}
                maxLength={4000}
                testId="child-impact-text"
              />
            ))}
          </fieldset>
        ) : null}

        <fieldset
          className="fieldset field"
          data-testid="hearing"
          aria-describedby={id('hearing-hint')}
        >
          <legend>{t('hearing.title')}</legend>
          <p id={id('hearing-hint')} className="hint">
            {adverse ? t('hearing.required') : t('hearing.notRequired')}
          </p>
          <div className="radios">
            {(['none', ...HEARING_KINDS] as const).map((choice) => (
              <div className="radio" key={choice}>
                <input
                  id={id(`hearing-${choice}`)}
                  type="radio"
                  name={id('hearing')}
                  value={choice}
                  checked={form.hearing.choice === choice}
                  data-testid={`hearing-${choice}`}
                  onChange={() => {
                    setHearing({ choice });
                  }}
                />
                <label htmlFor={id(`hearing-${choice}`)}>
                  {choice === 'none' ? t('hearing.notGiven') : t(`hearing.kinds.${choice}`)}
                </label>
              </div>
            ))}
          </div>
          {form.hearing.choice === 'communicated' ? (
            <div className="filter-grid">
              <TextField
                id={id('informedOn')}
                type="date"
                width="medium"
                label={t('hearing.informedOn')}
                value={form.hearing.informedOn}
                onChange={(informedOn) => {
                  setHearing({ informedOn });
                }}
                error={errors[id('informedOn')]}
                required
              />
              <TextField
                id={id('replyBy')}
                type="date"
                width="medium"
                label={t('hearing.replyBy')}
                value={form.hearing.replyBy}
                onChange={(replyBy) => {
                  setHearing({ replyBy });
                }}
                error={errors[id('replyBy')]}
                required
              />
              <TextField
                id={id('replyReceivedOn')}
                type="date"
                width="medium"
                label={t('hearing.replyReceivedOn')}
                value={form.hearing.replyReceivedOn}
                onChange={(replyReceivedOn) => {
                  setHearing({ replyReceivedOn });
                }}
                error={errors[id('replyReceivedOn')]}
                optional
              />
            </div>
          ) : null}
          {form.hearing.choice === 'exception' ? (
            <TextAreaField
              id={id('exception')}
              label={t('hearing.reason')}
              hint={t('hearing.reasonHint', { min: MIN_REASON_LENGTH })}
              value={form.hearing.reason}
              onChange={(reason) => {
                setHearing({ reason });
              }}
              rows={3}
              maxLength={2000}
            />
          ) : null}
        </fieldset>

        <p className="save-status" role="status" data-testid="draft-dirty">
          {dirty ? t('decisionPage.unsaved') : ''}
        </p>
        <div className="actions">
          <SubmitButton
            pending={saving}
            label={t('decisionPage.save')}
            pendingLabel={t('common.saving')}
            testId="draft-save"
          />
          <button
            type="button"
            className="button button-danger"
            data-testid="draft-discard"
            onClick={() => {
              setConfirming('discard');
            }}
          >
            {t('decisionPage.discard')}
          </button>
        </div>
        <ConfirmDialog
          open={confirming === 'discard'}
          title={t('decisionPage.discardTitle')}
          confirmLabel={t('decisionPage.discardYes')}
          pendingLabel={t('decisionPage.discarding')}
          cancelLabel={t('common.cancel')}
          pending={signing}
          danger
          onConfirm={() => void discard()}
          onCancel={() => {
            setConfirming(null);
          }}
          testId="discard-dialog"
        >
          <p>{t('decisionPage.discardText')}</p>
        </ConfirmDialog>
      </form>
    </>
  );

  function lineLabel(line: DecisionView['lines'][number]): string {
    return line.item === 'other' ||
      line.item === 'emergency' ||
      !hasKey(sv.decisionItems, line.item)
      ? line.label
      : t(`decisionItems.${line.item}`);
  }
}

function RouteForm({
  view,
  onRouted,
  refresh,
}: {
  view: DecisionView;
  onRouted: (message: string) => void;
  refresh: () => Promise<DecisionView | null>;
}) {
  const { t } = useTranslation();
  const signerId = useId();
  const [toUserId, setToUserId] = useState(view.routedTo?.userId ?? '');
  const [note, setNote] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [summaryToken, setSummaryToken] = useState(0);

  if (view.eligibleSigners.length === 0) {
    return (
      <p className="message message-warning" data-testid="no-eligible-signers">
        {t('decisionPage.noEligibleSigners')}
      </p>
    );
  }

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    if (toUserId === '') {
      setFieldError(t('validation.choose', { field: t('decisionPage.routeTo').toLowerCase() }));
      setSummaryToken((n) => n + 1);
      return;
    }
    setFieldError(undefined);
    setPending(true);
    setError(null);
    const name = view.eligibleSigners.find((s) => s.userId === toUserId)?.name ?? '';
    routeDecision(view.caseId, view.id, view.version, {
      toUserId,
      note: note.trim() === '' ? null : note.trim(),
    })
      .then(async () => {
        onRouted(t('decisionPage.routed', { name }));
        setNote('');
        await refresh();
      })
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <form className="subpanel" onSubmit={submit} noValidate data-testid="route-form">
      <h3>{t('decisionPage.routeTitle')}</h3>
      <p className="hint">{t('decisionPage.routeIntro')}</p>
      <ErrorSummary
        items={fieldError ? [{ fieldId: signerId, message: fieldError }] : []}
        focusToken={summaryToken}
      />
      {error ? <ErrorMessage error={error} /> : null}
      <SelectField
        id={signerId}
        label={t('decisionPage.routeTo')}
        value={toUserId}
        onChange={setToUserId}
        options={view.eligibleSigners.map((s) => ({ value: s.userId, label: s.name }))}
        placeholder={t('decisionPage.chooseSigner')}
        error={fieldError}
        required
        testId="route-to"
      />
      <TextAreaField
        label={t('decisionPage.routeNote')}
        value={note}
        onChange={setNote}
        optional
        rows={2}
        maxLength={1000}
        testId="route-note"
      />
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('decisionPage.route')}
          pendingLabel={t('decisionPage.routing')}
          testId="route-submit"
        />
      </div>
    </form>
  );
}
