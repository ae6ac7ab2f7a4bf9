import Foundation

/// A reviewer's decision on an order waiting in the review queue (R2.4).
public enum ReviewDecision: Hashable, Codable, Sendable {
    case approve(note: String?)
    case reject(reason: String)

    /// The status the order goes to.
    public var resultingStatus: OrderStatus {
        switch self {
        case .approve: .confirmed
        case .reject: .rejected
        }
    }

    /// Rejections need a reason the customer can be told; notes and reasons are bounded.
    public static func validatedReason(_ raw: String?, required: Bool) -> Result<String?, ValidationFailure> {
        let text = raw?.trimmedOrNil
        if required, text == nil {
            return .failure(ValidationFailure([IntakeProblem.required("reason", FieldLabel.reason)]))
        }
        if let text, text.count > TextLimits.reason {
            return .failure(ValidationFailure([IntakeProblem.tooLong("reason", limit: TextLimits.reason)]))
        }
        return .success(text)
    }
}
