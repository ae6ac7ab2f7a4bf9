import Foundation

/// Checks what a technician enters on a job before it is recorded: each
/// problem tied to its field, in both languages.
public enum JobEntryCheck {
    public static let maxMaterials = 50
    /// A quantity above this is a typing slip, not a job.
    public static let maxQuantityMilli: Int64 = 100_000_000

    public static func problems(_ contact: ContactConfirmation) -> [FieldProblem] {
        var problems = textProblems(contact.note, field: "note", limit: TextLimits.notes, required: false)
        switch (contact.agreedStart, contact.agreedEnd) {
        case (let start?, let end?) where start >= end:
            problems.append(
                FieldProblem(
                    field: "agreedEnd", code: "contact.agreedEndBeforeStart",
                    message: LocalizedText(zhHans: "结束时间须晚于开始时间", en: "The end must be after the start")))
        case (nil, _?), (_?, nil):
            problems.append(
                FieldProblem(
                    field: contact.agreedStart == nil ? "agreedStart" : "agreedEnd",
                    code: "contact.agreedTimeIncomplete",
                    message: LocalizedText(
                        zhHans: "约定时间须同时填写开始和结束", en: "Give both the start and the end of the agreed time")))
        default: break
        }
        if contact.result == .rescheduled && contact.agreedStart == nil && contact.agreedEnd == nil {
            problems.append(
                FieldProblem(
                    field: "agreedStart", code: "contact.agreedTimeRequired",
                    message: LocalizedText(
                        zhHans: "改约须填写约定的新时间", en: "A rescheduled visit needs the newly agreed time")))
        }
        return problems
    }

    public static func problems(_ survey: SiteSurveyRequest) -> [FieldProblem] {
        textProblems(survey.note, field: "note", limit: TextLimits.notes, required: true)
    }

    public static func problems(_ location: GeoPoint?) -> [FieldProblem] {
        guard let location else { return [] }
        var problems: [FieldProblem] = []
        if !(location.latitude.isFinite && (-90...90).contains(location.latitude)) {
            problems.append(outOfRange("location.latitude"))
        }
        if !(location.longitude.isFinite && (-180...180).contains(location.longitude)) {
            problems.append(outOfRange("location.longitude"))
        }
        if let accuracy = location.accuracy, !(accuracy.isFinite && accuracy >= 0 && accuracy <= 100_000) {
            problems.append(outOfRange("location.accuracy"))
        }
        return problems
    }

    public static func problems(_ record: ServiceRecord) -> [FieldProblem] {
        var problems = textProblems(record.workDone, field: "workDone", limit: TextLimits.notes, required: true)
        problems += textProblems(
            record.customerFeedback, field: "customerFeedback", limit: TextLimits.notes, required: false)
        if record.materials.count > maxMaterials {
            problems.append(IntakeProblem.tooLong("materials", limit: maxMaterials))
        }
        for (index, material) in record.materials.prefix(maxMaterials).enumerated() {
            problems += textProblems(
                material.name, field: "materials[\(index)].name", limit: TextLimits.shortText, required: true)
            problems += textProblems(
                material.unit, field: "materials[\(index)].unit", limit: 20, required: true)
            if material.quantityMilli <= 0 || material.quantityMilli > maxQuantityMilli {
                problems.append(
                    FieldProblem(
                        field: "materials[\(index)].quantity", code: "record.quantityOutOfRange",
                        message: LocalizedText(
                            zhHans: "数量须大于 0 且不超过 100000", en: "The quantity must be above 0 and at most 100,000")))
            }
        }
        if record.corrects != nil {
            problems += textProblems(
                record.correctionReason ?? "", field: "correctionReason", limit: TextLimits.reason, required: true)
        }
        return problems
    }

    static func textProblems(_ text: String, field: String, limit: Int, required: Bool) -> [FieldProblem] {
        if required && text.trimmedOrNil == nil {
            return [
                FieldProblem(
                    field: field, code: "required",
                    message: LocalizedText(zhHans: "此项必填", en: "This is required"))
            ]
        }
        return text.count > limit ? [IntakeProblem.tooLong(field, limit: limit)] : []
    }

    static func outOfRange(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "location.outOfRange",
            message: LocalizedText(zhHans: "位置数据无效", en: "The location is not valid"))
    }
}
