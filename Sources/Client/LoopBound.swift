/// A value that only one event loop's thread reads or writes, held by an object other threads
/// share. Those threads only pass the box to `loop.execute`; the closure touches `value` there.
final class LoopBound<Value>: @unchecked Sendable {
    // @unchecked: by contract, `value` is touched only on the owning loop's thread.
    var value: Value

    init(_ value: Value) { self.value = value }
}
