-- Product text search: FTS5 over overlapping character bigrams of name, spec, code and barcode
-- (as customers_fts). Rows are written by the catalogue module (rowid = products.rowid).
CREATE VIRTUAL TABLE products_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 0');
