import { defineSyncedTable } from '../../core/synced'
import { pinyinInitials } from '../customers/search-keys'
import { productCategories, productCosts, products } from './catalogue.table'
import { reindexProduct } from './search'

/**
 * Company data (产品资料 and 产品分类): every device of the company holds the catalogue.
 * product_cost is a document of its own: it routes to lb_cost (topology-names.ts COST_TYPES),
 * which only users with catalogue.viewCost replicate and the server lets only them read.
 */
export const catalogueSynced = [
  defineSyncedTable({ table: productCategories, docType: 'product_category', partition: 'company' }),
  defineSyncedTable({
    table: products,
    docType: 'product',
    partition: 'company',
    merge: { notes: 'ask', name: 'ask', listPrice: 'ask' },
    derive: (row) => ({ pinyin: pinyinInitials(String(row.name ?? ''))[0] ?? '' }),
    afterWrite: (db, row) => reindexProduct(db, row.id as string),
  }),
  defineSyncedTable({ table: productCosts, docType: 'product_cost', partition: 'company', merge: { floorPrice: 'ask', standardCost: 'ask' } }),
]
