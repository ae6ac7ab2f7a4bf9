import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// R4.4: time limits count a store's open time only; a store open all day
/// is open through midnight.
@Suite("R4.4 business calendar")
struct BusinessCalendarTests {
    static var allDay: BusinessCalendar {
        BusinessCalendar(openingHours: .everyDay(.allDay), holidays: [], timeZone: .shanghai)
    }

    @Test("R4.4 a store open 00:00–24:00 counts every minute across midnight")
    func acrossMidnight() throws {
        let start = Fixtures.shanghai(daysAfterNow: 1, hour: 23, minute: 30)
        let end = Fixtures.shanghai(daysAfterNow: 2, hour: 0, minute: 30)
        #expect(Self.allDay.businessSeconds(from: start, to: end) == 3_600)
        #expect(Self.allDay.adding(businessSeconds: 3_600, to: start) == end)
    }

    @Test("R4.4 a store closed at night skips the night")
    func overnightClosed() throws {
        let calendar = BusinessCalendar(Fixtures.store)
        // Wednesday 17:30 + 60 business minutes = Thursday 09:30.
        let start = Fixtures.shanghai(daysAfterNow: 1, hour: 17, minute: 30)
        #expect(
            calendar.adding(businessSeconds: 3_600, to: start)
                == Fixtures.shanghai(daysAfterNow: 2, hour: 9, minute: 30))
    }

    @Test("open all day is 00:00–24:00")
    func allDayHours() {
        #expect(DailyHours.allDay.isAllDay)
        #expect(DailyHours.allDay.closes == TimeOfDay(text: "24:00"))
        #expect(!DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 18)).isAllDay)
    }
}
