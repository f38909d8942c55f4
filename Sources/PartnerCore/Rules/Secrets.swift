import Crypto
import Foundation

/// Hashing and formatting of secrets. Tokens and codes are kept only as SHA-256 hashes.
public enum Secrets {
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time comparison of a presented secret with a stored hash.
    public static func matches(_ secret: String, hash stored: String) -> Bool {
        let presented = Array(hash(secret).utf8), expected = Array(stored.utf8)
        guard presented.count == expected.count else { return false }
        var diff: UInt8 = 0
        for i in presented.indices { diff |= presented[i] ^ expected[i] }
        return diff == 0
    }

    /// 256 bits as URL-safe base64 without padding.
    public static func encodeToken(_ words: [UInt64]) -> String {
        var bytes: [UInt8] = []
        for w in words { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: w >> (8 * UInt64(i)))) } }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A 16-character password with upper, lower, digit and symbol, from the given random words.
    public static func password(_ random: () -> UInt64) -> String {
        let sets = [Array("ABCDEFGHJKLMNPQRSTUVWXYZ"), Array("abcdefghijkmnopqrstuvwxyz"), Array("23456789"), Array("!#$%*+-=?@")]
        let all = sets.flatMap { $0 }
        var chars = sets.map { $0[Int(random() % UInt64($0.count))] }
        while chars.count < 16 { chars.append(all[Int(random() % UInt64(all.count))]) }
        for i in stride(from: chars.count - 1, to: 0, by: -1) {
            chars.swapAt(i, Int(random() % UInt64(i + 1)))
        }
        return String(chars)
    }
}
