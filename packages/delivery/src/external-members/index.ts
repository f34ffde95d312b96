export {
  type ExternalAppendResult,
  type ExternalCaller,
  ExternalDelivery,
  type ExternalDeliveryObserver,
  type ExternalDeliveryOptions,
} from "./external-delivery.js"
export type { GroupView } from "./group-view.js"
