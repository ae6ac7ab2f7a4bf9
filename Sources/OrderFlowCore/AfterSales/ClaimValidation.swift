/// What staff (or the customer, through their link) enter to raise an
/// after-sales request (R6.2). The order gives the rest: store, customer,
/// technicians.
public struct ClaimDraft: Hashable, Codable, Sendable {
    public var channel: ClaimChannel
    public var itemCode: String
    public var contactName: String
    public var contactPhone: String
    public var problem: String
    public var description: String

    public init(
        channel: ClaimChannel, itemCode: String, contactName: String = "", contactPhone: String = "", problem: String,
        description: String
    ) {
        self.channel = channel
        self.itemCode = itemCode
        self.contactName = contactName
        self.contactPhone = contactPhone
        self.problem = problem
        self.description = description
    }

    /// Field problems of the draft. The contact is optional (the order has
    /// the customer's), but a phone given must be one we can call back.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        ClaimCheck.text("itemCode", itemCode, max: 40, required: true, into: &problems)
        ClaimCheck.text("problem", problem, max: 40, required: true, into: &problems)
        ClaimCheck.text("description", description, max: 2000, required: true, into: &problems)
        ClaimCheck.text("contactName", contactName, max: 60, into: &problems)
        if contactPhone.trimmedOrNil != nil && PhoneNumber.normalized(contactPhone) == nil {
            problems.append(
                FieldProblem(
                    field: "contactPhone", code: "claim.phoneFormat",
                    message: LocalizedText(
                        zhHans: "请输入有效的手机号（11 位）或带区号的固定电话",
                        en: "Enter a valid mainland mobile (11 digits) or a landline with its area code")))
        }
        return problems
    }
}

extension WarrantyClaim {
    /// Field problems of the handling as it would be saved (R6.4).
    public static func handlingProblems(
        causeAnalysis: String, solution: String, repairOrderNumber: String?
    ) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        ClaimCheck.text("causeAnalysis", causeAnalysis, max: 2000, into: &problems)
        ClaimCheck.text("solution", solution, max: 2000, into: &problems)
        ClaimCheck.text("repairOrderNumber", repairOrderNumber ?? "", max: 40, into: &problems)
        return problems
    }

    /// What closing needs (R6.4): the claim is handled "until satisfied", so
    /// a closing records the solution and the customer's satisfaction.
    public static func closingProblems(satisfaction: Int?, solution: String, closingNote: String = "")
        -> [FieldProblem]
    {
        var problems: [FieldProblem] = []
        if let satisfaction {
            if !(1...5).contains(satisfaction) {
                problems.append(
                    FieldProblem(
                        field: "satisfaction", code: "claim.satisfactionRange",
                        message: LocalizedText(zhHans: "客户满意度须为 1 到 5", en: "Satisfaction is 1 to 5")))
            }
        } else {
            problems.append(
                FieldProblem(
                    field: "satisfaction", code: "claim.required",
                    message: LocalizedText(
                        zhHans: "办结前请记录客户满意度（1 到 5）",
                        en: "Record the customer's satisfaction (1 to 5) before closing")))
        }
        ClaimCheck.text("solution", solution, max: 2000, required: true, into: &problems)
        ClaimCheck.text("closingNote", closingNote, max: 1000, into: &problems)
        return problems
    }
}

extension ClaimProgress {
    /// A progress message is 1 to 1000 characters.
    public static func problems(message: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        ClaimCheck.text("message", message, max: 1000, required: true, into: &problems)
        return problems
    }
}

/// The claim's text rules, with messages naming the field in both languages.
enum ClaimCheck {
    static let labels: [String: LocalizedText] = [
        "itemCode": LocalizedText(zhHans: "服务项目", en: "Service item"),
        "problem": LocalizedText(zhHans: "问题类别", en: "Problem"),
        "description": LocalizedText(zhHans: "问题描述", en: "Description"),
        "contactName": LocalizedText(zhHans: "联系人", en: "Contact name"),
        "causeAnalysis": LocalizedText(zhHans: "原因分析", en: "Cause analysis"),
        "solution": LocalizedText(zhHans: "解决方案", en: "Solution"),
        "repairOrderNumber": LocalizedText(zhHans: "维修单号", en: "Repair order no."),
        "closingNote": LocalizedText(zhHans: "办结说明", en: "Closing note"),
        "message": LocalizedText(zhHans: "进度说明", en: "Progress message"),
    ]

    static func text(
        _ field: String, _ value: String, max: Int, required: Bool = false, into problems: inout [FieldProblem]
    ) {
        let label = labels[field] ?? LocalizedText(zhHans: field, en: field)
        if required && value.trimmedOrNil == nil {
            problems.append(
                FieldProblem(
                    field: field, code: "claim.required",
                    message: LocalizedText(zhHans: "请填写\(label.zhHans)", en: "\(label.en) is required")))
        } else if value.count > max {
            problems.append(
                FieldProblem(
                    field: field, code: "claim.tooLong",
                    message: LocalizedText(
                        zhHans: "\(label.zhHans)不能超过 \(max) 个字", en: "\(label.en) must be at most \(max) characters")))
        }
    }
}
