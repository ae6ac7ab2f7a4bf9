import HTTPTypes
import Hummingbird
import Mustache

/// What every signed-in console page has around its content: the person's
/// words (`t`) and the header with the navigation (`chrome`). A chapter's
/// page value holds only its own content; the templates read `t`, `chrome`
/// and the content's members as if they were one value.
struct ConsoleFrame: Sendable {
    let t: [String: String]
    let chrome: Chrome
}

extension ConsoleVisit {
    /// The frame of a page titled `title`, with `current` marked in the navigation.
    func frame(title: String, current: String) -> ConsoleFrame {
        ConsoleFrame(t: t, chrome: chrome(title: title, current: current))
    }
}

/// A page's content in its frame, as the templates see it.
struct FramedPage<Content: Sendable>: Sendable, MustacheParent {
    let frame: ConsoleFrame
    let content: Content

    func child(named name: String) -> Any? {
        switch name {
        case "t": return frame.t
        case "chrome": return frame.chrome
        default:
            guard let value = Mirror(reflecting: content).children.first(where: { $0.label == name })?.value else {
                return nil
            }
            // An optional member reads as its value, or as missing (like Mustache's own lookup).
            let optional = Mirror(reflecting: value)
            guard optional.displayStyle == .optional else { return value }
            return optional.children.first?.value
        }
    }
}

extension ConsoleRenderer {
    /// A signed-in person's page: `content` rendered by `template` inside `frame`.
    func page(
        _ template: String, _ frame: ConsoleFrame, _ content: some Sendable, status: HTTPResponse.Status = .ok
    ) -> Response {
        page(template, FramedPage(frame: frame, content: content), status: status)
    }
}
