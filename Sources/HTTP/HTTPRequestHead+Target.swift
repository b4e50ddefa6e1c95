extension HTTPRequestHead {
    /// The target's path without the query: `/a/b` for `/a/b?c`, and for absolute-form `http://h/a?b`, `/a`
    /// (`/` when it has none). Asterisk- and authority-form targets are returned whole. Percent-escapes are
    /// left as received; decoding and `..` checks belong to whoever maps paths to files.
    public var path: Substring {
        let bytes = target.utf8
        var start = bytes.startIndex
        if bytes.first != ASCII.slash {
            guard let authority = Self.authorityStart(of: target) else { return target[...] }
            guard let pathStart = bytes[authority...].firstIndex(where: { $0 == ASCII.slash || $0 == ASCII.questionMark }),
                  bytes[pathStart] == ASCII.slash
            else { return "/" }
            start = pathStart
        }
        let end = bytes[start...].firstIndex(of: ASCII.questionMark) ?? bytes.endIndex
        return target[start..<end]
    }

    /// The query after the first `?`, without it; nil when the target has no `?`.
    public var query: Substring? {
        guard let mark = target.utf8.firstIndex(of: ASCII.questionMark) else { return nil }
        return target[target.utf8.index(after: mark)...]
    }

    /// Where the authority begins in an absolute-form target (after `scheme://`), or nil for other forms.
    private static func authorityStart(of target: String) -> String.Index? {
        let bytes = target.utf8
        guard let colon = bytes.firstIndex(of: ASCII.colon) else { return nil }
        let rest = bytes[bytes.index(after: colon)...]
        guard rest.starts(with: "//".utf8) else { return nil }
        return bytes.index(rest.startIndex, offsetBy: 2)
    }
}
