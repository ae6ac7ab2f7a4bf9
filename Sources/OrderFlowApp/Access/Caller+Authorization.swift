import OrderFlowCore

extension Caller {
    /// Refuses with 403 unless the caller may do `action` somewhere.
    func require(_ action: AccessAction) throws {
        guard mayAtAll(action) else { throw AppError.notAllowed }
    }

    /// Refuses unless the caller may do `action` on something of `storeCode`.
    /// `notFound`: the answer instead of 403 for things whose existence the
    /// caller may not learn (another store's order).
    func require(
        _ action: AccessAction, storeCode: String, ownJob: Bool = false, otherwise notFound: AppError? = nil
    ) throws {
        guard may(action, storeCode: storeCode, ownJob: ownJob) else { throw notFound ?? AppError.notAllowed }
    }
}
