import Crypto
import Foundation
import OrderFlowCore

enum Hashing {
    static func sha256Hex(_ text: String) -> String {
        Array(SHA256.hash(data: Data(text.utf8))).hexString
    }

    static func sha256Hex(_ data: Data) -> String {
        Array(SHA256.hash(data: data)).hexString
    }
}
