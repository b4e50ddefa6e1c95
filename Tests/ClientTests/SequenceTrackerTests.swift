import Client
import Testing

/// `seq` tracking: in order, duplicates, gaps, unsequenced messages and new sessions.
struct SequenceTrackerTests {
    @Test func consecutiveSeqsAreInOrderAndAdvanceLastSeq() {
        var tracker = SequenceTracker()
        #expect(tracker.received(seq: 1) == .inOrder)
        #expect(tracker.received(seq: 2) == .inOrder)
        #expect(tracker.lastSeq == 2)
    }

    @Test func unsequencedMessagesLeaveLastSeqAlone() {
        var tracker = SequenceTracker(lastSeq: 4)
        #expect(tracker.received(seq: nil) == .unsequenced)
        #expect(tracker.lastSeq == 4)
    }

    @Test func seqAtOrBelowLastSeqIsADuplicateAndIsNotCounted() {
        var tracker = SequenceTracker(lastSeq: 7)
        #expect(tracker.received(seq: 7) == .duplicate)
        #expect(tracker.received(seq: 3) == .duplicate)
        #expect(tracker.lastSeq == 7)
    }

    @Test func skippedSeqIsAGapAndTrackingContinuesFromTheNewNumber() {
        var tracker = SequenceTracker(lastSeq: 2)
        #expect(tracker.received(seq: 5) == .gap(expected: 3, received: 5))
        #expect(tracker.lastSeq == 5)
        #expect(tracker.received(seq: 6) == .inOrder)
    }

    @Test func resumedTrackerExpectsTheMessageAfterLastSeq() {
        var tracker = SequenceTracker(lastSeq: 41)
        #expect(tracker.received(seq: 42) == .inOrder)
    }

    @Test func resetStartsANewSessionAtOne() {
        var tracker = SequenceTracker(lastSeq: 90)
        tracker.reset()
        #expect(tracker.received(seq: 1) == .inOrder)
    }
}
