import Foundation
import OrderFlowCore

/// What a follow-up, feedback or problem-case event records in the order's timeline: the
/// follow-up, the feedback or the problem case as it stood.
public struct FollowUpPayload: OrderEventPart {
    /// "aftercare": the name events were first stored under (keep it).
    public static let key = "aftercare"

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
