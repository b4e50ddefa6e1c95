import Protocol

extension BlockingRoostClient {
    /// Sends `message` with the next cid and waits for the reply carrying that cid (an `error`
    /// included: it is returned, not thrown). Other events stay buffered for `next`.
    public func request(_ message: ClientMessage, timeout: Duration = .seconds(5)) throws(RoostClientError)
        -> ReceivedMessage
    {
        let cid = nextCid()
        send(message, cid: cid)
        return try waitForMessage(timeout: timeout, describing: "the reply to \(message.type) (cid \(cid))") {
            $0.cid == cid
        }
    }

    /// Waits for the next message of type `type` (`"game.started"`); earlier messages of other
    /// types stay buffered for `next`.
    public func waitFor(type: String, timeout: Duration = .seconds(5)) throws(RoostClientError) -> ReceivedMessage {
        try waitForMessage(timeout: timeout, describing: type) { $0.type == type }
    }

    /// Waits for the first message that `matches`; others stay buffered for `next`. Throws when
    /// the connection ends or `timeout` passes first.
    public func waitForMessage(
        timeout: Duration = .seconds(5), describing what: String = "a matching message",
        _ matches: (ReceivedMessage) -> Bool
    ) throws(RoostClientError) -> ReceivedMessage {
        let outcome = inbox.wait(timeout: timeout) { state -> Result<ReceivedMessage, RoostClientError>? in
            if let index = state.events.firstIndex(where: { $0.message.map(matches) ?? false }),
                let message = state.events.remove(at: index).message
            {
                return .success(message)
            }
            if let close = state.closed { return .failure(.closed(close)) }
            return nil
        }
        switch outcome {
        case .success(let message)?: return message
        case .failure(let error)?: throw error
        case nil: throw .timedOut(waitingFor: what)
        }
    }

    /// Waits until the server closes the connection (or it drops) and returns how; events before
    /// the close stay buffered.
    public func waitForClose(timeout: Duration = .seconds(5)) throws(RoostClientError) -> ConnectionClose {
        guard let close = inbox.wait(timeout: timeout, { $0.closed }) else {
            throw .timedOut(waitingFor: "the connection to close")
        }
        return close
    }

    /// Sends `hello` and waits for `welcome`. `token` logs the session in; `resume` continues an
    /// earlier session (needs `token`). Throws `.refused` when the server answers with an error.
    @discardableResult
    public func hello(
        capabilities: [Capability] = [.resume], token: String? = nil, resume: ClientMessage.ResumeRequest? = nil,
        timeout: Duration = .seconds(5)
    ) throws(RoostClientError) -> ServerMessage.Welcome {
        let hello = ClientMessage.Hello(client: client, capabilities: capabilities, token: token, resume: resume)
        let reply = try request(.hello(hello), timeout: timeout)
        switch reply.message {
        case .welcome(_, let welcome): return welcome
        case .error(let error): throw .refused(error)
        default: throw .unexpectedReply(expected: ServerMessage.MessageType.welcome, received: reply.type)
        }
    }

    /// Logs in as a guest named `name` and waits for `login.ok`; the token is kept in `token`.
    @discardableResult
    public func login(name: String, timeout: Duration = .seconds(5)) throws(RoostClientError) -> PlayerInfo {
        let reply = try request(.login(name: name), timeout: timeout)
        switch reply.message {
        case .loginOK(_, let player, _): return player
        case .error(let error): throw .refused(error)
        default: throw .unexpectedReply(expected: ServerMessage.MessageType.loginOK, received: reply.type)
        }
    }

    /// Opens a new connection to the same server and says `hello` with this client's token and,
    /// when `resuming`, a resume of its session from `lastSeq`: what a client does after a drop.
    /// Returns the new client (this one stays as it is) and its `welcome`.
    public func reconnect(resuming: Bool = true, timeout: Duration = .seconds(10)) throws(RoostClientError)
        -> (client: BlockingRoostClient, welcome: ServerMessage.Welcome)
    {
        let fresh = try BlockingRoostClient(url: url, on: sharedLoop, options: options, client: client, timeout: timeout)
        let welcome = try fresh.hello(token: token, resume: resuming ? resumeRequest : nil, timeout: timeout)
        return (fresh, welcome)
    }
}
