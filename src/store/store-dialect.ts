/** The two database backends of the store. */
export type StoreDialect = 'sqlite' | 'postgres';
