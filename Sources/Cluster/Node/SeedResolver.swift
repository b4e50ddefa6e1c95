import Glibc

/// Resolves a seed DNS name to `host:port` seeds on a thread of its own, because getaddrinfo blocks
/// (for seconds when a resolver is down) and the node's loop must not.
enum SeedResolver {
    /// The outcome of one look-up: the addresses as sorted, de-duplicated `host:port` strings
    /// (IPv6 in brackets), or why it failed.
    typealias Outcome = Result<[String], SeedResolutionError>

    /// Looks `name` up on a new detached thread and hands the outcome to `completion` on that thread.
    static func resolve(_ name: String, port: Int, completion: @escaping @Sendable (Outcome) -> Void) {
        let job = Unmanaged.passRetained(Job(name: name, port: port, completion: completion)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            job.completion(SeedResolver.resolveNow(job.name, port: job.port))
            return nil
        }, job)
        guard created == 0 else {
            let job = Unmanaged<Job>.fromOpaque(job).takeRetainedValue()
            job.completion(.failure(SeedResolutionError(description: "cannot start a resolver thread (errno \(created))")))
            return
        }
        pthread_detach(thread)
    }

    /// The blocking look-up: A and AAAA records of `name`, each with `port`.
    static func resolveNow(_ name: String, port: Int) -> Outcome {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, String(port), &hints, &list)
        guard status == 0 else { return .failure(SeedResolutionError(description: String(cString: gai_strerror(status)))) }
        defer { freeaddrinfo(list) }
        var seeds: Set<String> = []
        var cursor = list
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let named = getnameinfo(
                entry.pointee.ai_addr, entry.pointee.ai_addrlen, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST)
            guard named == 0 else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            seeds.insert(ClusterPeerAddress(host: text, port: port).hostPort)
        }
        return seeds.isEmpty ? .failure(SeedResolutionError(description: "no addresses")) : .success(seeds.sorted())
    }

    private final class Job: Sendable {
        let name: String
        let port: Int
        let completion: @Sendable (Outcome) -> Void

        init(name: String, port: Int, completion: @escaping @Sendable (Outcome) -> Void) {
            self.name = name
            self.port = port
            self.completion = completion
        }
    }
}

/// Why a seed DNS name did not resolve (getaddrinfo's message).
struct SeedResolutionError: Error, Hashable, Sendable, CustomStringConvertible {
    var description: String
}
