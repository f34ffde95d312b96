export { type FollowedEntry, followEntry } from "./follow-entry.js"
export {
  newRoster,
  type Roster,
  type RosterChange,
  type RosterProposal,
  rosterHas,
} from "./roster.js"
export { decodeRoster, encodeRoster, ROSTER_FORMAT_VERSION } from "./roster-codec.js"
export { UnfollowableCommitError } from "./unfollowable-commit-error.js"
export { type VisibleSender, visibleSender } from "./visible-sender.js"
export { type WelcomeRecipients, welcomeRecipients } from "./welcome-recipients.js"
