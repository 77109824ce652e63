/** The renderer reaches the core's model through the preload only (lint: renderer ↛ main). */
export * from '../main/core/model/request-words';
