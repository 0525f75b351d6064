// Documents of an application: what is required and missing, upload (file or phone camera) with
// progress, the attached documents with download links, and the request for completion.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DOCUMENT_KINDS, isPlainDate } from '@skyddsnat/domain';
import { ApiError, isAbort } from '../../api/client.ts';
import { documentUrl, requestCompletion, uploadDocument } from '../../api/decision-endpoints.ts';
import {
  DOCUMENT_CONTENT_TYPES,
  MAX_DOCUMENT_BYTES,
  type ApplicationView,
  type DocumentKind,
} from '../../api/decision-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import { SelectField, SubmitButton, TextField } from '../../components/forms.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatBytes, formatDate, formatDateTime, hasKey, sv } from '../../i18n/index.ts';
import { TextAreaField, todayInStockholm } from '../cases/case-ui.tsx';

type Upload = { fileName: string; share: number } | null;

/** Plain words for a refused file: too large (413) or not a PDF or picture (415). */
function uploadErrorText(t: TFunction, error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 413) return t('documents.tooLargeServer');
  if (error.status === 415) return t('documents.wrongType');
  if (error.code === 'empty_document') return t('documents.empty');
  return null;
}

export function DocumentsSection({
  view,
  onChanged,
}: {
  view: ApplicationView;
  onChanged: (message: string) => void;
}) {
  const { t } = useTranslation();
  const open = view.status === 'open';
  const requiredReason = (kind: DocumentKind, fallback: string) =>
    hasKey(sv.requiredDocuments, kind) ? t(`requiredDocuments.${kind}`) : fallback;
  const missing = new Set(view.missingDocuments.map((d) => d.kind));

  return (
    <section className="panel" aria-labelledby="documents-heading" data-testid="documents">
      <h2 id="documents-heading">{t('documents.title')}</h2>
      <h3>{t('documents.required')}</h3>
      {view.requiredDocuments.length === 0 ? (
        <p>{t('documents.noneRequired')}</p>
      ) : (
        <ul className="checklist" data-testid="required-documents">
          {view.requiredDocuments.map((doc) => (
            <li
              key={doc.kind}
              className={missing.has(doc.kind) ? 'check-open' : 'check-done'}
              data-testid="required-document"
              data-kind={doc.kind}
              data-missing={missing.has(doc.kind) ? 'true' : 'false'}
            >
              <span className="check-mark" aria-hidden="true">
                {missing.has(doc.kind) ? '○' : '✓'}
              </span>
              <span>
                <strong>
                  {missing.has(doc.kind) ? t('documents.missingMark') : t('documents.presentMark')}
                </strong>{' '}
                {t(`documentKinds.${doc.kind}`)} – {requiredReason(doc.kind, doc.reason)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p data-testid="missing-summary">
        {view.missingDocuments.length === 0
          ? t('documents.nothingMissing')
          : t('documents.missingCount', { count: view.missingDocuments.length })}
      </p>

      {open ? <UploadForm view={view} onUploaded={onChanged} /> : null}

      <h3>{t('documents.attached')}</h3>
      {view.documents.length === 0 ? (
        <p data-testid="documents-empty">{t('documents.none')}</p>
      ) : (
        <TableWrap label={t('documents.attached')}>
          <table className="table table-compact">
            <caption className="visually-hidden">{t('documents.attached')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('documents.colFile')}</th>
                <th scope="col">{t('documents.colKind')}</th>
                <th scope="col">{t('documents.colSize')}</th>
                <th scope="col">{t('documents.colUploaded')}</th>
              </tr>
            </thead>
            <tbody>
              {view.documents.map((doc) => (
                <tr key={doc.id} data-testid="document-row">
                  <th scope="row">
                    <a
                      href={documentUrl(view.caseId, view.id, doc.id)}
                      download={doc.fileName}
                      data-testid="document-link"
                    >
                      {t('documents.download', { name: doc.fileName })}
                    </a>
                  </th>
                  <td>{t(`documentKinds.${doc.kind}`)}</td>
                  <td className="nowrap">{formatBytes(doc.byteSize)}</td>
                  <td className="nowrap">{formatDateTime(doc.uploadedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <CompletionRequestPart view={view} onRequested={onChanged} />
    </section>
  );
}

function UploadForm({
  view,
  onUploaded,
}: {
  view: ApplicationView;
  onUploaded: (message: string) => void;
}) {
  const { t } = useTranslation();
  const ids = {
    kind: useId(),
    file: useId(),
    camera: useId(),
    fileHint: useId(),
    cameraHint: useId(),
  };
  const [kind, setKind] = useState<DocumentKind>(view.missingDocuments[0]?.kind ?? 'other');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [summaryToken, setSummaryToken] = useState(0);
  const [upload, setUpload] = useState<Upload>(null);
  const [error, setError] = useState<unknown>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const cameraRef = useRef<HTMLInputElement>(null);

  const choose = (chosen: File | null, other: HTMLInputElement | null) => {
    setFile(chosen);
    setFileError(null);
    setError(null);
    // One file at a time: picking from the camera clears the file picker and the other way round.
    if (chosen && other) other.value = '';
  };

  const check = (chosen: File | null): string | null => {
    if (!chosen) return t('documents.chooseFile');
    if (chosen.size === 0) return t('documents.empty');
    if (chosen.size > MAX_DOCUMENT_BYTES) {
      return t('documents.tooLarge', { size: formatBytes(chosen.size) });
    }
    const known = (DOCUMENT_CONTENT_TYPES as readonly string[]).includes(chosen.type);
    if (chosen.type !== '' && !known && chosen.type !== 'application/octet-stream') {
      return t('documents.wrongType');
    }
    return null;
  };

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (upload) return;
    const problem = check(file);
    setError(null);
    if (problem || !file) {
      setFileError(problem);
      setSummaryToken((n) => n + 1);
      return;
    }
    const contentType = (DOCUMENT_CONTENT_TYPES as readonly string[]).includes(file.type)
      ? file.type
      : 'application/octet-stream';
    setUpload({ fileName: file.name, share: 0 });
    uploadDocument(view.caseId, view.id, { kind, file, contentType }, (share) => {
      setUpload({ fileName: file.name, share });
    })
      .then(() => {
        setFile(null);
        if (fileRef.current) fileRef.current.value = '';
        if (cameraRef.current) cameraRef.current.value = '';
        onUploaded(t('documents.uploaded', { name: file.name }));
      })
      .catch((cause: unknown) => {
        if (isAbort(cause)) return;
        const text = uploadErrorText(t, cause);
        if (text) {
          setFileError(text);
          setSummaryToken((n) => n + 1);
        } else {
          setError(cause);
        }
      })
      .finally(() => {
        setUpload(null);
      });
  };

  const summary: SummaryItem[] = fileError ? [{ fieldId: ids.file, message: fileError }] : [];
  const percent = upload ? Math.round(upload.share * 100) : 0;

  return (
    <form className="subpanel" onSubmit={submit} noValidate data-testid="upload-form">
      <h3>{t('documents.uploadTitle')}</h3>
      <ErrorSummary items={summary} focusToken={summaryToken} testId="upload-error-summary" />
      {error ? <ErrorMessage error={error} testId="upload-error" /> : null}
      <SelectField
        id={ids.kind}
        label={t('documents.kind')}
        value={kind}
        onChange={(value) => {
          const found = DOCUMENT_KINDS.find((k) => k === value);
          if (found) setKind(found);
        }}
        options={DOCUMENT_KINDS.map((value) => ({
          value,
          label: t(`documentKinds.${value}`),
        }))}
        testId="upload-kind"
      />
      <div className={fileError ? 'field field-invalid' : 'field'}>
        <label htmlFor={ids.file}>{t('documents.file')}</label>
        <p id={ids.fileHint} className="hint">
          {t('documents.fileHint')}
        </p>
        {fileError ? (
          <p
            id={`${ids.file}-error`}
            className="field-error"
            role="alert"
            data-testid="upload-file-error"
          >
            {fileError}
          </p>
        ) : null}
        <input
          ref={fileRef}
          id={ids.file}
          type="file"
          className="file-input"
          accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
          aria-describedby={[ids.fileHint, fileError ? `${ids.file}-error` : null]
            .filter((v) => v !== null)
            .join(' ')}
          aria-invalid={fileError ? true : undefined}
          data-testid="upload-file"
          onChange={(event) => {
            choose(event.target.files?.[0] ?? null, cameraRef.current);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.camera}>{t('documents.camera')}</label>
        <p id={ids.cameraHint} className="hint">
          {t('documents.cameraHint')}
        </p>
        <input
          ref={cameraRef}
          id={ids.camera}
          aria-describedby={ids.cameraHint}
          type="file"
          className="file-input"
          accept="image/jpeg,image/png"
          capture="environment"
          data-testid="upload-camera"
          onChange={(event) => {
            choose(event.target.files?.[0] ?? null, fileRef.current);
          }}
        />
      </div>
      {file ? (
        <p className="muted" data-testid="upload-chosen">
          {t('documents.chosen', { name: file.name, size: formatBytes(file.size) })}
        </p>
      ) : null}
      {upload ? (
        <div className="field" data-testid="upload-progress">
          <label htmlFor={`${ids.file}-progress`}>
            {t('documents.progress', { name: upload.fileName })}
          </label>
          <progress id={`${ids.file}-progress`} max={100} value={percent}>
            {percent} %
          </progress>
        </div>
      ) : null}
      <p role="status" className="visually-hidden">
        {upload ? t('documents.uploading', { percent }) : ''}
      </p>
      <div className="actions">
        <SubmitButton
          pending={upload !== null}
          label={t('documents.upload')}
          pendingLabel={t('documents.uploading', { percent })}
          testId="upload-submit"
        />
      </div>
    </form>
  );
}

type CompletionField = 'message' | 'dueDate';

function inDays(days: number): string {
  const [year = 0, month = 1, day = 1] = todayInStockholm().split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return date.toISOString().slice(0, 10);
}

function CompletionRequestPart({
  view,
  onRequested,
}: {
  view: ApplicationView;
  onRequested: (message: string) => void;
}) {
  const { t } = useTranslation();
  const request = view.completionRequest;
  const canRequest = view.status === 'open' && view.missingDocuments.length > 0;
  const [writing, setWriting] = useState(false);
  const defaultMessage = t('completion.defaultMessage', {
    list: view.missingDocuments.map((d) => t(`documentKinds.${d.kind}`).toLowerCase()).join(', '),
  });
  const [message, setMessage] = useState('');
  const [dueDate, setDueDate] = useState(() => inDays(14));
  const [errors, setErrors] = useState<Partial<Record<CompletionField, string>>>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ids = { message: useId(), dueDate: useId() };

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    const found: Partial<Record<CompletionField, string>> = {};
    if (message.trim() === '') {
      found.message = t('validation.required', { field: t('completion.message').toLowerCase() });
    }
    if (!isPlainDate(dueDate)) found.dueDate = t('validation.date');
    else if (dueDate <= todayInStockholm()) found.dueDate = t('completion.dueDateFuture');
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      setSummaryToken((n) => n + 1);
      return;
    }
    setPending(true);
    requestCompletion(view.caseId, view.id, { message: message.trim(), dueDate })
      .then(() => {
        setWriting(false);
        onRequested(t('completion.sent', { date: formatDate(dueDate) }));
      })
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };

  const summary: SummaryItem[] = [
    ...(errors.message ? [{ fieldId: ids.message, message: errors.message }] : []),
    ...(errors.dueDate ? [{ fieldId: ids.dueDate, message: errors.dueDate }] : []),
  ];

  return (
    <div className="subpanel" data-testid="completion">
      <h3>{t('completion.title')}</h3>
      {request ? (
        <div
          className={request.resolvedAt ? 'message message-info' : 'message message-warning'}
          data-testid="completion-current"
        >
          <p className="message-title">
            {request.resolvedAt
              ? t('completion.resolved', { date: formatDate(request.resolvedAt) })
              : t('completion.open', { date: formatDate(request.dueDate) })}
          </p>
          <p>
            {t('completion.requestedOn', { date: formatDateTime(request.requestedAt) })}{' '}
            {request.message}
          </p>
        </div>
      ) : (
        <p>{t('completion.none')}</p>
      )}
      {!canRequest ? null : writing ? (
        <form onSubmit={submit} noValidate data-testid="completion-form">
          <ErrorSummary items={summary} focusToken={summaryToken} />
          {error ? <ErrorMessage error={error} testId="completion-error" /> : null}
          <TextAreaField
            id={ids.message}
            label={t('completion.message')}
            hint={t('completion.messageHint')}
            value={message}
            onChange={setMessage}
            error={errors.message}
            required
            maxLength={2000}
            rows={4}
            testId="completion-message"
          />
          <TextField
            id={ids.dueDate}
            type="date"
            width="medium"
            label={t('completion.dueDate')}
            value={dueDate}
            onChange={setDueDate}
            error={errors.dueDate}
            required
            testId="completion-due"
          />
          <div className="actions">
            <SubmitButton
              pending={pending}
              label={t('completion.submit')}
              pendingLabel={t('completion.submitting')}
              testId="completion-submit"
            />
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setWriting(false);
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="button button-secondary"
          data-testid="completion-open"
          onClick={() => {
            setMessage((current) => (current === '' ? defaultMessage : current));
            setWriting(true);
          }}
        >
          {t('completion.start')}
        </button>
      )}
    </div>
  );
}
