import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import OrderFlowCore

/// Renders the console's Mustache templates (`Templates/`) from typed view
/// models, and answers with the headers every page carries.
public struct ConsoleRenderer: Sendable {
    let library: MustacheLibrary
    public let messages: ConsoleMessages

    public init(library: MustacheLibrary, messages: ConsoleMessages) {
        self.library = library
        self.messages = messages
    }

    /// The templates and catalogs shipped with the server, loaded once at start.
    public static func bundled() async throws -> ConsoleRenderer {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return ConsoleRenderer(
            library: try await MustacheLibrary(directory: directory.path), messages: try ConsoleMessages.bundled())
    }

    public func html(_ template: String, _ model: Any) -> String {
        library.render(model, withTemplate: template) ?? "template \(template) is missing"
    }

    func page(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:])
        -> Response
    {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[.frameOptions] = "DENY"
        fields[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
        fields[.contentTypeOptions] = "nosniff"
        fields[.referrerPolicy] = "same-origin"
        return Response(
            status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html(template, model))))
    }

    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }
}
