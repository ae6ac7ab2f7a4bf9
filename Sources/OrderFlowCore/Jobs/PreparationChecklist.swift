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
