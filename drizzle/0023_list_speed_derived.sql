-- Derived tables of the list-speed work (docs/PERFORMANCE.md, "Sales and catalogue lists"),
-- kept by triggers in the same statement as every write of their sources, whoever writes
-- (services, sync projector, customer merge, imports, bulk loads, demo removal), and
-- backfilled here for databases that already hold data.

-- product_category_counts: live products per category ('' = none).
CREATE TRIGGER product_category_counts_ins AFTER INSERT ON products WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO product_category_counts (category_id, n) VALUES (ifnull(NEW.category_id, ''), 1) ON CONFLICT (category_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER product_category_counts_upd AFTER UPDATE OF category_id, deleted_at ON products
  WHEN (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL) OR OLD.category_id IS NOT NEW.category_id BEGIN
  UPDATE product_category_counts SET n = n - 1 WHERE OLD.deleted_at IS NULL AND category_id = ifnull(OLD.category_id, '');
  INSERT INTO product_category_counts (category_id, n) SELECT ifnull(NEW.category_id, ''), 1 WHERE NEW.deleted_at IS NULL ON CONFLICT (category_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER product_category_counts_del AFTER DELETE ON products WHEN OLD.deleted_at IS NULL BEGIN
  UPDATE product_category_counts SET n = n - 1 WHERE category_id = ifnull(OLD.category_id, '');
END;
--> statement-breakpoint
INSERT INTO product_category_counts (category_id, n) SELECT ifnull(category_id, ''), count(*) FROM products WHERE deleted_at IS NULL GROUP BY 1;
--> statement-breakpoint

-- price_points: every live quote and order line, with counts = 1 when it counts for the price
-- history: a quote line once its quote was sent (sent_at set), an order line once its order is
-- approved; neither deleted. A line looks up its header (primary key); a header updates only its
-- own points (price_points_document): no trigger scans the lines, whose indexes bulk loaders drop.
CREATE TRIGGER price_points_quote_line_ins AFTER INSERT ON quote_lines WHEN NEW.deleted_at IS NULL BEGIN
  INSERT OR REPLACE INTO price_points (line_id, source, document_id, document_key, product_id, customer_id, date, net_unit_price, counts)
  SELECT NEW.id, 'quote', NEW.quote_id, ifnull((SELECT h.group_id FROM quotes h WHERE h.id = NEW.quote_id), NEW.quote_id), NEW.product_id, NEW.customer_id, NEW.quote_date, NEW.net_unit_price,
    ifnull((SELECT (h.deleted_at IS NULL AND h.sent_at IS NOT NULL) FROM quotes h WHERE h.id = NEW.quote_id), 0);
END;
--> statement-breakpoint
CREATE TRIGGER price_points_quote_line_upd AFTER UPDATE ON quote_lines BEGIN
  DELETE FROM price_points WHERE line_id = OLD.id;
  INSERT OR REPLACE INTO price_points (line_id, source, document_id, document_key, product_id, customer_id, date, net_unit_price, counts)
  SELECT NEW.id, 'quote', NEW.quote_id, ifnull((SELECT h.group_id FROM quotes h WHERE h.id = NEW.quote_id), NEW.quote_id), NEW.product_id, NEW.customer_id, NEW.quote_date, NEW.net_unit_price,
    ifnull((SELECT (h.deleted_at IS NULL AND h.sent_at IS NOT NULL) FROM quotes h WHERE h.id = NEW.quote_id), 0)
  WHERE NEW.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER price_points_quote_line_del AFTER DELETE ON quote_lines BEGIN
  DELETE FROM price_points WHERE line_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER price_points_quote_ins AFTER INSERT ON quotes BEGIN
  UPDATE price_points SET counts = (NEW.deleted_at IS NULL AND NEW.sent_at IS NOT NULL), document_key = NEW.group_id WHERE document_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER price_points_quote_upd AFTER UPDATE OF sent_at, deleted_at, group_id ON quotes WHEN (OLD.sent_at IS NULL) != (NEW.sent_at IS NULL) OR (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL) OR OLD.group_id IS NOT NEW.group_id BEGIN
  UPDATE price_points SET counts = (NEW.deleted_at IS NULL AND NEW.sent_at IS NOT NULL), document_key = NEW.group_id WHERE document_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER price_points_quote_del AFTER DELETE ON quotes BEGIN
  UPDATE price_points SET counts = 0 WHERE document_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER price_points_order_line_ins AFTER INSERT ON sales_order_lines WHEN NEW.deleted_at IS NULL BEGIN
  INSERT OR REPLACE INTO price_points (line_id, source, document_id, document_key, product_id, customer_id, date, net_unit_price, counts)
  SELECT NEW.id, 'order', NEW.order_id, ifnull((SELECT h.id FROM sales_orders h WHERE h.id = NEW.order_id), NEW.order_id), NEW.product_id, NEW.customer_id, NEW.order_date, NEW.net_unit_price,
    ifnull((SELECT (h.deleted_at IS NULL AND h.status = 'approved') FROM sales_orders h WHERE h.id = NEW.order_id), 0);
END;
--> statement-breakpoint
CREATE TRIGGER price_points_order_line_upd AFTER UPDATE ON sales_order_lines BEGIN
  DELETE FROM price_points WHERE line_id = OLD.id;
  INSERT OR REPLACE INTO price_points (line_id, source, document_id, document_key, product_id, customer_id, date, net_unit_price, counts)
  SELECT NEW.id, 'order', NEW.order_id, ifnull((SELECT h.id FROM sales_orders h WHERE h.id = NEW.order_id), NEW.order_id), NEW.product_id, NEW.customer_id, NEW.order_date, NEW.net_unit_price,
    ifnull((SELECT (h.deleted_at IS NULL AND h.status = 'approved') FROM sales_orders h WHERE h.id = NEW.order_id), 0)
  WHERE NEW.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER price_points_order_line_del AFTER DELETE ON sales_order_lines BEGIN
  DELETE FROM price_points WHERE line_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER price_points_order_ins AFTER INSERT ON sales_orders BEGIN
  UPDATE price_points SET counts = (NEW.deleted_at IS NULL AND NEW.status = 'approved'), document_key = NEW.id WHERE document_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER price_points_order_upd AFTER UPDATE OF status, deleted_at ON sales_orders WHEN (OLD.status = 'approved') != (NEW.status = 'approved') OR (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL) BEGIN
  UPDATE price_points SET counts = (NEW.deleted_at IS NULL AND NEW.status = 'approved'), document_key = NEW.id WHERE document_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER price_points_order_del AFTER DELETE ON sales_orders BEGIN
  UPDATE price_points SET counts = 0 WHERE document_id = OLD.id;
END;
--> statement-breakpoint
-- Backfill with the panel's indexes dropped and made again after (one sort each instead of
-- 1,000,000 random inserts on a large database).
DROP INDEX price_points_price;
DROP INDEX price_points_recent;
DROP INDEX price_points_customer;
DROP INDEX price_points_document;
INSERT OR REPLACE INTO price_points (line_id, source, document_id, document_key, product_id, customer_id, date, net_unit_price, counts)
  SELECT l.id, 'quote', l.quote_id, ifnull(h.group_id, l.quote_id), l.product_id, l.customer_id, l.quote_date, l.net_unit_price, ifnull((h.deleted_at IS NULL AND h.sent_at IS NOT NULL), 0)
  FROM quote_lines l LEFT JOIN quotes h ON h.id = l.quote_id WHERE l.deleted_at IS NULL;
INSERT OR REPLACE INTO price_points (line_id, source, document_id, document_key, product_id, customer_id, date, net_unit_price, counts)
  SELECT l.id, 'order', l.order_id, l.order_id, l.product_id, l.customer_id, l.order_date, l.net_unit_price, ifnull((h.deleted_at IS NULL AND h.status = 'approved'), 0)
  FROM sales_order_lines l LEFT JOIN sales_orders h ON h.id = l.order_id WHERE l.deleted_at IS NULL;
CREATE INDEX `price_points_price` ON `price_points` (`product_id`,`net_unit_price`,`customer_id`,`document_key`) WHERE counts = 1;
CREATE INDEX `price_points_recent` ON `price_points` (`product_id`,`date`,`line_id`,`customer_id`,`document_key`,`source`) WHERE counts = 1;
CREATE INDEX `price_points_customer` ON `price_points` (`product_id`,`customer_id`,`date`,`line_id`,`net_unit_price`,`document_key`,`source`) WHERE counts = 1;
CREATE INDEX `price_points_document` ON `price_points` (`document_id`);
