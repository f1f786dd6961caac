import type { Clock } from '../../platform/clock.js';
import type { Store } from '../../store/types.js';
import type { DeliveryPort } from '../deps.js';

/** The default delivery adapter: every SMS and email is recorded in the store's outbox instead of being sent. */
export function outboxDelivery(store: Store, clock: Clock): DeliveryPort {
  return {
    async send(message) {
      await store.outbox.add({ ...message, createdAt: clock.now() });
    },
  };
}
