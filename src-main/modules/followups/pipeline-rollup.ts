import type { Sqlite } from '../../core/db'

/**
 * The pipeline rollup (pipeline.table.ts) is kept by the pipeline_rollup_* triggers of migration
 * 0026. A bulk loader that sets those triggers aside (the data generator: 500,000 follow-ups
 * merged one by one would cost more than one sorted pass) rebuilds the tables set-based with the
 * same SQL as the migration's backfill, then puts the triggers back.
 */
export const ROLLUP_TRIGGER_PREFIX = 'pipeline_rollup_'

/** Drops the rollup triggers on the source tables and returns their CREATE statements. */
export function suspendPipelineRollup(sqlite: Sqlite): string[] {
  const rows = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${ROLLUP_TRIGGER_PREFIX}%' AND tbl_name IN ('opportunities', 'followups')`)
    .all() as { name: string; sql: string }[]
  for (const r of rows) sqlite.exec(`DROP TRIGGER "${r.name}"`)
  return rows.map((r) => r.sql)
}

/** Recomputes the three rollup tables from opportunities and followups, then restores `triggers`. */
export function rebuildPipelineRollup(sqlite: Sqlite, triggers: readonly string[] = []): void {
  sqlite.transaction(() => {
    sqlite.exec(`DELETE FROM opportunity_pipeline; DELETE FROM opportunity_stage_totals; DELETE FROM customer_followup_stats;`)
    sqlite.exec(`INSERT INTO customer_followup_stats (customer_id, last_at, second_at, third_at, followup_owner)
      SELECT customer_id, max(CASE WHEN rn = 1 THEN at END), max(CASE WHEN rn = 2 THEN at END), max(CASE WHEN rn = 3 THEN at END),
        CASE WHEN min(owner_id) = max(owner_id) THEN min(owner_id) END
      FROM (SELECT customer_id, owner_id, at, row_number() OVER (PARTITION BY customer_id ORDER BY at DESC) AS rn FROM followups WHERE deleted_at IS NULL)
      GROUP BY customer_id`)
    // The totals follow from the pipeline rows' insert trigger (pipeline_rollup_totals_ins).
    sqlite.exec(`INSERT INTO opportunity_pipeline (opportunity_id, customer_id, owner_id, stage, amount, created_at, expected_close_date, last_at, third_at, followup_owner)
      SELECT o.id, o.customer_id, o.owner_id, o.stage, o.amount, o.created_at, o.expected_close_date, s.last_at, s.third_at, CASE WHEN s.customer_id IS NULL THEN '' ELSE s.followup_owner END
      FROM opportunities o LEFT JOIN customer_followup_stats s ON s.customer_id = o.customer_id WHERE o.deleted_at IS NULL`)
    for (const ddl of triggers) sqlite.exec(ddl)
  })()
}

/**
 * The rollup as rows, for comparing what the triggers kept with a rebuild (tests; a customer
 * without live follow-ups may or may not have an empty stats row: both mean the same).
 */
export function pipelineRollupSnapshot(sqlite: Sqlite): { pipeline: unknown[]; totals: unknown[]; stats: unknown[] } {
  return {
    pipeline: sqlite.prepare(`SELECT * FROM opportunity_pipeline ORDER BY opportunity_id`).all(),
    totals: sqlite.prepare(`SELECT * FROM opportunity_stage_totals ORDER BY stage, owner_id`).all(),
    stats: sqlite.prepare(`SELECT * FROM customer_followup_stats WHERE last_at IS NOT NULL ORDER BY customer_id`).all(),
  }
}
