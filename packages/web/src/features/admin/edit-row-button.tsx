// The "Ändra" button of a row in the administration tables, named for screen readers.
export function EditRowButton({
  text,
  label,
  onEdit,
  testId,
}: {
  text: string;
  /** The accessible name, naming the row ("Ändra Farsta"). */
  label: string;
  onEdit: () => void;
  testId?: string | undefined;
}) {
  return (
    <button
      type="button"
      className="link-button"
      aria-label={label}
      data-testid={testId}
      onClick={onEdit}
    >
      {text}
    </button>
  );
}
