import Foundation
import OrderFlowApp
import Testing

@Suite("docs/access.md")
struct AccessPolicyDocumentTests {
    @Test("the document is the policy as it stands (regenerate with `orderflow policy > docs/access.md`)")
    func inStep() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/access.md")
        #expect(try String(contentsOf: url, encoding: .utf8) == AccessPolicyDocument.markdown())
    }
}
