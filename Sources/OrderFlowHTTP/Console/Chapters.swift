import OrderFlowApp
import OrderFlowCore

/// The chapter list: the one place a new chapter is named. Order is the
/// navigation's order.
enum Chapters {
    static let all: [any ConsoleChapter.Type] = [
        IntakeChapter.self, DispatchChapter.self, JobsChapter.self, TrackingChapter.self,
        DeliveryChapter.self, AfterSalesChapter.self, NotificationsChapter.self, StaffChapter.self,
        AccessChapter.self, StoresChapter.self, BookingChapter.self,
    ]

    /// Every chapter's navigation entries, in order.
    static let navigation: [NavigationEntry] = all.flatMap { $0.navigation }

    /// Every chapter's API operations with their actions. A clash keeps the
    /// first; `check` refuses to start with one.
    static let operations: [String: AccessAction] = merged(all).operations

    /// Every chapter's background jobs. A name used twice stops the start:
    /// the runner's lease is per name, so two jobs would share one.
    static func jobs(_ context: ChapterJobContext, of chapters: [any ConsoleChapter.Type] = all) throws
        -> [BackgroundJob]
    {
        var owners: [String: String] = [:]
        var jobs: [BackgroundJob] = []
        for chapter in chapters {
            for job in chapter.jobs(context) {
                if let first = owners[job.name] {
                    throw ChapterClash(kind: "job", key: job.name, chapters: [first, chapter.name])
                }
                owners[job.name] = chapter.name
                jobs.append(job)
            }
        }
        return jobs
    }

    /// Refuses two chapters claiming one operation or navigation entry.
    static func check(_ chapters: [any ConsoleChapter.Type] = all) throws {
        if let clash = merged(chapters).clashes.first { throw clash }
    }

    static func merged(_ chapters: [any ConsoleChapter.Type]) -> (
        operations: [String: AccessAction], clashes: [ChapterClash]
    ) {
        var operations: [String: (chapter: String, action: AccessAction)] = [:]
        var navigation: [String: String] = [:]
        var clashes: [ChapterClash] = []
        for chapter in chapters {
            for (operation, action) in chapter.operations.sorted(by: { $0.key < $1.key }) {
                if let first = operations[operation] {
                    clashes.append(
                        ChapterClash(kind: "operation", key: operation, chapters: [first.chapter, chapter.name]))
                } else {
                    operations[operation] = (chapter.name, action)
                }
            }
            for entry in chapter.navigation {
                for key in ["nav \(entry.key)", "href \(entry.href)"] {
                    if let first = navigation[key] {
                        clashes.append(ChapterClash(kind: "navigation", key: key, chapters: [first, chapter.name]))
                    } else {
                        navigation[key] = chapter.name
                    }
                }
            }
        }
        return (operations.mapValues(\.action), clashes)
    }
}

/// Two chapters registered the same operation, navigation entry or route.
struct ChapterClash: Error, CustomStringConvertible, Equatable {
    let kind: String
    let key: String
    let chapters: [String]
    var description: String { "\(kind) \(key) is registered by both \(chapters.joined(separator: " and "))" }
}
