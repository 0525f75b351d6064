-- Journal search answers newest first (see JournalService.search): it walks the newest notes of
-- the municipality in this index's order and checks the text on the walked rows, so a common
-- word costs a bounded walk instead of ranking every match in the journal; rarer words go
-- through the full-text index.
CREATE INDEX journal_note_date_ix ON app.journal_note (municipality_id, event_date DESC, id DESC);
