/// <reference lib="webworker" />
/** The compute worker: owns tfjs. The UI reaches it only through src/bridge. */
import * as Comlink from 'comlink';
import { installErrorTransfer } from '../src/core/error-transfer';
import { api } from './compute/api';

installErrorTransfer();
Comlink.expose(api);

export type { ComputeApi } from './compute/api';
