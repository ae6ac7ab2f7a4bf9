import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The dispatch board (B2): a store's day, assign and reassign from it, plan
/// the whole day, and see other dispatchers' changes without reloading
/// (`console.js` polls the day's stamp and swaps the board in).
extension DispatchChapter {
    struct DispatchPage: Sendable {
        let notice: String?
        let problems: [String]
        let store: String
        let day: String
        let previousDay: String
        let nextDay: String
        let stamp: String
        let stores: [DispatchBoardView.Option]
        let canAssign: Bool
        let canManage: Bool
        let board: DispatchBoardView
        let queueEmpty: Bool
    }

    /// The store and day a board request is about: the query's, else the
    /// first store the person dispatches for, today.
    func boardPlace(_ request: Request, _ visit: ConsoleVisit, form: [String: String] = [:]) async throws -> (
        Store, LocalDate
    ) {
        let visible = visit.caller.visibleStores(for: .readDispatchBoard)
        let stores = try await referenceData.stores(by: visit.caller).filter { visible?.contains($0.code) ?? true }
        let wanted = form["store"] ?? request.uri.queryParameters["store"].map(String.init)
        guard let store = stores.first(where: { $0.code == wanted }) ?? stores.first else {
            throw AppError.notAllowed
        }
        let dayText = form["day"] ?? request.uri.queryParameters["day"].map(String.init)
        let day = dayText.flatMap(LocalDate.init(iso:)) ?? store.localDate(of: visit.now)
        return (store, day)
    }

    func dispatchBoard(
        _ request: Request, _ visit: ConsoleVisit, form: [String: String] = [:], notice: String? = nil,
        problems: [String] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard visit.caller.mayAtAll(.readDispatchBoard) else { throw AppError.notAllowed }
        let (store, day) = try await boardPlace(request, visit, form: form)
        let board = try await dispatch.board(storeCode: store.code, day: day, by: visit.caller)
        let catalog = Dictionary(
            uniqueKeysWithValues: try await referenceData.catalog(by: visit.caller).map { ($0.code, $0) })
        let visible = visit.caller.visibleStores(for: .readDispatchBoard)
        let stores = try await referenceData.stores(by: visit.caller).filter { visible?.contains($0.code) ?? true }
        let calendar = store.calendar
        func shifted(_ days: Int) -> String { ConsoleDates.shifted(day, by: days, in: calendar) }
        let view = DispatchBoardView(board, catalog: catalog, visit: visit)
        let page = DispatchPage(
            notice: notice, problems: problems, store: store.code, day: day.description, previousDay: shifted(-1),
            nextDay: shifted(1), stamp: board.stamp,
            stores: stores.map {
                DispatchBoardView.Option(
                    value: $0.code, label: $0.name.text(in: visit.language), selected: $0.code == store.code)
            },
            canAssign: visit.caller.may(.assignOrder, storeCode: store.code),
            canManage: visit.caller.may(.manageDispatchSettings, storeCode: store.code), board: view,
            queueEmpty: view.queue.isEmpty)
        return renderer.page(
            "dispatch",
            visit.frame(
                title: "\(visit.t["dispatch_title"] ?? "") · \(store.name.text(in: visit.language))",
                current: "dispatch"), page, status: status)
    }

    /// The day's stamp alone, as text: what the live board polls.
    func dispatchStamp(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let (store, day) = try await boardPlace(request, visit)
        let stamp = try await dispatch.boardStamp(storeCode: store.code, day: day, by: visit.caller)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: stamp)))
    }

    /// Assign, reassign or withdraw one order from the board.
    func changeAssignment(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let number = form["order"] ?? ""
        let (store, day) = try await boardPlace(request, visit, form: form)
        let back = "/console/dispatch?store=\(store.code)&day=\(day)"
        do {
            if form["action"] == "withdraw" {
                _ = try await dispatch.unassign(number, reason: form["reason"], ifMatch: nil, by: visit.caller)
                return ConsoleRenderer.redirect(back + "&done=withdrawn")
            }
            let target: AssignmentRequest.Target
            let choice = form["target"] ?? "auto"
            if choice.hasPrefix("tech:"), let id = UUID(uuidString: String(choice.dropFirst(5))) {
                target = .technician(id)
            } else if choice.hasPrefix("team:") {
                target = .team(String(choice.dropFirst(5)))
            } else {
                target = .automatic
            }
            var start: Date?
            if let text = form["start"]?.trimmedOrNil, target != .automatic {
                guard let time = TimeOfDay(text: text),
                    let midnight = store.calendar.date(
                        from: DateComponents(year: day.year, month: day.month, day: day.day))
                else {
                    throw AppError.invalid([StoreHoursInput.timeProblem("start")])
                }
                start = midnight.addingTimeInterval(Double(time.minutes) * 60)
            }
            _ = try await dispatch.assign(
                number,
                AssignmentRequest(
                    target: target, start: start, reason: form["reason"], overrideReason: form["overrideReason"],
                    reassign: form["action"] == "reassign"), ifMatch: nil, by: visit.caller)
            return ConsoleRenderer.redirect(back + "&done=assigned")
        } catch let error as AppError {
            let (status, messages) = try formRefusal(error, visit)
            return try await dispatchBoard(
                request, visit, form: form, problems: messages.map { "\(number.prefix(40)): \($0)" }, status: status)
        }
    }
}
