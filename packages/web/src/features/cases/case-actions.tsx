// "Åtgärder": offers only the actions the case allows next, with a small form per action type.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_OFFICER_ROLES, CLOSURE_REASONS, CONTACT_CHANNELS } from '@skyddsnat/domain';
import { isAbort } from '../../api/client.ts';
import { appendCaseAction, fetchCaseload } from '../../api/case-endpoints.ts';
import type { CaseActionInput, Caseload, CaseView } from '../../api/case-types.ts';
import { conflictText, domainRefusal, ErrorMessage } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  LiveStatus,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';
import { formatDate, sv } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { TextAreaField } from './case-ui.tsx';

/**
 * The action types this page has a form for; others are left to specialised views. Applications
 * and decisions have their own pages, which record `application_received` and `decision_recorded`.
 */
const SUPPORTED = [
  'first_contact_recorded',
  'first_visit_booked',
  'first_visit_held',
  'investigation_started',
  'officer_assigned',
  'handed_over',
  'closed',
  'reopened',
] as const;
type Supported = (typeof SUPPORTED)[number];
/** Actions that need the unit's officer list, which only supervisors can read (the caseload). */
const NEEDS_OFFICERS: readonly Supported[] = ['officer_assigned', 'handed_over'];

type Field =
  | 'channel'
  | 'summary'
  | 'acuteNeedAssessment'
  | 'date'
  | 'lateReason'
  | 'userId'
  | 'fromUserId'
  | 'role'
  | 'review'
  | 'reason'
  | 'note';
type Values = Record<Field, string>;

const EMPTY: Values = {
  channel: 'phone',
  summary: '',
  acuteNeedAssessment: '',
  date: '',
  lateReason: '',
  userId: '',
  fromUserId: '',
  role: 'social_worker',
  review: '',
  reason: '',
  note: '',
};

type ActionResult =
  { ok: true; action: CaseActionInput } | { ok: false; errors: FieldErrors<Field> };

