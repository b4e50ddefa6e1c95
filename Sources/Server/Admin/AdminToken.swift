import Foundation

/// The secret that opens the admin API (`--admin-token-file` or `ROOST_ADMIN_TOKEN`).
///
/// Compared in constant time, so response timing does not reveal how much of a guess was right.
/// Never printed: its description is redacted, so it cannot reach a log line by accident.
public struct AdminToken: Sendable, CustomStringConvertible {
    /// Fewer characters than this are refused: the token is the only thing between the internet
    /// and the admin API, and 16 random characters are beyond guessing over HTTP.
    public static let minimumLength = 16

    private let bytes: [UInt8]

    /// `text` without surrounding whitespace (a file's trailing newline); nil when shorter than
    /// `minimumLength` or containing characters that cannot appear in an `Authorization` header.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= Self.minimumLength, trimmed.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else { return nil }
        bytes = Array(trimmed.utf8)
    }

    /// The token in the file at `path`.
    public static func load(path: String) throws -> AdminToken {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AdminTokenError(description: "cannot read the admin token file \(path): \(error.localizedDescription)")
        }
        guard let token = AdminToken(text) else {
            throw AdminTokenError(
                description: "the admin token in \(path) must be at least \(minimumLength) visible ASCII characters")
        }
        return token
    }

    /// Whether `presented` is the token. Runs in time that depends only on the token's length.
    public func matches(_ presented: some Collection<UInt8>) -> Bool {
        let presented = Array(presented)
        var difference: UInt8 = presented.count == bytes.count ? 0 : 1
        for index in bytes.indices {
            difference |= bytes[index] ^ (index < presented.count ? presented[index] : 0)
        }
        return difference == 0
    }

    public var description: String { "AdminToken(redacted)" }
}

/// A token that could not be loaded; says which file and what is wrong with it.
public struct AdminTokenError: Error, CustomStringConvertible {
    public let description: String
}
