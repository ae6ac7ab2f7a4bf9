import Foundation
import OrderFlowCore

/// What an aftercare event records in the order's timeline: the
/// follow-up, the feedback or the problem case as it stood.
public struct AftercarePayload: Hashable, Codable, Sendable {
    public var followUp: FollowUp?
    public var contact: FollowUpContact?
    public var feedback: CustomerFeedback?
    public var problem: ProblemCase?

    public init(
        followUp: FollowUp? = nil, contact: FollowUpContact? = nil, feedback: CustomerFeedback? = nil,
        problem: ProblemCase? = nil
    ) {
        self.followUp = followUp
        self.contact = contact
        self.feedback = feedback
        self.problem = problem
    }
}
