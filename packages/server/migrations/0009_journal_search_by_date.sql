-- Journal search reads newest first, one date window at a time (see JournalService.search): the
-- full-text index finds the matching notes and this index the window, so a common word is
-- answered from the recent notes without ranking every match in the journal.
CREATE INDEX journal_note_date_ix ON app.journal_note (municipality_id, event_date);
