// The Stalela SDK's public API for Node 20 and browsers (the JSON-file queue is in ./file-queue, Node only).
export { createStalelaClient, type ClientOptions, type SealAnswer, type StalelaClient } from './client';
export { createDraftSender, type DraftSender, type DraftSenderOptions, type FlushSummary, type SendOutcome } from './draft-sender';
export { StalelaApiError, StalelaNetworkError, StalelaProtocolError, isApiError, isNetworkError, type FieldProblem, type NetworkFailure } from './errors';
export { classifyFailure, httpRequest, type FetchLike, type HttpOptions } from './http';
export { OPERATIONS, routeShape, type Operation, type OperationName } from './operations';
export { memoryDraftQueue, type DraftQueue, type QueuedDraft } from './queue';
export type * from './types';
