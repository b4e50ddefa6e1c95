import Testing

@testable import Cluster

@Suite struct TopicSequenceTests {
    @Test func subscribersSeeGapsAndDuplicatesPerPublisherAndTopic() {
        var publisher = TopicSequence()
        var subscriber = TopicSequence()
        let numbers = (0..<4).map { _ in publisher.nextNumber(topic: "lobby") }
        #expect(numbers == [1, 2, 3, 4])
        #expect(publisher.nextNumber(topic: "chat") == 1)
        let arrivals = [1, 2, 4, 4, 3].map {
            subscriber.arrived(publisher: "a", incarnation: 1, topic: "lobby", number: UInt64($0))
        }
        #expect(arrivals == [.inOrder, .inOrder, .afterGap(missed: 1), .duplicate, .duplicate])
        #expect(subscriber.arrived(publisher: "b", incarnation: 1, topic: "lobby", number: 7) == .inOrder)
        // A restarted publisher starts a new sequence.
        #expect(subscriber.arrived(publisher: "a", incarnation: 2, topic: "lobby", number: 1) == .inOrder)
    }
}
