/**
 * catalogue.categoryTree's SQL before the list-speed work (commit ef85307): direct counts by
 * grouping every live product of the covering category index. Kept only so
 * bench/catalogue.bench.ts can time it beside the current one in the same run.
 */
export const CATEGORY_TREE_BEFORE = `WITH RECURSIVE
  live AS (SELECT id, name, parent_id, sort FROM product_categories WHERE deleted_at IS NULL),
  direct AS MATERIALIZED (SELECT category_id AS cat, count(*) AS n FROM products INDEXED BY products_cat_code WHERE deleted_at IS NULL GROUP BY category_id),
  anc(ancestor, cat, depth) AS (SELECT id, id, 0 FROM live
    UNION ALL SELECT l.parent_id, a.cat, a.depth + 1 FROM anc a JOIN live l ON l.id = a.ancestor WHERE l.parent_id IS NOT NULL AND a.depth < 64),
  totals AS (SELECT a.ancestor AS id, sum(d.n) AS n FROM anc a JOIN direct d ON d.cat = a.cat GROUP BY a.ancestor)
  SELECT * FROM (SELECT l.id, l.name, l.parent_id AS parentId, l.sort,
    ifnull((SELECT n FROM direct WHERE cat = l.id), 0) AS productCount,
    ifnull((SELECT n FROM totals WHERE id = l.id), 0) AS totalCount,
    (SELECT count(*) FROM live c WHERE c.parent_id = l.id) AS childCount
  FROM live l ORDER BY l.parent_id, l.sort, l.name, l.id)
  UNION ALL SELECT NULL, NULL, NULL, NULL, ifnull((SELECT n FROM direct WHERE cat IS NULL), 0), ifnull((SELECT sum(n) FROM direct), 0), 0`
