// The case journal: signed notes with addenda, the user's drafts, and an autosaving editor that
// keeps an unsaved copy in localStorage so that a reload mid-sentence loses nothing.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import {
  addAddendum,
  createNote,
  fetchJournal,
  journalPdfUrl,
  saveNote,
  signNote,
} from '../../api/case-endpoints.ts';
import { NOTE_TYPES, type JournalNote, type NoteFields } from '../../api/case-types.ts';
import { ErrorMessage, errorText, isRecord } from '../../components/error-message.tsx';
import { LiveStatus, SelectField, SubmitButton, TextField } from '../../components/forms.tsx';
import { formatDate, formatDateTime, formatTime } from '../../i18n/index.ts';
import { TextAreaField, todayInStockholm, useLoad } from './case-ui.tsx';

const NEW = 'ny';
/** Reads a ref through a call, so that a check after an await is not narrowed away. */
const isDirty = (ref: { current: boolean }): boolean => ref.current;
const storagePrefix = (caseId: string) => `skyddsnat.journal.${caseId}.`;
const storageKey = (caseId: string, noteId: string | null) =>
  `${storagePrefix(caseId)}${noteId ?? NEW}`;

interface Stored {
  noteId: string | null;
  fields: NoteFields;
}

function writeStored(caseId: string, stored: Stored): void {
  try {
    window.localStorage.setItem(storageKey(caseId, stored.noteId), JSON.stringify(stored));
  } catch {
    // Storage may be full or disabled; the server copy is then all there is.
  }
}

function removeStored(caseId: string, noteId: string | null): void {
  try {
    window.localStorage.removeItem(storageKey(caseId, noteId));
  } catch {
    // Nothing to clean up.
  }
}

function isNoteFields(value: unknown): value is NoteFields {
  return (
    isRecord(value) &&
    ['eventDate', 'noteType', 'body', 'childrenSituation', 'childrenNotAddressedReason'].every(
      (key) => typeof value[key] === 'string',
    ) &&
    typeof value.violenceAssessment === 'string'
  );
}

/** The first unsaved copy kept for this case, if any. */
function readStored(caseId: string): Stored | null {
  try {
    for (let index = 0; index < window.localStorage.length; index++) {
      const key = window.localStorage.key(index);
      if (!key?.startsWith(storagePrefix(caseId))) continue;
      const value: unknown = JSON.parse(window.localStorage.getItem(key) ?? 'null');
      if (
        isRecord(value) &&
        (typeof value.noteId === 'string' || value.noteId === null) &&
        isNoteFields(value.fields)
      ) {
        return { noteId: value.noteId, fields: value.fields };
      }
      window.localStorage.removeItem(key);
    }
  } catch {
    // Unreadable storage: nothing to restore.
  }
  return null;
}

const emptyFields = (): NoteFields => ({
  eventDate: todayInStockholm(),
  noteType: 'visit',
  body: '',
  childrenSituation: '',
  childrenNotAddressedReason: '',
  violenceAssessment: '',
});

const fieldsOf = (note: JournalNote): NoteFields => ({
  eventDate: note.eventDate,
  noteType: note.noteType,
  body: note.body,
  childrenSituation: note.childrenSituation ?? '',
  childrenNotAddressedReason: note.childrenNotAddressedReason ?? '',
  violenceAssessment: note.violenceAssessment ?? '',
});

interface Draft {
  noteId: string | null;
  version: number;
  fields: NoteFields;
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'failed'; error: unknown };

