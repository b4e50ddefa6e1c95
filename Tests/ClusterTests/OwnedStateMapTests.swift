import Testing

@testable import Cluster

@Suite struct OwnedStateMapTests {
    typealias Map = OwnedStateMap<String>

    @Test func deltasReplicateAnOriginsEntriesInOrder() {
        var a = Map(localOrigin: "a", incarnation: 1)
        var b = Map(localOrigin: "b", incarnation: 1)
        let first = a.set("ada", "in lobby")
        let second = a.set("ada", "in g-1")
        #expect(b.apply(first) == .changed([.upserted(key: "ada", value: "in lobby", origin: "a")]))
        #expect(b.apply(second) == .changed([.upserted(key: "ada", value: "in g-1", origin: "a")]))
        #expect(b.apply(first) == .stale)
        #expect(b.entry("ada")?.value == "in g-1")
        #expect(b.entry("ada")?.origin == "a")
        let removal = a.remove("ada")!
        #expect(b.apply(removal) == .changed([.removed(key: "ada", value: "in g-1", origin: "a")]))
        #expect(a.remove("ada") == nil)
    }

    @Test func aMissedDeltaAsksForASnapshot() {
        var a = Map(localOrigin: "a", incarnation: 1)
        var b = Map(localOrigin: "b", incarnation: 1)
        _ = b.apply(a.set("x", "1"))
        _ = a.set("y", "2")  // lost
        let third = a.set("z", "3")
        #expect(b.apply(third) == .gap(origin: "a"))
        let changes = b.apply(snapshot: a.localSnapshot, of: "a")
        #expect(changes.map(\.key) == ["y", "z"])
        #expect(b.parts["a"] == a.localSnapshot)
        // An older snapshot arriving late changes nothing.
        #expect(b.apply(snapshot: Map.Part(incarnation: 1, version: 1, entries: ["x": "1"]), of: "a").isEmpty)
    }

    @Test func aRestartedOriginReplacesItsOldEntriesWhole() {
        var old = Map(localOrigin: "a", incarnation: 1)
        var b = Map(localOrigin: "b", incarnation: 1)
        _ = b.apply(old.set("ghost", "online"))
        var restarted = Map(localOrigin: "a", incarnation: 2)
        let fresh = restarted.set("ada", "online")
        #expect(b.apply(fresh) == .changed([
            .upserted(key: "ada", value: "online", origin: "a"), .removed(key: "ghost", value: "online", origin: "a"),
        ]))
        // The old life's late delta is ignored.
        #expect(b.apply(old.set("zombie", "online")) == .stale)
        #expect(b.entry("ghost") == nil && b.entry("zombie") == nil)
    }

    @Test func aDeadOriginsEntriesAreDropped() {
        var a = Map(localOrigin: "a", incarnation: 1)
        var b = Map(localOrigin: "b", incarnation: 1)
        _ = b.apply(a.write(upserts: ["p1": "x", "p2": "y"], removals: []))
        let dropped = b.removeOrigin("a")
        #expect(Set(dropped.map(\.key)) == ["p1", "p2"])
        #expect(b.all.isEmpty)
        #expect(b.removeOrigin("b").isEmpty)  // never its own
    }

    @Test func anUnknownOriginsLaterDeltaNeedsASnapshot() {
        var a = Map(localOrigin: "a", incarnation: 1)
        var c = Map(localOrigin: "c", incarnation: 1)
        _ = a.set("1", "x")
        #expect(c.apply(a.set("2", "y")) == .gap(origin: "a"))
    }
}
