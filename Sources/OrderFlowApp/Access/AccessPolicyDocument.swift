import OrderFlowCore

/// The access policy as a table people read: docs/access.md is this text
/// (`orderflow policy` prints it, and a test keeps the file in step).
public enum AccessPolicyDocument {
    public static func markdown() -> String {
        let roles = Role.allCases
        var lines = [
            "# Who may do what",
            "",
            "Generated from `AccessPolicy` by `orderflow policy`; a test fails when this file and the policy differ.",
            "",
            "✓ = in the stores the role is granted for (all stores for head-office grants);",
            "own = only the person's own jobs; blank = refused (403, or 404 where the thing's existence is secret).",
            "",
            "| action | " + roles.map { "\($0.label.en) (\($0.label.zhHans))" }.joined(separator: " | ") + " |",
            "|---|" + roles.map { _ in ":-:" }.joined(separator: "|") + "|",
        ]
        for action in AccessAction.allCases where action != .platformIntake && action != .bookOnline {
            let cells = roles.map { role -> String in
                switch AccessPolicy.table[role]?[action] {
                case .grantedStores: "✓"
                case .ownJobs: "own"
                case nil: ""
                }
            }
            lines.append("| `\(action.rawValue)` | " + cells.joined(separator: " | ") + " |")
        }
        lines += [
            "",
            "Platform intake (`platformIntake`) is for sales platforms only, authenticated by the HMAC signature of",
            "each request; online booking (`bookOnline`) is for customers on a store's public page. No staff role",
            "or token has either.",
            "",
            "Customers' personal data (R1.4) is shown in full to: "
                + AccessPolicy.seesPersonalData.sorted { $0.rawValue < $1.rawValue }.map { "\($0.label.en)" }
                .joined(separator: ", ")
                + " (for their stores), and to technicians for their own jobs from "
                + "\(Int(AccessPolicy.technicianWindow / 3600)) hours before the appointment until "
                + "\(Int(AccessPolicy.technicianWindow / 3600)) hours after it. Everyone else sees it masked; "
                + "roles with `revealPersonalData` may reveal it with a reason, which is audited.",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
