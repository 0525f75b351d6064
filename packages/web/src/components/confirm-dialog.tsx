// A modal confirmation (native <dialog>): focus moves to the confirming button, Escape cancels,
// and focus returns to the button that opened it.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  cancelLabel,
  pending,
  danger,
  onConfirm,
  onCancel,
  testId,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  cancelLabel: string;
  pending: boolean;
  danger?: boolean | undefined;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string | undefined;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      confirmRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) {
        opener.current.focus();
      }
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
    >
      <h2 id={titleId} className="confirm-dialog-title">
        {title}
      </h2>
      <div id={bodyId}>{children}</div>
      <div className="button-row">
        <button
          ref={confirmRef}
          type="button"
          className={danger ? 'button button-danger' : 'button'}
          aria-disabled={pending ? true : undefined}
          data-testid={testId ? `${testId}-yes` : undefined}
          onClick={() => {
            if (!pending) onConfirm();
          }}
        >
          {pending ? pendingLabel : confirmLabel}
        </button>
        <button
          type="button"
          className="button button-secondary"
          data-testid={testId ? `${testId}-no` : undefined}
          onClick={() => {
            if (!pending) onCancel();
          }}
        >
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
