import Foundation

/// The token secret kept in a file, so tokens stay valid across restarts of a node (and, with the
/// same file everywhere, across the nodes of a cluster).
public enum TokenSecretFile {
    /// Why the secret could not be read or made.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The secret in `path`: 64 hex digits or more. A missing file is created with a fresh random
    /// secret, readable by the owner only.
    public static func load(path: String) throws -> [UInt8] {
        if !FileManager.default.fileExists(atPath: path) {
            var generator = SystemRandomNumberGenerator()
            let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = secret.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
                .joined() + "\n"
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else { throw Failure(description: "cannot create the token secret file \(path)") }
            return secret
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "cannot read the token secret file \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// A secret written as hex (64 digits or more), from `source` (for the error message).
    public static func parse(_ text: String, source path: String) throws -> [UInt8] {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 64, text.count % 2 == 0 else {
            throw Failure(description: "\(path): the secret must be at least 64 hex digits (32 bytes)")
        }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else {
                throw Failure(description: "\(path): the secret must be hex digits only")
            }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
