export const PRODUCTS_PATH = '/warehouse/products'
export const CATEGORIES_PATH = '/warehouse/categories'
export const PRODUCT_IMPORT_PATH = '/warehouse/products/import'
