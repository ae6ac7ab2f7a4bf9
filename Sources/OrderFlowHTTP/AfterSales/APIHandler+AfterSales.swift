import Foundation
import OpenAPIRuntime
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    func receiveClaim(_ input: Operations.ReceiveClaim.Input) async throws -> Operations.ReceiveClaim.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let draft = ClaimDraft(
            channel: ClaimChannel(rawValue: body.channel.rawValue) ?? .phone, itemCode: body.itemCode,
            contactName: body.contactName ?? "", contactPhone: body.contactPhone ?? "", problem: body.problem,
            description: body.description)
        let claim = try await afterSales.receiveClaim(
            draft, orderNumber: body.orderNumber, causes: Set(body.causes ?? []),
            requestKey: input.headers.idempotencyKey, by: try caller)
        return .created(.init(headers: .init(eTag: ETag.make(version: claim.version)), body: .json(try shown(claim))))
    }

    func listClaims(_ input: Operations.ListClaims.Input) async throws -> Operations.ListClaims.Output {
        let claims = try await afterSales.claims(
            openOnly: input.query.state != .all, mineOnly: input.query.mine ?? false, by: try caller)
        return .ok(.init(body: .json(.init(items: try claims.map(shown)))))
    }

    func listOrderClaims(_ input: Operations.ListOrderClaims.Input) async throws
        -> Operations.ListOrderClaims.Output
    {
        let order = try await intake.order(input.path.orderRef, by: try caller).order
        guard try caller.may(.handleWarrantyClaims, storeCode: order.storeCode) else { throw AppError.notAllowed }
        let claims = try await afterSales.claims(ofOrder: order.id)
        return .ok(.init(body: .json(.init(items: try claims.map(shown)))))
    }

    func getClaim(_ input: Operations.GetClaim.Input) async throws -> Operations.GetClaim.Output {
        let claim = try await afterSales.claim(try Self.claimID(input.path.claimId), by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: claim.version)), body: .json(try shown(claim))))
    }

    func updateClaim(_ input: Operations.UpdateClaim.Input) async throws -> Operations.UpdateClaim.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let owner = try body.ownerId.map { text in
            guard let id = UUID(uuidString: text) else {
                throw AppError.invalid([
                    FieldProblem(
                        field: "ownerId", code: "claim.owner",
                        message: LocalizedText(zhHans: "负责人编号无效", en: "Not a staff id"))
                ])
            }
            return id
        }
        let claim = try await afterSales.updateClaim(
            try Self.claimID(input.path.claimId), causeAnalysis: body.causeAnalysis ?? "",
            solution: body.solution ?? "",
            ownerID: owner, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch), by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: claim.version)), body: .json(try shown(claim))))
    }

    func addClaimProgress(_ input: Operations.AddClaimProgress.Input) async throws
        -> Operations.AddClaimProgress.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let claim = try await afterSales.addProgress(
            try Self.claimID(input.path.claimId), message: body.message, sendToCustomer: body.sendToCustomer ?? false,
            ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch), by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: claim.version)), body: .json(try shown(claim))))
    }

    func openClaimRepair(_ input: Operations.OpenClaimRepair.Input) async throws -> Operations.OpenClaimRepair.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let (claim, _) = try await afterSales.openRepair(
            try Self.claimID(input.path.claimId), appointmentStart: body.appointmentStart,
            appointmentEnd: body.appointmentEnd, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch),
            by: try caller)
        return .created(.init(headers: .init(eTag: ETag.make(version: claim.version)), body: .json(try shown(claim))))
    }

    func closeClaim(_ input: Operations.CloseClaim.Input) async throws -> Operations.CloseClaim.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let claim = try await afterSales.closeClaim(
            try Self.claimID(input.path.claimId), satisfaction: body.satisfaction, solution: body.solution,
            closingNote: body.closingNote ?? "", ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch),
            by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: claim.version)), body: .json(try shown(claim))))
    }

    func getAfterSalesReport(_ input: Operations.GetAfterSalesReport.Input) async throws
        -> Operations.GetAfterSalesReport.Output
    {
        let report = try await afterSalesReport(
            from: input.query.from, to: input.query.to, groupBy: input.query.groupBy?.rawValue)
        let language = self.language
        return .ok(
            .init(
                body: .json(
                    .init(
                        from: report.from, to: report.to, groupBy: report.dimension.rawValue, claims: report.claims,
                        complaints: report.complaints,
                        rows: report.rows.map {
                            .init(
                                key: $0.key, label: report.label($0.key, in: language), total: $0.total,
                                claims: $0.claims, complaints: $0.complaints, eligible: $0.eligible)
                        }, reworkByTechnician: report.reworkByTechnician.map { .init(name: $0.name, count: $0.count) }
                    ))))
    }

    func getAfterSalesReportCSV(_ input: Operations.GetAfterSalesReportCSV.Input) async throws
        -> Operations.GetAfterSalesReportCSV.Output
    {
        let report = try await afterSalesReport(
            from: input.query.from, to: input.query.to, groupBy: input.query.groupBy?.rawValue)
        return .ok(.init(body: .csv(.init(report.csv(in: language)))))
    }

    /// The statistics of the days `from`…`to` (inclusive, in China's time).
    private func afterSalesReport(from: String, to: String, groupBy: String?) async throws
        -> AfterSalesService.Statistics
    {
        let dimension = groupBy.flatMap(AfterSalesStatistics.Dimension.init(rawValue:)) ?? .problem
        let period = try ConsoleDates.reportPeriod(from: from, to: to)
        return try await afterSales.statistics(from: period.start, to: period.end, by: dimension, caller: try caller)
    }

    /// A claim as the caller may see it (`ShownClaim`, decided in App).
    func shown(_ claim: WarrantyClaim) throws -> Components.Schemas.Claim {
        Components.Schemas.Claim(afterSales.shown(claim, to: try caller).claim)
    }

    static func claimID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw AppError.notFound(LocalizedText(zhHans: "找不到该售后申请", en: "No such after-sales request was found"))
        }
        return id
    }
}

extension Components.Schemas.Claim {
    init(_ claim: WarrantyClaim) {
        let lower = { (id: UUID) in id.uuidString.lowercased() }
        self.init(
            id: lower(claim.id), orderNumber: claim.orderNumber, storeCode: claim.storeCode, itemCode: claim.itemCode,
            channel: .init(rawValue: claim.channel.rawValue) ?? .phone,
            contactName: claim.contactName, contactPhone: claim.contactPhone,
            problem: claim.problem, description: claim.description, receivedBy: claim.receivedBy,
            receivedAt: claim.receivedAt, eligible: claim.assessment.eligible,
            refusalReason: claim.assessment.refusalReason.flatMap { .init(rawValue: $0) },
            explanation: .init(zhHans: claim.assessment.explanation.zhHans, en: claim.assessment.explanation.en),
            warrantyEndsAt: claim.assessment.warrantyEndsAt,
            costBearer: claim.assessment.costBearer.flatMap { .init(rawValue: $0.rawValue) },
            status: .init(rawValue: claim.status.rawValue) ?? .accepted, ownerId: claim.ownerID.map(lower),
            respondBy: claim.respondBy, resolveBy: claim.resolveBy, repairOrderNumber: claim.repairOrderNumber,
            causeAnalysis: claim.causeAnalysis, solution: claim.solution,
            progress: claim.progress.map {
                .init(at: $0.at, by: $0.by, message: $0.message, sentToCustomer: $0.sentToCustomer)
            }, closedAt: claim.closedAt, satisfaction: claim.satisfaction, closingNote: claim.closingNote,
            version: claim.version)
    }
}
