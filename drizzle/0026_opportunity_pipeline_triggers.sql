-- Derived rows behind the pipeline totals and the forecast (docs/WIN-RATE.md, "Where it lives";
-- tables in followups/pipeline.table.ts), kept by triggers in the same statement as every write
-- of their sources, whoever writes (services, sync projector, reassignment, demo removal), and
-- backfilled here for databases that already hold data. Triggers are named pipeline_rollup_*:
-- the data generator sets them aside during its bulk load and rebuilds the tables after.

-- Backfill first (set-based), triggers after.
-- customer_followup_stats: the three newest live follow-ups per customer and their owner ('' none, NULL several).
INSERT INTO customer_followup_stats (customer_id, last_at, second_at, third_at, followup_owner)
SELECT customer_id, max(CASE WHEN rn = 1 THEN at END), max(CASE WHEN rn = 2 THEN at END), max(CASE WHEN rn = 3 THEN at END),
  CASE WHEN min(owner_id) = max(owner_id) THEN min(owner_id) END
FROM (SELECT customer_id, owner_id, at, row_number() OVER (PARTITION BY customer_id ORDER BY at DESC) AS rn FROM followups WHERE deleted_at IS NULL)
GROUP BY customer_id;
--> statement-breakpoint
INSERT INTO opportunity_pipeline (opportunity_id, customer_id, owner_id, stage, amount, created_at, expected_close_date, last_at, third_at, followup_owner)
SELECT o.id, o.customer_id, o.owner_id, o.stage, o.amount, o.created_at, o.expected_close_date, s.last_at, s.third_at, CASE WHEN s.customer_id IS NULL THEN '' ELSE s.followup_owner END
FROM opportunities o LEFT JOIN customer_followup_stats s ON s.customer_id = o.customer_id WHERE o.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO opportunity_stage_totals (stage, owner_id, n, amount) SELECT stage, owner_id, count(*), sum(amount) FROM opportunity_pipeline GROUP BY stage, owner_id;
--> statement-breakpoint

-- opportunity_stage_totals follows opportunity_pipeline (whose stage, owner and amount are only
-- ever written by inserting or deleting a row).
CREATE TRIGGER pipeline_rollup_totals_ins AFTER INSERT ON opportunity_pipeline BEGIN
  INSERT INTO opportunity_stage_totals (stage, owner_id, n, amount) VALUES (NEW.stage, NEW.owner_id, 1, NEW.amount)
    ON CONFLICT (stage, owner_id) DO UPDATE SET n = n + 1, amount = amount + excluded.amount;
END;
--> statement-breakpoint
CREATE TRIGGER pipeline_rollup_totals_del AFTER DELETE ON opportunity_pipeline BEGIN
  UPDATE opportunity_stage_totals SET n = n - 1, amount = amount - OLD.amount WHERE stage = OLD.stage AND owner_id = OLD.owner_id;
  DELETE FROM opportunity_stage_totals WHERE stage = OLD.stage AND owner_id = OLD.owner_id AND n <= 0;
END;
--> statement-breakpoint

