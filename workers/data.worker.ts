/// <reference lib="webworker" />
/** The data worker: parses datasets (see data/api.ts). The UI reaches it only through src/bridge. */
import * as Comlink from 'comlink';
import { installErrorTransfer } from '../src/core/error-transfer';
import { api } from './data/api';

installErrorTransfer();
Comlink.expose(api);

export type { DataApi } from './data/api';
export { MAX_DATASET_BYTES } from './data/api';
