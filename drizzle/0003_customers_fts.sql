-- Customer text search: FTS5 over overlapping character bigrams (trigram FTS cannot match
-- two-character words such as 科技). Rows are written by the customers module (rowid = customers.rowid).
CREATE VIRTUAL TABLE customers_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 0');
