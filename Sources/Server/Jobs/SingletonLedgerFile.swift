import Glibc
import Singleton

/// The singleton's ledger on disk: `<data-dir>/singleton.ledger`, replaced atomically.
///
/// Why the care: the ledger holds the fencing tokens this node promised and the commits it
/// accepted; the protocol is safe only if no answer leaves before what it promises is on disk
/// (Paxos acceptors must not forget). So a write is temp file, `fsync`, `rename`, `fsync` of the
/// directory (the rename itself is only durable once the directory is synced), and a torn or
/// unreadable file is a startup error, never an empty ledger.
struct SingletonLedgerFile {
    let path: String
    let directory: String
    var temporaryPath: String { path + ".tmp" }

    init(directory: String) {
        self.directory = directory
        path = directory + "/singleton.ledger"
    }

    /// The stored ledger; an empty one when the file does not exist (a node's first start).
    func load() throws(SingletonLedgerFileError) -> SlotLedger {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return SlotLedger() }
            throw .system(operation: "open", path: path, errno: errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(operation: "read", path: path, errno: errno)
            }
            if count == 0 { break }
            bytes += buffer[..<count]
            if bytes.count > SlotLedger.maxEncodedBytes { throw .corrupt(path: path, why: "larger than \(SlotLedger.maxEncodedBytes) bytes") }
        }
        switch SlotLedger.decode(bytes) {
        case .success(let ledger): return ledger
        case .failure(let error): throw .corrupt(path: path, why: "\(error)")
        }
    }

    /// Replaces the stored ledger with `bytes`, durably, before returning.
    func store(_ bytes: [UInt8]) throws(SingletonLedgerFileError) {
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .system(operation: "open", path: temporaryPath, errno: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = errno
                close(fd)
                throw .system(operation: "write", path: temporaryPath, errno: error)
            }
            written += count
        }
        if fsync(fd) != 0 {
            let error = errno
            close(fd)
            throw .system(operation: "fsync", path: temporaryPath, errno: error)
        }
        close(fd)
        guard rename(temporaryPath, path) == 0 else { throw .system(operation: "rename", path: path, errno: errno) }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else { throw .system(operation: "open", path: directory, errno: errno) }
        defer { close(directoryFD) }
        guard fsync(directoryFD) == 0 else { throw .system(operation: "fsync", path: directory, errno: errno) }
    }
}

/// Why the singleton ledger could not be read or written.
public enum SingletonLedgerFileError: Error, CustomStringConvertible {
    /// A system call failed on the file.
    case system(operation: String, path: String, errno: Int32)
    /// The file exists but does not hold a ledger.
    case corrupt(path: String, why: String)

    public var description: String {
        switch self {
        case .system(let operation, let path, let errno):
            "singleton ledger: \(operation) \(path) failed: \(String(cString: strerror(errno)))"
        case .corrupt(let path, let why):
            "singleton ledger \(path) is unreadable (\(why)). It holds this node's fencing promises: restore it "
                + "from a backup, or, if it is lost, start this node under a new --node-name (a node that "
                + "forgets its ledger could let a slot commit twice)."
        }
    }
}
