-- product_pinyin_keys: each product's `p:` search keys (pinyin initials, see catalogue/search.ts)
-- in code order. A dense pinyin term (≥ 8 % of products) walks the code index and checks each
-- walked row; through product_keys that is a probe of a ~60 MB index by the random 36-char
-- product id, which misses the page cache row after row. Keyed (code, product_id, key), the
-- rows of consecutive walked products sit side by side, so the probes of one page read a few
-- leaf pages. WITHOUT ROWID so the entries are the key order itself (and no rowid to go stale
-- under VACUUM). Not declared in drizzle (it cannot say WITHOUT ROWID), like product_code_keys
-- (0027). Kept by triggers whoever writes: entries come and go with their product_keys rows
-- (reindexProduct, rebuildProductSearch, demo removal) and follow the product's code and row
-- (services, sync projector upserts, imports, bulk loads).
CREATE TABLE product_pinyin_keys (
  code TEXT NOT NULL,
  product_id TEXT NOT NULL,
  key TEXT NOT NULL,
  PRIMARY KEY (code, product_id, key)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER product_pinyin_keys_key_ins AFTER INSERT ON product_keys WHEN NEW.key >= 'p:' AND NEW.key < 'p;' BEGIN
  INSERT OR IGNORE INTO product_pinyin_keys (code, product_id, key) SELECT p.code, p.id, NEW.key FROM products p WHERE p.id = NEW.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER product_pinyin_keys_key_del AFTER DELETE ON product_keys WHEN OLD.key >= 'p:' AND OLD.key < 'p;' BEGIN
  DELETE FROM product_pinyin_keys WHERE code = (SELECT p.code FROM products p WHERE p.id = OLD.product_id) AND product_id = OLD.product_id AND key = OLD.key;
END;
--> statement-breakpoint
CREATE TRIGGER product_pinyin_keys_code AFTER UPDATE OF code ON products WHEN NEW.code IS NOT OLD.code BEGIN
  UPDATE product_pinyin_keys SET code = NEW.code WHERE code = OLD.code AND product_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER product_pinyin_keys_del AFTER DELETE ON products BEGIN
  DELETE FROM product_pinyin_keys WHERE code = OLD.code AND product_id = OLD.id;
END;
--> statement-breakpoint
-- Backfill for databases that already hold products (sorted: appends to the b-tree).
INSERT INTO product_pinyin_keys (code, product_id, key)
SELECT p.code, p.id, k.key FROM product_keys k JOIN products p ON p.id = k.product_id
WHERE k.key >= 'p:' AND k.key < 'p;' ORDER BY 1, 2, 3;