-- opportunity_pipeline: one row per live opportunity, follow-up columns copied from the stats
-- (a primary-key lookup: no dependence on the followups table's secondary indexes).
CREATE TRIGGER pipeline_rollup_opportunity_ins AFTER INSERT ON opportunities BEGIN
  DELETE FROM opportunity_pipeline WHERE opportunity_id = NEW.id;
  INSERT INTO opportunity_pipeline (opportunity_id, customer_id, owner_id, stage, amount, created_at, expected_close_date, last_at, third_at, followup_owner)
  SELECT NEW.id, NEW.customer_id, NEW.owner_id, NEW.stage, NEW.amount, NEW.created_at, NEW.expected_close_date, s.last_at, s.third_at, CASE WHEN s.customer_id IS NULL THEN '' ELSE s.followup_owner END
  FROM (SELECT 1) LEFT JOIN customer_followup_stats s ON s.customer_id = NEW.customer_id WHERE NEW.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER pipeline_rollup_opportunity_upd AFTER UPDATE OF customer_id, owner_id, stage, amount, created_at, expected_close_date, deleted_at ON opportunities BEGIN
  DELETE FROM opportunity_pipeline WHERE opportunity_id = OLD.id;
  INSERT INTO opportunity_pipeline (opportunity_id, customer_id, owner_id, stage, amount, created_at, expected_close_date, last_at, third_at, followup_owner)
  SELECT NEW.id, NEW.customer_id, NEW.owner_id, NEW.stage, NEW.amount, NEW.created_at, NEW.expected_close_date, s.last_at, s.third_at, CASE WHEN s.customer_id IS NULL THEN '' ELSE s.followup_owner END
  FROM (SELECT 1) LEFT JOIN customer_followup_stats s ON s.customer_id = NEW.customer_id WHERE NEW.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER pipeline_rollup_opportunity_del AFTER DELETE ON opportunities BEGIN
  DELETE FROM opportunity_pipeline WHERE opportunity_id = OLD.id;
END;
--> statement-breakpoint

-- customer_followup_stats: a live follow-up inserted is merged into the three newest from its own
-- values (SET expressions all read the row as it was); an update or delete recounts the customer.
-- Then the customer's pipeline rows take the new values.
CREATE TRIGGER pipeline_rollup_followup_ins AFTER INSERT ON followups WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO customer_followup_stats (customer_id, last_at, second_at, third_at, followup_owner) VALUES (NEW.customer_id, NEW.at, NULL, NULL, NEW.owner_id)
    ON CONFLICT (customer_id) DO UPDATE SET
      last_at = CASE WHEN last_at IS NULL OR excluded.last_at >= last_at THEN excluded.last_at ELSE last_at END,
      second_at = CASE WHEN last_at IS NULL OR excluded.last_at >= last_at THEN last_at
        WHEN second_at IS NULL OR excluded.last_at >= second_at THEN excluded.last_at ELSE second_at END,
      third_at = CASE WHEN last_at IS NULL OR excluded.last_at >= last_at THEN second_at
        WHEN second_at IS NULL OR excluded.last_at >= second_at THEN second_at
        WHEN third_at IS NULL OR excluded.last_at >= third_at THEN excluded.last_at ELSE third_at END,
      followup_owner = CASE WHEN last_at IS NULL THEN excluded.followup_owner WHEN followup_owner = excluded.followup_owner THEN followup_owner END;
  UPDATE opportunity_pipeline SET (last_at, third_at, followup_owner) = (SELECT s.last_at, s.third_at, s.followup_owner FROM customer_followup_stats s WHERE s.customer_id = NEW.customer_id)
    WHERE customer_id = NEW.customer_id;
END;
--> statement-breakpoint
CREATE TRIGGER pipeline_rollup_followup_upd AFTER UPDATE OF customer_id, owner_id, at, deleted_at ON followups
  WHEN OLD.customer_id IS NOT NEW.customer_id OR OLD.owner_id IS NOT NEW.owner_id OR OLD.at IS NOT NEW.at OR (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL) BEGIN
  INSERT OR REPLACE INTO customer_followup_stats (customer_id, last_at, second_at, third_at, followup_owner)
  SELECT c.id,
    (SELECT f.at FROM followups f WHERE f.customer_id = c.id AND f.deleted_at IS NULL ORDER BY f.at DESC LIMIT 1),
    (SELECT f.at FROM followups f WHERE f.customer_id = c.id AND f.deleted_at IS NULL ORDER BY f.at DESC LIMIT 1 OFFSET 1),
    (SELECT f.at FROM followups f WHERE f.customer_id = c.id AND f.deleted_at IS NULL ORDER BY f.at DESC LIMIT 1 OFFSET 2),
    (SELECT CASE WHEN count(*) = 0 THEN '' WHEN min(f.owner_id) = max(f.owner_id) THEN min(f.owner_id) END FROM followups f WHERE f.customer_id = c.id AND f.deleted_at IS NULL)
  FROM (SELECT OLD.customer_id AS id UNION SELECT NEW.customer_id) c;
  UPDATE opportunity_pipeline SET (last_at, third_at, followup_owner) = (SELECT s.last_at, s.third_at, s.followup_owner FROM customer_followup_stats s WHERE s.customer_id = opportunity_pipeline.customer_id)
    WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER pipeline_rollup_followup_del AFTER DELETE ON followups WHEN OLD.deleted_at IS NULL BEGIN
  INSERT OR REPLACE INTO customer_followup_stats (customer_id, last_at, second_at, third_at, followup_owner)
  SELECT OLD.customer_id,
    (SELECT f.at FROM followups f WHERE f.customer_id = OLD.customer_id AND f.deleted_at IS NULL ORDER BY f.at DESC LIMIT 1),
    (SELECT f.at FROM followups f WHERE f.customer_id = OLD.customer_id AND f.deleted_at IS NULL ORDER BY f.at DESC LIMIT 1 OFFSET 1),
    (SELECT f.at FROM followups f WHERE f.customer_id = OLD.customer_id AND f.deleted_at IS NULL ORDER BY f.at DESC LIMIT 1 OFFSET 2),
    (SELECT CASE WHEN count(*) = 0 THEN '' WHEN min(f.owner_id) = max(f.owner_id) THEN min(f.owner_id) END FROM followups f WHERE f.customer_id = OLD.customer_id AND f.deleted_at IS NULL);
  UPDATE opportunity_pipeline SET (last_at, third_at, followup_owner) = (SELECT s.last_at, s.third_at, s.followup_owner FROM customer_followup_stats s WHERE s.customer_id = OLD.customer_id)
    WHERE customer_id = OLD.customer_id;
END;