export function Journal({ caseId, userId }: { caseId: string; userId: string }) {
  const { t } = useTranslation();
  const { load, reload } = useLoad((signal) => fetchJournal(caseId, signal), caseId);
  const [editor, setEditor] = useState<Draft | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [notice, setNotice] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [signing, setSigning] = useState(false);
  const [signError, setSignError] = useState<unknown>(null);
  const [childrenError, setChildrenError] = useState<string | undefined>(undefined);
  const [focusToken, setFocusToken] = useState(0);

  const draftRef = useRef<Draft | null>(null);
  const dirtyRef = useRef(false);
  const savingRef = useRef<Promise<void> | null>(null);
  const timerRef = useRef<number | undefined>(undefined);
  const restoredRef = useRef(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const childrenRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const shortcutsId = useId();

  /** Saves the open draft if it has unsaved changes: creates it first, then PATCHes with its version. */
  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timerRef.current);
    while (savingRef.current) await savingRef.current;
    const draft = draftRef.current;
    if (!draft || !dirtyRef.current) return true;
    if (draft.fields.eventDate === '') return false;
    dirtyRef.current = false;
    setSaveState({ kind: 'saving' });
    const sent = draft.fields;
    const run = (
      draft.noteId === null
        ? createNote(caseId, sent)
        : saveNote(caseId, draft.noteId, draft.version, sent)
    )
      .then((note) => {
        const current = draftRef.current;
        if (!current) return;
        const next = { ...current, noteId: note.id, version: note.version };
        draftRef.current = next;
        if (draft.noteId === null) removeStored(caseId, null);
        if (dirtyRef.current) writeStored(caseId, { noteId: note.id, fields: next.fields });
        else removeStored(caseId, note.id);
        setEditor(next);
        setSaveState({ kind: 'saved', at: Date.now() });
      })
      .catch((error: unknown) => {
        dirtyRef.current = true;
        setSaveState({ kind: 'failed', error });
        return false;
      });
    savingRef.current = run.then(() => undefined);
    const ok = (await run) !== false;
    savingRef.current = null;
    // Typing during the request made the draft dirty again: save that too.
    if (ok && isDirty(dirtyRef)) {
      timerRef.current = window.setTimeout(() => void flush(), 1000);
    }
    return ok;
  }, [caseId]);

  useEffect(
    () => () => {
      window.clearTimeout(timerRef.current);
    },
    [],
  );

  const change = (patch: Partial<NoteFields>) => {
    const draft = draftRef.current;
    if (!draft) return;
    const next = { ...draft, fields: { ...draft.fields, ...patch } };
    draftRef.current = next;
    setEditor(next);
    dirtyRef.current = true;
    writeStored(caseId, { noteId: next.noteId, fields: next.fields });
    if (patch.childrenSituation !== undefined || patch.childrenNotAddressedReason !== undefined)
      setChildrenError(undefined);
    // The draft is created on the first input; after that, saved a second after typing stops.
    window.clearTimeout(timerRef.current);
    if (next.noteId === null && !savingRef.current) void flush();
    else timerRef.current = window.setTimeout(() => void flush(), 1000);
  };

  const open = (draft: Draft, dirty: boolean) => {
    draftRef.current = draft;
    dirtyRef.current = dirty;
    setEditor(draft);
    setSaveState({ kind: 'idle' });
    setConfirming(false);
    setSignError(null);
    setChildrenError(undefined);
    setFocusToken((value) => value + 1);
    if (dirty) void flush();
  };

  const newNote = async () => {
    const hadDraft = draftRef.current !== null;
    await flush();
    setRestored(false);
    setNotice(null);
    open({ noteId: null, version: 0, fields: emptyFields() }, false);
    if (hadDraft) reload();
  };

  const closeEditor = async () => {
    await flush();
    draftRef.current = null;
    setEditor(null);
    setConfirming(false);
    setRestored(false);
    reload();
  };

  const askSign = () => {
    if (!draftRef.current) return;
    setSignError(null);
    setConfirming(true);
  };

  const sign = async () => {
    if (signing) return;
    setSigning(true);
    setSignError(null);
    try {
      const saved = await flush();
      const draft = draftRef.current;
      if (!draft) return;
      if (!saved || draft.noteId === null) {
        setSignError(
          draft.noteId === null
            ? new ApiError(400, 'empty_body', t('errors.codes.empty_body'))
            : null,
        );
        setConfirming(false);
        return;
      }
      await signNote(caseId, draft.noteId, draft.version);
      removeStored(caseId, draft.noteId);
      draftRef.current = null;
      dirtyRef.current = false;
      setEditor(null);
      setConfirming(false);
      setRestored(false);
      setNotice(t('journal.signed'));
      reload();
    } catch (error: unknown) {
      setConfirming(false);
      if (error instanceof ApiError && error.code === 'children_heading_required') {
        setChildrenError(t('journal.childrenRequired'));
        window.requestAnimationFrame(() => childrenRef.current?.focus());
      } else {
        setSignError(error);
      }
    } finally {
      setSigning(false);
    }
  };

  // Restore an unsaved copy (a reload mid-sentence) once the journal is known, then save it.
  useEffect(() => {
    if (load.kind !== 'loaded' || restoredRef.current) return;
    restoredRef.current = true;
    const stored = readStored(caseId);
    if (!stored) return;
    if (stored.noteId === null) {
      setRestored(true);
      open({ noteId: null, version: 0, fields: stored.fields }, true);
      return;
    }
    const note = load.value.find(
      (n) => n.id === stored.noteId && n.status === 'draft' && n.author.id === userId,
    );
    if (!note) {
      removeStored(caseId, stored.noteId);
      return;
    }
    setRestored(true);
    open({ noteId: note.id, version: note.version, fields: stored.fields }, true);
    // open and flush are stable for this purpose; run once per load.
  }, [load, caseId, userId]);

  // Keyboard shortcuts: Alt+N new note, Alt+S sign the open draft.
  const shortcuts = useRef({ newNote, askSign });
  shortcuts.current = { newNote, askSign };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.code === 'KeyN') {
        event.preventDefault();
        void shortcuts.current.newNote();
      } else if (event.code === 'KeyS' && draftRef.current) {
        event.preventDefault();
        shortcuts.current.askSign();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  useEffect(() => {
    if (focusToken > 0) bodyRef.current?.focus();
  }, [focusToken]);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const notes = load.kind === 'loaded' ? load.value : [];
  // A link to one note (`#note-<id>`, e.g. from the journal search) moves focus to it once the
  // journal has loaded.
  const loaded = load.kind === 'loaded';
  useEffect(() => {
    if (!loaded || !window.location.hash.startsWith('#note-')) return;
    const target = document.getElementById(window.location.hash.slice(1));
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    target.focus();
  }, [loaded]);
  const signed = notes.filter((n) => n.status === 'signed');
  const myDrafts = notes.filter(
    (n) => n.status === 'draft' && n.author.id === userId && n.id !== editor?.noteId,
  );

  const statusText =
    saveState.kind === 'saving'
      ? t('journal.saving')
      : saveState.kind === 'saved'
        ? t('journal.savedAt', { time: formatTime(saveState.at) })
        : saveState.kind === 'failed'
          ? t('journal.saveFailed', { message: errorText(t, saveState.error) })
          : editor?.noteId
            ? ''
            : t('journal.notSaved');

  return (
    <section className="panel" aria-labelledby="journal-heading" data-testid="journal">
      <h2 id="journal-heading">{t('journal.title')}</h2>
      <p>{t('journal.intro')}</p>
      <div className="button-row">
        <button
          type="button"
          className="button"
          aria-keyshortcuts="Alt+N"
          aria-describedby={shortcutsId}
          data-testid="new-note"
          onClick={() => void newNote()}
        >
          {t('journal.newNote')}
        </button>
        <a href={journalPdfUrl(caseId)} data-testid="journal-pdf">
          {t('journal.pdf')}
        </a>
      </div>
      <div id={shortcutsId}>
        <p className="muted">{t('journal.shortcuts')}:</p>
        <ul className="kbd-list muted">
          <li>{t('journal.shortcutNew')}</li>
          <li>{t('journal.shortcutSign')}</li>
        </ul>
      </div>
      <LiveStatus message={notice} testId="journal-notice" />

      {editor ? (
        <section className="editor" aria-labelledby="editor-heading" data-testid="note-editor">
          <h3 id="editor-heading">{t('journal.editorTitle')}</h3>
          {restored ? (
            <div className="message message-info" data-testid="note-restored">
              <p>{t('journal.restored')}</p>
            </div>
          ) : null}
          <TextField
            type="date"
            width="medium"
            label={t('journal.eventDate')}
            value={editor.fields.eventDate}
            onChange={(eventDate) => {
              change({ eventDate });
            }}
            error={
              saveState.kind === 'failed' &&
              saveState.error instanceof ApiError &&
              saveState.error.code === 'future_event_date'
                ? t('errors.codes.future_event_date')
                : editor.fields.eventDate === ''
                  ? t('validation.date')
                  : undefined
            }
            testId="note-date"
          />
          <SelectField
            label={t('journal.noteType')}
            value={editor.fields.noteType}
            onChange={(value) => {
              const noteType = NOTE_TYPES.find((type) => type === value);
              if (noteType) change({ noteType });
            }}
            options={NOTE_TYPES.map((value) => ({ value, label: t(`journal.types.${value}`) }))}
            testId="note-type"
          />
          <TextAreaField
            label={t('journal.body')}
            value={editor.fields.body}
            onChange={(body) => {
              change({ body });
            }}
            rows={8}
            testId="note-body"
            textareaRef={bodyRef}
          />
          <fieldset className={childrenError ? 'field-invalid' : undefined}>
            <legend>{t('journal.childrenHeading')}</legend>
            {childrenError ? (
              <p className="field-error" role="alert" data-testid="children-error">
                {childrenError}
              </p>
            ) : null}
            <TextAreaField
              label={t('journal.childrenSituation')}
              hint={t('journal.childrenSituationHint')}
              value={editor.fields.childrenSituation}
              onChange={(childrenSituation) => {
                change({ childrenSituation });
              }}
              error={childrenError}
              rows={3}
              testId="note-children"
              textareaRef={childrenRef}
            />
            <TextAreaField
              label={t('journal.childrenNotAddressed')}
              hint={t('journal.childrenNotAddressedHint')}
              value={editor.fields.childrenNotAddressedReason}
              onChange={(childrenNotAddressedReason) => {
                change({ childrenNotAddressedReason });
              }}
              error={childrenError}
              rows={2}
              testId="note-children-reason"
            />
          </fieldset>
          <fieldset>
            <legend>{t('journal.violence')}</legend>
            <TextAreaField
              label={t('journal.violence')}
              hint={t('journal.violenceHint')}
              value={editor.fields.violenceAssessment}
              onChange={(violenceAssessment) => {
                change({ violenceAssessment });
              }}
              rows={3}
              testId="note-violence"
            />
          </fieldset>
          <p role="status" className="save-status" data-testid="save-status">
            {statusText}
          </p>
          {signError ? <ErrorMessage error={signError} testId="sign-error" /> : null}
          {confirming ? (
            <div className="confirm-box" data-testid="sign-confirm">
              <p id="sign-confirm-text">{t('journal.confirmSign')}</p>
              <div className="button-row">
                <button
                  ref={confirmRef}
                  type="button"
                  className="button"
                  aria-describedby="sign-confirm-text"
                  aria-disabled={signing ? true : undefined}
                  data-testid="sign-confirm-yes"
                  onClick={() => void sign()}
                >
                  {signing ? t('journal.signing') : t('journal.confirmYes')}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setConfirming(false);
                  }}
                >
                  {t('common.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <div className="button-row">
              <button
                type="button"
                className="button"
                aria-keyshortcuts="Alt+S"
                data-testid="sign-note"
                onClick={askSign}
              >
                {t('journal.sign')}
              </button>
              <button
                type="button"
                className="button button-secondary"
                data-testid="close-note"
                onClick={() => void closeEditor()}
              >
                {t('journal.close')}
              </button>
            </div>
          )}
        </section>
      ) : null}

      {load.kind === 'loading' ? <p role="status">{t('journal.loading')}</p> : null}
      {load.kind === 'failed' ? <ErrorMessage error={load.error} /> : null}

      {myDrafts.map((note) => (
        <article
          key={note.id}
          id={`note-${note.id}`}
          tabIndex={-1}
          className="note note-draft"
          data-testid="draft-note"
        >
          <h3>
            {t('journal.noteHeading', {
              type: t(`journal.types.${note.noteType}`),
              date: formatDate(note.eventDate),
            })}{' '}
            <span className="badge badge-draft">{t('journal.draft')}</span>
          </h3>
          <p className="muted">
            {t('journal.draftBy', {
              name: note.author.displayName,
              time: formatDateTime(note.updatedAt),
            })}
          </p>
          <p className="note-body">{note.body}</p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              void flush().then(() => {
                setRestored(false);
                open({ noteId: note.id, version: note.version, fields: fieldsOf(note) }, false);
              });
            }}
          >
            {t('journal.continueDraft')}
          </button>
        </article>
      ))}

      {load.kind === 'loaded' && signed.length === 0 && myDrafts.length === 0 && !editor ? (
        <p data-testid="journal-empty">{t('journal.none')}</p>
      ) : null}

      {signed.map((note) => (
        <SignedNote key={note.id} caseId={caseId} note={note} onAdded={reload} />
      ))}
    </section>
  );
}

