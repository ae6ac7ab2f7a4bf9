import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension AfterSalesService {
    /// A claim taken by staff from a phone call, an e-mail or a chat (R6.2):
    /// the order must be one of the caller's stores' and the customer's own
    /// (a phone given must be the order's), the item one of its lines. The
    /// warranty check decides at once (R6.3): accepted with an owner and
    /// time limits, or declined with an explanation that is recorded and
    /// sent. The same `requestKey` again returns the first claim.
    public func receiveClaim(
        _ draft: ClaimDraft, orderNumber: String, causes: Set<String> = [], requestKey: String? = nil,
        by caller: Caller
    ) async throws -> WarrantyClaim {
        try caller.require(.handleWarrantyClaims)
        var problems = draft.problems
        if draft.channel == .customerLink {
            problems.append(
                FieldProblem(
                    field: "channel", code: "claim.channel",
                    message: LocalizedText(
                        zhHans: "员工登记请选择电话、邮件或在线客服", en: "Staff record phone, e-mail or chat requests")))
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let key = try Self.requestKey(requestKey)
        return try await receive(draft, causes: causes, requestKey: key, actor: caller.actor) { db in
            guard let order = try await OrderLookup.find(orderNumber.trimmingCharacters(in: .whitespaces), on: db),
                caller.may(.handleWarrantyClaims, storeCode: order.storeCode)
            else {
                throw AppError.invalid([
                    FieldProblem(
                        field: "orderNumber", code: "claim.unknownOrder",
                        message: LocalizedText(
                            zhHans: "在您的门店中找不到该订单编号", en: "No order with this number in your stores"))
                ])
            }
            if let given = PhoneNumber.normalized(draft.contactPhone),
                given != PhoneNumber.normalized(order.customer.phone)
            {
                throw AppError.invalid([
                    FieldProblem(
                        field: "contactPhone", code: "claim.notCustomersOrder",
                        message: LocalizedText(
                            zhHans: "该订单不属于此电话号码的客户，请核对订单编号",
                            en: "This order belongs to another customer; check the order number"))
                ])
            }
            return order
        }
    }

    /// A claim the customer makes through their tracking link (R6.2).
    public func receiveClaim(_ draft: ClaimDraft, trackingToken: String, requestKey: String? = nil) async throws
        -> WarrantyClaim
    {
        var draft = draft
        draft.channel = .customerLink
        let problems = draft.problems
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let key = try Self.requestKey(requestKey)
        return try await receive(draft, causes: [], requestKey: key, actor: Actor(kind: .customer, id: "tracking-link"))
        { db in
            guard trackingToken.count <= 100,
                let orderID = try await TrackingLinkRecords.orderID(secret: trackingToken, on: db),
                let order = try await OrderRecords.find(id: orderID, on: db)
            else { throw AppError.notFound(LocalizedText(zhHans: "链接无效", en: "This link is not valid")) }
            // A link may be shared: a handful of open requests per order.
            let open = try await WarrantyClaimRecords.documents.forOrder(order.id, on: db).filter {
                $0.status == .accepted
            }
            guard open.count < 3 else {
                throw AppError.conflict(
                    code: "claim.enough",
                    message: LocalizedText(
                        zhHans: "该订单已有多个处理中的售后申请，请致电门店", en: "This order has open requests; please call the store"))
            }
            return order
        }
    }

    private func receive(
        _ draft: ClaimDraft, causes: Set<String>, requestKey: String?, actor: Actor,
        order find: @escaping @Sendable (any SQLDatabase) async throws -> Order
    ) async throws -> WarrantyClaim {
        let now = environment.now()
        let id = environment.newID()
        let cache = reference
        let limits = timeLimits
        do {
            return try await insert(
                draft, causes: causes, requestKey: requestKey, actor: actor, id: id, now: now, cache: cache,
                limits: limits, order: find)
        } catch
            where requestKey != nil
            && (StoreError.isUniqueViolation(error) || error as? AppError == .concurrentChange)
        {
            // The same request arrived at another instance at the same moment
            // and was stored first: answer with that one.
            guard let requestKey,
                let first = try await database.read({
                    try await WarrantyClaimRecords.find(requestKey: requestKey, on: $0)
                })
            else { throw error }
            return first
        }
    }

    private func insert(
        _ draft: ClaimDraft, causes: Set<String>, requestKey: String?, actor: Actor, id: UUID, now: Date,
        cache: ReferenceCache, limits: ClaimTimeLimits,
        order find: @escaping @Sendable (any SQLDatabase) async throws -> Order
    ) async throws -> WarrantyClaim {
        try await write { db in
            if let requestKey, let existing = try await WarrantyClaimRecords.find(requestKey: requestKey, on: db) {
                return existing
            }
            let order = try await find(db)
            let itemCode = draft.itemCode.trimmingCharacters(in: .whitespaces)
            guard order.lines.contains(where: { $0.itemCode == itemCode }) else {
                throw AppError.invalid([
                    FieldProblem(
                        field: "itemCode", code: "claim.itemNotOnOrder",
                        message: LocalizedText(zhHans: "该订单中没有此服务项目", en: "This order has no such service item"))
                ])
            }
            let policy = try await cache.current(on: db).catalog[itemCode]?.warranty
            let zone = try await StoreZone.of(order.storeCode, on: db)
            let assessment = WarrantyClaim.assess(
                policy: policy, deliveredAt: try await Self.deliveredAt(order.id, on: db), claimedAt: now,
                problem: draft.problem.trimmingCharacters(in: .whitespaces), causes: causes, in: zone)
            let deadlines = limits.deadlines(from: now)
            let technicians = try await AssignmentRecords.find(orderID: order.id, on: db)?.assignment.technicianIDs
            let claim = WarrantyClaim(
                id: id, orderID: order.id, orderNumber: order.number, storeCode: order.storeCode, itemCode: itemCode,
                technicianIDs: technicians ?? [], channel: draft.channel,
                contactName: draft.contactName.trimmingCharacters(in: .whitespaces),
                contactPhone: PhoneNumber.normalized(draft.contactPhone) ?? "",
                problem: draft.problem.trimmingCharacters(in: .whitespaces),
                description: draft.description.trimmingCharacters(in: .whitespacesAndNewlines),
                receivedBy: actor.description, receivedAt: now, assessment: assessment,
                status: assessment.initialStatus,
                ownerID: assessment.eligible ? try await Self.owner(for: order.storeCode, on: db) : nil,
                respondBy: assessment.eligible ? deadlines.respondBy : nil,
                resolveBy: assessment.eligible ? deadlines.resolveBy : nil)
            let (saved, inserted) = try await WarrantyClaimRecords.insert(claim, requestKey: requestKey, on: db)
            guard inserted else { return saved }
            try await OrderChange.commit(
                order, assessment.eligible ? .claimAccepted : .claimDeclined, AfterSalesPayload(claim: saved),
                reason: assessment.explanation.zhHans, by: actor, at: now, on: db)
            return saved
        }
    }

    static func requestKey(_ key: String?) throws -> String? {
        guard let key = key?.trimmingCharacters(in: .whitespaces), !key.isEmpty else { return nil }
        guard key.count <= 100 else {
            throw AppError.invalid([
                FieldProblem(
                    field: "requestKey", code: "claim.requestKey",
                    message: LocalizedText(zhHans: "请求标识过长", en: "The request key is too long"))
            ])
        }
        return key
    }

    /// The claims of the caller's stores: open ones (or all), or only theirs.
    public func claims(openOnly: Bool, mineOnly: Bool, by caller: Caller) async throws -> [WarrantyClaim] {
        try caller.require(.handleWarrantyClaims)
        let stores = caller.visibleStores(for: .handleWarrantyClaims)
        let owner = mineOnly ? caller.staffID : nil
        if mineOnly && owner == nil { return [] }
        return try await database.read {
            try await WarrantyClaimRecords.list(stores: stores, openOnly: openOnly, ownerID: owner, limit: 300, on: $0)
        }
    }

    public func claim(_ id: UUID, by caller: Caller) async throws -> WarrantyClaim {
        let found = try await database.read { try await WarrantyClaimRecords.documents.find(id: id, on: $0) }
        guard let found, caller.may(.handleWarrantyClaims, storeCode: found.storeCode) else {
            throw Self.claimNotFound
        }
        return found
    }

    /// An order's claims, for its page (staff) or its tracking link.
    public func claims(ofOrder orderID: UUID) async throws -> [WarrantyClaim] {
        try await database.read { try await WarrantyClaimRecords.documents.forOrder(orderID, on: $0) }
    }
}
