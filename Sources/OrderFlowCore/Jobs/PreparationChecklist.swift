import Foundation

/// What kind of thing a checklist entry is (R3.5).
public enum ChecklistKind: String, Hashable, Codable, Sendable, CaseIterable {
    case tool
    case equipment
    case material
    case document

    public var label: LocalizedText {
        switch self {
        case .tool: LocalizedText(zhHans: "工具", en: "Tool")
        case .equipment: LocalizedText(zhHans: "设备", en: "Equipment")
        case .material: LocalizedText(zhHans: "材料", en: "Material")
        case .document: LocalizedText(zhHans: "资料", en: "Document")
        }
    }
}

/// One thing to take or prepare for a catalog item (服务准备清单, R3.5).
public struct ChecklistEntry: Hashable, Codable, Sendable {
    /// Stable within its item, e.g. `multimeter`: ticks refer to it.
    public var code: String
    public var kind: ChecklistKind
    public var name: LocalizedText

    public init(code: String, kind: ChecklistKind, name: LocalizedText) {
        self.code = code
        self.kind = kind
        self.name = name
    }
}

/// How a catalog item is prepared and done safely (R3.5, R3.6): its
/// checklist, its service standard and its safety notes, shown with every job.
public struct ServicePreparation: Hashable, Codable, Sendable {
    public var checklist: [ChecklistEntry]
    public var serviceStandard: LocalizedText
    public var safetyNotes: LocalizedText

    public init(
        checklist: [ChecklistEntry] = [], serviceStandard: LocalizedText = LocalizedText(zhHans: "", en: ""),
        safetyNotes: LocalizedText = LocalizedText(zhHans: "", en: "")
    ) {
        self.checklist = checklist
        self.serviceStandard = serviceStandard
        self.safetyNotes = safetyNotes
    }
}

extension ServicePreparation {
    public static let maxEntries = 40
    public static let maxNoteLength = 2_000

    /// Every problem of a checklist, standard and safety notes an
    /// administrator submits: codes are how ticks refer to entries, so they
    /// are short, simple and unique.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if checklist.count > Self.maxEntries {
            problems.append(IntakeProblem.tooLong("checklist", limit: Self.maxEntries))
        }
        var seen: Set<String> = []
        for (index, entry) in checklist.prefix(Self.maxEntries).enumerated() {
            let simple = entry.code.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_"
            }
            if entry.code.isEmpty || entry.code.count > 40 || !simple {
                problems.append(
                    FieldProblem(
                        field: "checklist[\(index)].code", code: "checklist.codeInvalid",
                        message: LocalizedText(
                            zhHans: "编码须为 1–40 个字母、数字、- 或 _", en: "A code is 1–40 letters, digits, - or _")))
            } else if !seen.insert(entry.code).inserted {
                problems.append(
                    FieldProblem(
                        field: "checklist[\(index)].code", code: "checklist.codeRepeated",
                        message: LocalizedText(zhHans: "编码重复", en: "This code is already used in the list")))
            }
            for (field, text) in [("nameZhHans", entry.name.zhHans), ("nameEn", entry.name.en)] {
                if text.trimmedOrNil == nil {
                    problems.append(
                        IntakeProblem.required("checklist[\(index)].\(field)", LocalizedText(zhHans: "名称", en: "Name")))
                } else if text.count > TextLimits.shortText {
                    problems.append(IntakeProblem.tooLong("checklist[\(index)].\(field)", limit: TextLimits.shortText))
                }
            }
        }
        let notes = [
            ("serviceStandard.zhHans", serviceStandard.zhHans), ("serviceStandard.en", serviceStandard.en),
            ("safetyNotes.zhHans", safetyNotes.zhHans), ("safetyNotes.en", safetyNotes.en),
        ]
        for (field, text) in notes where text.count > Self.maxNoteLength {
            problems.append(IntakeProblem.tooLong(field, limit: Self.maxNoteLength))
        }
        return problems
    }
}