function SignedNote({
  caseId,
  note,
  onAdded,
}: {
  caseId: string;
  note: JournalNote;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [writing, setWriting] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const headingId = useId();

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    if (text.trim() === '') {
      setFieldError(t('validation.required', { field: t('journal.addendum').toLowerCase() }));
      return;
    }
    setPending(true);
    setError(null);
    setFieldError(undefined);
    addAddendum(caseId, note.id, text.trim())
      .then(() => {
        setText('');
        setWriting(false);
        setSaved(t('journal.addendumSaved'));
        onAdded();
      })
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <article
      id={`note-${note.id}`}
      tabIndex={-1}
      className="note"
      aria-labelledby={headingId}
      data-testid="signed-note"
    >
      <h3 id={headingId}>
        {t('journal.noteHeading', {
          type: t(`journal.types.${note.noteType}`),
          date: formatDate(note.eventDate),
        })}{' '}
        <span className="badge badge-locked" data-testid="note-locked">
          {t('journal.locked')}
        </span>
      </h3>
      <p className="muted">
        {t('journal.writtenBy', { name: note.author.displayName })}
        {note.signedBy && note.signedAt ? (
          <>
            {' · '}
            {t('journal.signedBy', {
              name: note.signedBy.displayName,
              time: formatDateTime(note.signedAt),
            })}
          </>
        ) : null}
      </p>
      <p className="note-body" data-testid="signed-note-body">
        {note.body}
      </p>
      {note.childrenSituation || note.childrenNotAddressedReason ? (
        <>
          <h4>{t('journal.childrenHeading')}</h4>
          {note.childrenSituation ? <p className="note-body">{note.childrenSituation}</p> : null}
          {note.childrenNotAddressedReason ? (
            <p className="note-body">
              <strong>{t('journal.childrenNotAddressed')}:</strong>{' '}
              {note.childrenNotAddressedReason}
            </p>
          ) : null}
        </>
      ) : null}
      {note.violenceAssessment ? (
        <>
          <h4>{t('journal.violence')}</h4>
          <p className="note-body">{note.violenceAssessment}</p>
        </>
      ) : null}
      {note.addenda.length > 0 ? (
        <div className="addenda" data-testid="addenda">
          <h4>{t('journal.addenda')}</h4>
          <ol className="plain-list">
            {note.addenda.map((addendum) => (
              <li key={addendum.id} data-testid="addendum">
                <p className="muted">
                  {t('journal.addendumBy', {
                    name: addendum.author.displayName,
                    time: formatDateTime(addendum.createdAt),
                  })}
                </p>
                <p className="note-body">{addendum.body}</p>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <LiveStatus message={saved} />
      {writing ? (
        <form onSubmit={submit} noValidate data-testid="addendum-form">
          {error ? <ErrorMessage error={error} /> : null}
          <TextAreaField
            label={t('journal.addendum')}
            value={text}
            onChange={setText}
            error={fieldError}
            required
            rows={3}
            testId="addendum-body"
          />
          <div className="button-row">
            <SubmitButton
              pending={pending}
              label={t('journal.addendumSubmit')}
              pendingLabel={t('common.saving')}
              testId="addendum-submit"
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
          data-testid="add-addendum"
          onClick={() => {
            setWriting(true);
          }}
        >
          {t('journal.addAddendum')}
        </button>
      )}
    </article>
  );
}
