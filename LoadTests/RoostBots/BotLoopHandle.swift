import Reactor

/// A `BotLoop` handed between threads; only its loop's thread touches the inside.
final class BotLoopHandle: @unchecked Sendable {
    // @unchecked: `value` is only used inside closures run by `value.loop`.
    let value: BotLoop

    init(_ value: BotLoop) { self.value = value }

    /// Runs `body` on the loop and waits for its result.
    func sync<T: Sendable>(_ body: @escaping @Sendable (BotLoop) -> T) -> T {
        let latch = Latch(count: 1)
        let box = ResultBox<T>()
        value.loop.execute {
            box.value = body(self.value)
            latch.countDown()
        }
        latch.wait()
        return box.value!
    }

    /// Runs `body` on the loop without waiting.
    func async(_ body: @escaping @Sendable (BotLoop) -> Void) {
        value.loop.execute { body(self.value) }
    }
}

/// A result written on a loop's thread and read after the latch that follows it.
private final class ResultBox<T>: @unchecked Sendable {
    // @unchecked: written once before `Latch.countDown`, read after `Latch.wait`.
    var value: T?
}
