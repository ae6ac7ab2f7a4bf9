import Foundation
import Hummingbird

/// The console's stylesheet and script, served from the bundle.
enum StaticFiles {
    static let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]

    static func response(_ name: String) throws -> Response {
        let parts = name.split(separator: ".")
        guard parts.count == 2, parts[0].allSatisfy({ $0.isLetter || $0 == "-" }),
            let type = types[String(parts[1])],
            let url = Bundle.module.url(forResource: "Static/\(parts[0])", withExtension: String(parts[1])),
            let data = try? Data(contentsOf: url)
        else { throw HTTPError(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: .init(bytes: data)))
    }
}
