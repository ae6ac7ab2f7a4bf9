import Foundation
import OrderFlowCore

/// What the staff's new-order form and the customer's booking form share:
/// the typed lines, where each problem of the automatic check is shown, and
/// the line rows with their running total.
enum OrderFormParts {
    typealias TypedLine = (item: String, specification: String, quantity: String)

    /// The line slots as typed (repeated `item`, `specification`, `quantity` fields).
    static func typedLines(_ form: [String: [String]]) -> [TypedLine] {
        (0..<IntakeChapter.lineSlots).map { index in
            (
                item: form["item"]?[safe: index] ?? "", specification: form["specification"]?[safe: index] ?? "",
                quantity: form["quantity"]?[safe: index] ?? ""
            )
        }
    }

    static func lineDrafts(_ lines: [TypedLine]) -> [LineDraft] {
        lines.filter { !$0.item.isEmpty }.map {
            LineDraft(
                itemCode: $0.item, specification: $0.specification, quantity: Int($0.quantity), unitPrice: nil,
                priceOverrideReason: nil)
        }
    }

    /// An unreadable day is told with every other problem of the form (not
    /// instead of them); the times it would have carried are then not also "missing".
    static func withDay(_ day: [FieldProblem], _ found: [FieldProblem]) -> [FieldProblem] {
        guard !day.isEmpty else { return found }
        return day
            + found.filter { !(["appointmentStart", "appointmentEnd"].contains($0.field) && $0.code == "required") }
    }

    /// Problems sorted by where they are shown: beside a field (`errors`, by
    /// form key), beside a line, or at the top of the form.
    struct Placed {
        var errors: [String: String] = [:]
        var lineErrors: [Int: String] = [:]
        var general: [String] = []
    }

    static func place(_ problems: [FieldProblem], _ language: Language, hiddenKeys: Set<String> = []) -> Placed {
        var placed = Placed()
        for problem in problems {
            let message = problem.message.text(in: language)
            if let index = IntakeChapter.lineIndex(problem.field) {
                placed.lineErrors[index] = [placed.lineErrors[index], message].compactMap { $0 }.joined(separator: " ")
            } else if let key = IntakeChapter.formKey(problem.field), !hiddenKeys.contains(key) {
                placed.errors[key] = [placed.errors[key], message].compactMap { $0 }.joined(separator: " ")
            } else {
                placed.general.append(message)
            }
        }
        return placed
    }

    /// The line rows with the catalog to pick from, and the total of what is picked.
    static func lineRows(
        _ lines: [TypedLine], catalog: [ServiceItem], errors: [Int: String], language: Language
    ) -> (rows: [IntakeChapter.LineForm], total: Money) {
        var total = Money.zero
        let rows = (0..<IntakeChapter.lineSlots).map { index -> IntakeChapter.LineForm in
            let line = index < lines.count ? lines[index] : (item: "", specification: "", quantity: "1")
            if let item = catalog.first(where: { $0.code == line.item }), let quantity = Int(line.quantity),
                (1...999).contains(quantity), let amount = item.unitPrice.multiplied(by: quantity)
            {
                total = total.adding(amount) ?? total
            }
            return IntakeChapter.LineForm(
                index: index,
                items: catalog.map {
                    IntakeChapter.ItemChoice(
                        value: $0.code, label: "\($0.name.text(in: language)) · \($0.unitPrice.formatted)",
                        priceFen: $0.unitPrice.fen, selected: $0.code == line.item)
                },
                specification: line.specification, quantity: line.quantity.isEmpty ? "1" : line.quantity,
                error: errors[index])
        }
        return (rows, total)
    }
}
