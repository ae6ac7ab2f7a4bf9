/// The rules a store's opening hours, holidays and phone must meet before
/// they replace the old ones (R2.3 reads them for every appointment).
extension Store {
    public static let maximumHolidays = 400

    public func hoursProblems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        for (weekday, hours) in openingHours.byWeekday.sorted(by: { $0.key < $1.key }) {
            if !(1...7).contains(weekday) {
                problems.append(
                    FieldProblem(
                        field: "openingHours.\(weekday)", code: "store.weekday",
                        message: LocalizedText(zhHans: "星期须为 1 到 7", en: "Weekdays are 1 to 7")))
            } else if hours.opens >= hours.closes {
                problems.append(
                    FieldProblem(
                        field: "openingHours.\(weekday)", code: "store.closesBeforeOpening",
                        message: LocalizedText(zhHans: "打烊时间须晚于开门时间", en: "Closing must be after opening")))
            }
        }
        if openingHours.byWeekday.isEmpty {
            problems.append(
                FieldProblem(
                    field: "openingHours", code: "store.neverOpen",
                    message: LocalizedText(zhHans: "每周至少营业一天", en: "Open on at least one day a week")))
        }
        if holidays.count > Self.maximumHolidays {
            problems.append(
                FieldProblem(
                    field: "holidays", code: "store.tooManyHolidays",
                    message: LocalizedText(
                        zhHans: "节假日最多 \(Self.maximumHolidays) 天", en: "At most \(Self.maximumHolidays) holidays")))
        }
        if PhoneNumber.normalized(phone) == nil { problems.append(IntakeProblem.phoneFormat("phone")) }
        return problems
    }
}
