import Glibc
import HTTP

/// Static files (the web client) served from memory.
///
/// The directory is read once at start-up, so serving a file never blocks an
/// event loop on disk I/O and a request path can never reach outside the
/// directory: only names found while loading exist.
public struct StaticFiles: Sendable {
    /// Why the directory could not be loaded.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    private let files: [String: (contentType: String, body: [UInt8])]

    /// Loads every regular file under `directory` (recursively), refusing
    /// more than `maxTotalBytes` in all.
    public init(directory: String, maxTotalBytes: Int = 16 << 20) throws {
        var files: [String: (String, [UInt8])] = [:]
        var total = 0
        try Self.load(directory: directory, prefix: "", into: &files, total: &total, limit: maxTotalBytes)
        self.files = files
    }

    /// The response for `head`, or nil when no file matches (let another
    /// responder answer). `/` serves `/index.html`.
    public func response(for head: HTTPRequestHead) -> HTTPResponse? {
        var path = String(head.path)
        if path.hasSuffix("/") { path += "index.html" }
        guard let file = files[path] else { return nil }
        guard head.method == "GET" || head.method == "HEAD" else {
            return HTTPResponse(status: .methodNotAllowed, headers: ["Allow": "GET, HEAD"], body: [])
        }
        var headers: HTTPHeaders = ["Content-Type": file.contentType, "Cache-Control": "no-cache"]
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        return HTTPResponse(status: .ok, headers: headers, body: head.method == "HEAD" ? [] : file.body)
    }

    /// Paths served, for logs and tests.
    public var paths: [String] { files.keys.sorted() }

    static func contentType(forName name: String) -> String {
        switch name.split(separator: ".").last?.lowercased() ?? "" {
        case "html", "htm": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    private static func load(
        directory: String, prefix: String, into files: inout [String: (String, [UInt8])], total: inout Int, limit: Int
    ) throws {
        guard let dir = opendir(directory) else { throw LoadError(description: "cannot open \(directory)") }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let fullPath = directory + "/" + name
            var info = stat()
            guard stat(fullPath, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                try load(directory: fullPath, prefix: prefix + "/" + name, into: &files, total: &total, limit: limit)
            } else if info.st_mode & S_IFMT == S_IFREG {
                total += Int(info.st_size)
                guard total <= limit else { throw LoadError(description: "static files exceed \(limit) bytes") }
                files[prefix + "/" + name] = (contentType(forName: name), try readFile(fullPath))
            }
        }
    }

    private static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LoadError(description: "cannot read \(path)") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { throw LoadError(description: "cannot read \(path)") }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }
}
