import Foundation
import OrderFlowCore
import OrderFlowStore

/// A claim as one caller may see it (R1.4): the contact masked unless their
/// roles see customers' personal data, like `ShownOrder`. Decided here, so
/// that the API and the console show the same.
public struct ShownClaim: Hashable, Sendable {
    public var claim: WarrantyClaim
    public var personalData: PersonalDataView

    static func make(_ claim: WarrantyClaim, for caller: Caller, at now: Date) -> ShownClaim {
        let view = AccessPolicy.personalDataView(
            for: caller, storeCode: claim.storeCode, assignedToCaller: false, appointment: nil, now: now)
        guard view == .masked else { return ShownClaim(claim: claim, personalData: .full) }
        var masked = claim
        masked.contactName = PersonalData.maskedName(claim.contactName)
        masked.contactPhone = PersonalData.maskedPhone(claim.contactPhone)
        return ShownClaim(claim: masked, personalData: .masked)
    }
}

extension AfterSalesService {
    /// Claims as the caller may see them.
    public func shown(_ claims: [WarrantyClaim], to caller: Caller) -> [ShownClaim] {
        let now = environment.now()
        return claims.map { ShownClaim.make($0, for: caller, at: now) }
    }

    public func shown(_ claim: WarrantyClaim, to caller: Caller) -> ShownClaim {
        ShownClaim.make(claim, for: caller, at: environment.now())
    }

    /// Who may own the claim (R6.3): after-sales, customer service or a
    /// manager of its store, active.
    public func possibleOwners(of claim: WarrantyClaim, by caller: Caller) async throws -> [StaffMember] {
        guard caller.may(.handleWarrantyClaims, storeCode: claim.storeCode) else { throw AppError.notAllowed }
        return try await database.read { try await StaffRecords.all(on: $0) }.filter {
            $0.serves(as: WarrantyClaim.ownerRoles, in: claim.storeCode)
        }
    }
}
