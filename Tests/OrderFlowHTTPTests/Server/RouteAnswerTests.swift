import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowHTTP
import OrderFlowTestSupport
import Testing

/// What a request that reaches no handler gets, and the headers every
/// answer carries.
@Suite("Route answers and common headers")
struct RouteAnswerTests {
    @Test("a method the document does not list for a known path is 405 with Allow")
    func methodNotAllowed() async throws {
        try await APITest.run { client, _ in
            let response = try await client.execute(uri: "/api/v1/orders", method: .delete, headers: APITest.auth)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET, HEAD, POST")
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let one = try await client.execute(
                uri: "/api/v1/orders/SH01-20261201-0001", method: .put, headers: APITest.auth)
            #expect(one.status == .methodNotAllowed)
            let unknown = try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: APITest.auth)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("a mistyped console address is a page in the person's language; / leads to sign-in or the console")
    func notFoundPageAndFrontDoor() async throws {
        try await APITest.run { client, _ in
            let page = try await client.execute(
                uri: "/console/nowhere", method: .get, headers: [.accept: "text/html", .acceptLanguage: "en"])
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            let html = String(buffer: page.body)
            #expect(html.contains("There is no such page") && html.contains("href=\"/console\""))
            let chinese = try await client.execute(
                uri: "/console/nowhere", method: .get, headers: [.accept: "text/html", .acceptLanguage: "zh-CN"])
            #expect(String(buffer: chinese.body).contains("没有这个页面"))
            // A program asking for JSON still gets problem+json.
            let program = try await client.execute(uri: "/console/nowhere", method: .get)
            #expect(program.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let door = try await client.execute(uri: "/", method: .get)
            #expect(door.status == .seeOther && door.headers[.location] == "/login")
            let signedIn = try await client.execute(
                uri: "/", method: .get, headers: [.cookie: "orderflow_session=whatever"])
            #expect(signedIn.headers[.location] == "/console")
        }
    }

    @Test("R1.4 every answer says nosniff; API answers are not cached; API attachments download")
    func commonHeaders() async throws {
        try await APITest.run { client, _ in
            let created = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                body: try APITest.bytes(APITest.orderBody()))
            #expect(created.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(created.headers[.cacheControl] == "no-store")
            for uri in ["/api/v1/openapi.yaml", "/static/console.css", "/api/v1/orders/nothing"] {
                let response = try await client.execute(uri: uri, method: .get, headers: APITest.auth)
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(uri)")
            }
            let problem = try await client.execute(uri: "/api/v1/orders?limit=0", method: .get, headers: APITest.auth)
            #expect(problem.headers[.cacheControl] == "no-store")
        }
    }
}
