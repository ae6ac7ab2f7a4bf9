import Foundation

/// A record of one order kept whole as a versioned document (a warranty
/// claim, a problem case; the settlement's bills and the archive's packages
/// to come): found by its id, its order and its store, and saved only over
/// the version it was read at.
public protocol OrderDocument: Codable, Sendable, Identifiable where ID == UUID {
    var id: UUID { get }
    var orderID: UUID { get }
    var storeCode: String { get }
    var version: Int { get set }
}
