import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    func listMyJobs(_ input: Operations.ListMyJobs.Input) async throws -> Operations.ListMyJobs.Output {
        let day = try DayParameter.parse(input.query.day)
        let jobs = try await self.jobs.myJobs(day: day, by: try caller)
        return .ok(.init(body: .json(.init(day: day.description, items: jobs.map { .init($0, language: language) }))))
    }

    func getJob(_ input: Operations.GetJob.Input) async throws -> Operations.GetJob.Output {
        let job = try await jobs.job(input.path.orderRef, by: try caller)
        return .ok(
            .init(
                headers: .init(eTag: ETag.make(version: job.order.order.version)),
                body: .json(.init(job, language: language))))
    }

    func logCustomerContact(_ input: Operations.LogCustomerContact.Input) async throws
        -> Operations.LogCustomerContact.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let job = try await record(.contact(body.contact), input.path.orderRef, input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: job.0), body: .json(job.1)))
    }

    func requestSiteSurvey(_ input: Operations.RequestSiteSurvey.Input) async throws
        -> Operations.RequestSiteSurvey.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        var date: LocalDate?
        if let text = body.preferredDate {
            guard let parsed = LocalDate(iso: text) else {
                throw QueryProblem.invalid(
                    "preferredDate", LocalizedText(zhHans: "日期无效，格式为 2026-11-29", en: "Not a valid day; use 2026-11-29")
                )
            }
            date = parsed
        }
        let job = try await record(
            .siteSurvey(SiteSurveyRequest(note: body.note, preferredDate: date)), input.path.orderRef,
            input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: job.0), body: .json(job.1)))
    }

    func tickChecklistEntry(_ input: Operations.TickChecklistEntry.Input) async throws
        -> Operations.TickChecklistEntry.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let job = try await record(
            .checklistTick(itemCode: input.path.itemCode, entry: input.path.entryCode, done: body.done),
            input.path.orderRef, input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: job.0), body: .json(job.1)))
    }

    func checkIn(_ input: Operations.CheckIn.Input) async throws -> Operations.CheckIn.Output {
        var location: GeoPoint?
        if case .json(let body) = input.body { location = body.point }
        let job = try await record(.checkIn(location: location), input.path.orderRef, input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: job.0), body: .json(job.1)))
    }

    func checkOut(_ input: Operations.CheckOut.Input) async throws -> Operations.CheckOut.Output {
        var location: GeoPoint?
        if case .json(let body) = input.body { location = body.point }
        let job = try await record(.checkOut(location: location), input.path.orderRef, input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: job.0), body: .json(job.1)))
    }

    func submitServiceRecord(_ input: Operations.SubmitServiceRecord.Input) async throws
        -> Operations.SubmitServiceRecord.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let job = try await record(.serviceRecord(body.record), input.path.orderRef, input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: job.0), body: .json(job.1)))
    }

    private func record(_ entry: JobEntry, _ reference: String, _ ifMatch: String?) async throws
        -> (Components.Headers.ETag, Components.Schemas.Job)
    {
        let job = try await jobs.record(
            entry, on: reference, ifMatch: ETag.version(fromIfMatch: ifMatch), by: try caller)
        return (ETag.make(version: job.order.order.version), .init(job, language: language))
    }
}
