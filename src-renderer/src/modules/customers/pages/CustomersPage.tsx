/*
 * 客户资料 (CU-1): the customer list, or one customer's page when the route carries ?id=<uuid>
 * (the page registry has no hidden entries, so the detail view shares this route).
 * Testids: see CustomerListPage and CustomerDetailPage.
 */
import { useSearchParams } from 'react-router'
import { CustomerDetailPage } from './CustomerDetailPage'
import { CustomerListPage } from './CustomerListPage'

export default function CustomersPage() {
  const [params] = useSearchParams()
  const id = params.get('id')
  return id ? <CustomerDetailPage key={id} id={id} /> : <CustomerListPage />
}
