/// <reference lib="webworker" />
/** The compute worker: owns tfjs. The UI reaches it only through src/bridge. */
import * as Comlink from 'comlink';
import { api } from './compute/api';

Comlink.expose(api);

export type { ComputeApi } from './compute/api';
