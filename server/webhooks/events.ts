// The app's own event bus: sealing, the DGI agent and reports publish here; webhook deliveries subscribe.

export const WEBHOOK_EVENTS = ['invoice.sealed', 'invoice.uploaded', 'invoice.upload_failed', 'z.closed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export type AppEvent = { type: WebhookEventType; merchantId: string; outletId: string; data: Record<string, unknown> };
export type AppEventListener = (event: AppEvent) => void;

export type AppEvents = {
  /** Publishes to every listener; a listener that throws is isolated (publishing never fails the caller). */
  emit(event: AppEvent): void;
  /** Subscribes; returns the unsubscribe function. */
  on(listener: AppEventListener): () => void;
};

export function createAppEvents(onListenerError: (err: unknown) => void = () => {}): AppEvents {
  const listeners = new Set<AppEventListener>();
  return {
    emit(event) {
      for (const l of listeners) {
        try {
          l(event);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
