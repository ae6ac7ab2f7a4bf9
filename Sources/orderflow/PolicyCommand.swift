import ArgumentParser
import OrderFlowApp

/// `orderflow policy`: the role × action table as Markdown (docs/access.md).
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Print who may do what, as Markdown (docs/access.md).")

    func run() {
        print(AccessPolicyDocument.markdown(), terminator: "")
    }
}
