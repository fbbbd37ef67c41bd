import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

/**
 * The main data source's transaction host: `tx` is the EntityManager of the transaction the
 * caller runs in (`@Transactional()`), or the data source's own manager outside any.
 */
export type MainTransactionHost = TransactionHost<TransactionalAdapterTypeOrm>;