export function CaseActions({ view, onChanged }: { view: CaseView; onChanged: () => void }) {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  const [caseload, setCaseload] = useState<Caseload | null>(null);
  const [type, setType] = useState<Supported | ''>('');
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!permissions.caseload) return;
    const controller = new AbortController();
    fetchCaseload(controller.signal)
      .then(setCaseload)
      .catch((cause: unknown) => {
        if (!isAbort(cause)) setCaseload(null);
      });
    return () => {
      controller.abort();
    };
  }, [permissions.caseload]);

  const offered = SUPPORTED.filter(
    (action) =>
      view.allowedNextActions.includes(action) &&
      (!NEEDS_OFFICERS.includes(action) || (caseload !== null && caseload.officers.length > 0)),
  );
  const chosen = type !== '' && offered.includes(type) ? type : '';

  const set = (field: Field) => (value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
  };
  const required = (field: Field, label: string, result: FieldErrors<Field>) => {
    if (values[field].trim() === '') result[field] = t('validation.required', { field: label });
  };

  const build = (action: Supported): ActionResult => {
    const f = (key: Exclude<keyof typeof sv.actions.fields, 'lateReasonHint'>) =>
      t(`actions.fields.${key}`).toLowerCase();
    const e: FieldErrors<Field> = {};
    let result: CaseActionInput;
    switch (action) {
      case 'first_contact_recorded':
        required('summary', f('summary'), e);
        result = {
          type: action,
          channel: values.channel as (typeof CONTACT_CHANNELS)[number],
          summary: values.summary.trim(),
          ...(values.acuteNeedAssessment.trim()
            ? { acuteNeedAssessment: values.acuteNeedAssessment.trim() }
            : {}),
        };
        break;
      case 'first_visit_booked':
        required('date', f('visitDate'), e);
        result = {
          type: action,
          date: values.date,
          ...(values.lateReason.trim() ? { lateReason: values.lateReason.trim() } : {}),
        };
        break;
      case 'first_visit_held':
        required('date', f('heldDate'), e);
        result = { type: action, date: values.date };
        break;
      case 'investigation_started':
        result = { type: action };
        break;
      case 'officer_assigned':
        if (!values.userId) e.userId = t('validation.choose', { field: f('officer') });
        result = {
          type: action,
          userId: values.userId,
          role: values.role as (typeof CASE_OFFICER_ROLES)[number],
        };
        break;
      case 'handed_over':
        if (!values.fromUserId) e.fromUserId = t('validation.choose', { field: f('fromOfficer') });
        if (!values.userId) e.userId = t('validation.choose', { field: f('toOfficer') });
        required('review', f('review'), e);
        result = {
          type: action,
          fromUserId: values.fromUserId,
          toUserId: values.userId,
          role: values.role as (typeof CASE_OFFICER_ROLES)[number],
          review: values.review.trim(),
        };
        break;
      case 'closed':
        if (!values.reason) e.reason = t('validation.choose', { field: f('closureReason') });
        if (values.reason === 'other') required('note', f('closureNote'), e);
        result = {
          type: action,
          reason: values.reason as (typeof CLOSURE_REASONS)[number],
          ...(values.note.trim() ? { note: values.note.trim() } : {}),
        };
        break;
      case 'reopened':
        required('reason', f('reopenReason'), e);
        result = { type: action, reason: values.reason.trim() };
        break;
    }
    return Object.keys(e).length > 0 ? { ok: false, errors: e } : { ok: true, action: result };
  };

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending || chosen === '') return;
    const built = build(chosen);
    setDone(null);
    setError(null);
    if (!built.ok) {
      setErrors(built.errors);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setPending(true);
    appendCaseAction(view.id, view.version, built.action)
      .then(() => {
        setDone(t('actions.done', { action: t(`actions.names.${chosen}`) }));
        setType('');
        setValues(EMPTY);
        onChanged();
      })
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };

  const officerOptions = (caseload?.officers ?? []).map((o) => ({
    value: o.userId,
    label: o.displayName,
  }));
  const roleOptions = CASE_OFFICER_ROLES.map((value) => ({
    value,
    label: t(`case.officerRoles.${value}`),
  }));

  const fields = () => {
    switch (chosen) {
      case 'first_contact_recorded':
        return (
          <>
            <SelectField
              label={t('actions.fields.channel')}
              value={values.channel}
              onChange={set('channel')}
              options={CONTACT_CHANNELS.map((value) => ({ value, label: t(`channels.${value}`) }))}
            />
            <TextAreaField
              label={t('actions.fields.summary')}
              value={values.summary}
              onChange={set('summary')}
              error={errors.summary}
              required
              testId="action-summary"
            />
            <TextAreaField
              label={t('actions.fields.acuteNeedAssessment')}
              hint={t('actions.fields.acuteNeedAssessmentHint')}
              value={values.acuteNeedAssessment}
              onChange={set('acuteNeedAssessment')}
              optional
              rows={3}
              testId="action-acute-need"
            />
          </>
        );
      case 'first_visit_booked':
        return (
          <>
            <TextField
              type="date"
              width="medium"
              label={t('actions.fields.visitDate')}
              value={values.date}
              onChange={set('date')}
              error={errors.date}
              required
              testId="action-date"
            />
            <TextAreaField
              label={t('actions.fields.lateReason')}
              hint={t('actions.fields.lateReasonHint', {
                date: formatDate(view.state.firstVisit.deadline),
              })}
              value={values.lateReason}
              onChange={set('lateReason')}
              optional
              rows={2}
            />
          </>
        );
      case 'first_visit_held':
        return (
          <TextField
            type="date"
            width="medium"
            label={t('actions.fields.heldDate')}
            value={values.date}
            onChange={set('date')}
            error={errors.date}
            required
            testId="action-date"
          />
        );
      case 'officer_assigned':
        return (
          <>
            <p className="hint">{t('actions.officersFromCaseload')}</p>
            <SelectField
              label={t('actions.fields.officer')}
              value={values.userId}
              onChange={set('userId')}
              options={officerOptions}
              placeholder={t('actions.fields.chooseOfficer')}
              error={errors.userId}
              required
              testId="action-officer"
            />
            <SelectField
              label={t('actions.fields.role')}
              value={values.role}
              onChange={set('role')}
              options={roleOptions}
            />
          </>
        );
      case 'handed_over':
        return (
          <>
            <p className="hint">{t('actions.officersFromCaseload')}</p>
            <SelectField
              label={t('actions.fields.fromOfficer')}
              value={values.fromUserId}
              onChange={set('fromUserId')}
              options={view.officers.map((o) => ({ value: o.userId, label: o.displayName }))}
              placeholder={t('actions.fields.chooseOfficer')}
              error={errors.fromUserId}
              required
            />
            <SelectField
              label={t('actions.fields.toOfficer')}
              value={values.userId}
              onChange={set('userId')}
              options={officerOptions}
              placeholder={t('actions.fields.chooseOfficer')}
              error={errors.userId}
              required
            />
            <SelectField
              label={t('actions.fields.role')}
              value={values.role}
              onChange={set('role')}
              options={roleOptions}
            />
            <TextAreaField
              label={t('actions.fields.review')}
              value={values.review}
              onChange={set('review')}
              error={errors.review}
              required
              rows={6}
            />
          </>
        );
      case 'closed':
        return (
          <>
            <SelectField
              label={t('actions.fields.closureReason')}
              value={values.reason}
              onChange={set('reason')}
              options={CLOSURE_REASONS.map((value) => ({
                value,
                label: t(`actions.closureReasons.${value}`),
              }))}
              placeholder={t('actions.fields.chooseReason')}
              error={errors.reason}
              required
              testId="action-closure-reason"
            />
            <TextAreaField
              label={t('actions.fields.closureNote')}
              hint={t('actions.fields.closureNoteHint')}
              value={values.note}
              onChange={set('note')}
              error={errors.note}
              optional={values.reason !== 'other'}
              rows={2}
            />
          </>
        );
      case 'reopened':
        return (
          <TextAreaField
            label={t('actions.fields.reopenReason')}
            value={values.reason}
            onChange={set('reason')}
            error={errors.reason}
            required
            rows={2}
          />
        );
      default:
        return null;
    }
  };

  return (
    <section className="panel" aria-labelledby="case-actions-heading" data-testid="case-actions">
      <h2 id="case-actions-heading">{t('actions.title')}</h2>
      <LiveStatus message={done} testId="action-done" />
      {error ? <ActionError error={error} onReload={onChanged} /> : null}
      {offered.length === 0 ? (
        <p>{t('actions.none')}</p>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate>
          <p className="hint">{t('actions.intro')}</p>
          <SelectField
            label={t('actions.choose')}
            value={chosen}
            onChange={(value) => {
              setType(value as Supported | '');
              setErrors({});
              setError(null);
            }}
            options={offered.map((value) => ({ value, label: t(`actions.names.${value}`) }))}
            placeholder={t('actions.chooseOne')}
            testId="action-type"
          />
          {fields()}
          {chosen !== '' ? (
            <div className="actions">
              <SubmitButton
                pending={pending}
                label={t('actions.submit')}
                pendingLabel={t('actions.submitting')}
                testId="action-submit"
              />
            </div>
          ) : null}
        </form>
      )}
    </section>
  );
}

/** 409 names who changed the case and when; 422 carries the domain's Swedish message. */
function ActionError({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation();
  const conflict = conflictText(t, error, 'actions');
  if (conflict !== null) {
    return (
      <ErrorMessage
        error={error}
        message={conflict}
        testId="action-conflict"
        onRetry={onReload}
        retryLabel={t('actions.reload')}
      />
    );
  }
  const refusal = domainRefusal(error);
  if (refusal !== null) {
    return <ErrorMessage error={error} message={refusal} testId="action-refused" />;
  }
  return <ErrorMessage error={error} testId="action-error" />;
}
