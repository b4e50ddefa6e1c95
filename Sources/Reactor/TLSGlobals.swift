import COpenSSL

/// Process-wide settings the TLS transport depends on.
public enum TLSGlobals {
    /// Ignores SIGPIPE for the whole process; call once at startup, before
    /// any `TLSSession` writes. OpenSSL writes with write(2), not
    /// send(MSG_NOSIGNAL), so writing to a connection the peer has reset would
    /// otherwise kill the process instead of returning EPIPE.
    public static func ignoreSIGPIPE() { copenssl_ignore_sigpipe() }
}
